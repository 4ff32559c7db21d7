// Arguments checked as the in-process chain checks them (same RpcError -32602 messages), then put in the form a node parses.
import type { ContractParam } from '../../../sdk/blockchain-types.js';
import { normalizeHash256, normalizeScriptHash, parseAccount, SCRIPT_HASH_FORM } from '../address.js';
import { contractParamsToStackItems } from '../contract-param.js';
import { RpcError } from '../rpc-error.js';
// Signers (accounts as 0x script hashes, invokefunction's 4th parameter) and operation names, checked as the in-process chain checks them.
export { parseOperation as operationName, parseSigners as nodeSigners } from '../call-params.js';

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


/** A checked ContractParam in the JSON a node's ContractParameter.FromJson reads (hashes 0x, integers as strings, bytes base64). */
function nodeParam(param: ContractParam): ContractParam {
  const { type, value } = param;
  switch (type) {
    case 'Any':
      return { type };
    case 'Boolean':
      return { type, value: value === true || value === 'true' };
    case 'Integer':
      return { type, value: String(value) };
    case 'ByteArray':
    case 'Signature':
      return { type, value: value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value };
    case 'Hash160':
      return { type, value: parseAccount(value) };
    case 'Hash256':
      return { type, value: normalizeHash256(value) };
    case 'PublicKey':
      return { type, value: String(value).toLowerCase() };
    case 'Array':
      return { type, value: (value as ContractParam[]).map(nodeParam) };
    case 'Map':
      return {
        type,
        value: (value as { key: ContractParam; value: ContractParam }[]).map((entry) => ({ key: nodeParam(entry.key), value: nodeParam(entry.value) })),
      };
    default:
      return { type, value };
  }
}

/** Contract parameters, checked with the in-process chain's messages (`what[i]: …`), in the node's JSON. */
export function nodeContractParams(params: unknown, what = 'params'): ContractParam[] {
  contractParamsToStackItems(params, what);
  return ((params ?? []) as ContractParam[]).map(nodeParam);
}

