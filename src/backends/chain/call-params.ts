// The arguments of a contract call as both chains check them (the in-process one and the client of a
// real node): signers and the operation name, with the -32602 messages a Neo node would give.
import type { Signer } from '../../sdk/blockchain-types.js';
import { normalizeScriptHash, parseAccount } from './address.js';
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
