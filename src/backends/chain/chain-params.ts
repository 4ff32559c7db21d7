// The arguments of chain methods as both chains check them (the in-process one and the client of a
// real node): block keys, contract keys, signers, operation names, with the -32602 messages a Neo
// node would give.
import type { Signer } from '../../sdk/blockchain-types.js';
import { normalizeHash256, normalizeScriptHash, parseAccount, SCRIPT_HASH_FORM } from './address.js';
import { RpcError } from './rpc-error.js';
import { signerScopes } from './serialization.js';

/** Signers with checked accounts and scopes (default CalledByEntry). */
export function parseSigners(signers: unknown): Signer[] {
  if (signers === undefined || signers === null) return [];
  if (!Array.isArray(signers)) throw RpcError.invalidParams('signers: expected an array of { account, scopes }');
  const known = ['None', 'CalledByEntry', 'CustomContracts', 'CustomGroups', 'WitnessRules', 'Global'];
  return signers.map((s: unknown, i): Signer => {
    const signer = s as Partial<Signer> | null;
    if (!signer || typeof signer !== 'object') throw RpcError.invalidParams(`signers[${i}]: expected { account, scopes }`);
    const account = parseAccount(signer.account, `signers[${i}].account`);
    const scopes = signer.scopes ?? 'CalledByEntry';
    for (const scope of signerScopes({ scopes })) {
      if (!known.includes(scope)) throw RpcError.invalidParams(`signers[${i}].scopes: unknown witness scope "${scope}"; expected ${known.join(', ')}`);
    }
    const out: Signer = { account, scopes };
    if (signer.allowedcontracts) out.allowedcontracts = signer.allowedcontracts.map((c, j) => normalizeScriptHash(c, `signers[${i}].allowedcontracts[${j}]`));
    if (signer.allowedgroups) out.allowedgroups = [...signer.allowedgroups];
    return out;
  });
}

/** A method name such as "balanceOf". */
export function parseOperation(operation: unknown): string {
  if (typeof operation !== 'string' || operation === '') {
    throw RpcError.invalidParams(`Invalid operation ${JSON.stringify(operation)}: expected a method name such as "balanceOf"`);
  }
  return operation;
}

/** The native contracts a node's getcontractstate finds by name (case-insensitively). */
const NATIVE_CONTRACT_NAMES = [
  'ContractManagement', 'StdLib', 'CryptoLib', 'LedgerContract', 'NeoToken', 'GasToken',
  'PolicyContract', 'RoleManagement', 'OracleContract', 'Notary',
];

/** getblock's first parameter: a block index (number) or a 0x block hash. */
export function blockIndexOrHash(indexOrHash: unknown): number | string {
  const invalid = () =>
    RpcError.invalidParams(
      `Invalid block index or hash ${JSON.stringify(indexOrHash)}: expected a block index (an integer from 0) or a block hash (0x followed by 64 hex digits)`,
    );
  if (typeof indexOrHash === 'number') {
    if (!Number.isInteger(indexOrHash) || indexOrHash < 0 || indexOrHash > 0xffffffff) throw invalid();
    return indexOrHash;
  }
  if (typeof indexOrHash === 'string' && /^\d{1,10}$/.test(indexOrHash)) return blockIndexOrHash(Number(indexOrHash));
  if (typeof indexOrHash !== 'string') throw invalid();
  try {
    return normalizeHash256(indexOrHash);
  } catch {
    throw invalid();
  }
}

/** getcontractstate's parameter: a 0x contract hash, a native contract name, or a contract id. */
export function contractKey(key: unknown): string | number {
  const text = typeof key === 'number' ? String(key) : key;
  if (typeof text !== 'string' || text === '') {
    throw RpcError.invalidParams(`Invalid contract ${JSON.stringify(key)}: expected a contract hash (${SCRIPT_HASH_FORM}), a native contract name or an id`);
  }
  if (/^-?\d+$/.test(text)) return Number(text);
  const native = NATIVE_CONTRACT_NAMES.find((name) => name.toLowerCase() === text.toLowerCase());
  if (native) return native;
  try {
    return normalizeScriptHash(text, 'contract hash');
  } catch {
    throw RpcError.invalidParams(
      `Invalid contract ${JSON.stringify(text)}: expected a contract hash (${SCRIPT_HASH_FORM}), a native contract name (e.g. GasToken) or an id (e.g. -6)`,
    );
  }
}
