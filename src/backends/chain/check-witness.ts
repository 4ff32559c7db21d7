// Runtime.CheckWitness as the local chain answers it: which signers' scopes cover a call into a contract.
import type { Signer } from '../../sdk/blockchain-types.js';
import { signerScopes } from './serialization.js';

/** Runtime.CheckWitness for an account, as seen by a contract called directly from the entry script. */
export function hasWitness(signers: Signer[], account: string, contract: string): boolean {
  return signers.some((signer) => {
    if (signer.account !== account) return false;
    const scopes = signerScopes(signer);
    if (scopes.includes('Global') || scopes.includes('CalledByEntry') || scopes.includes('WitnessRules')) return true;
    return scopes.includes('CustomContracts') && (signer.allowedcontracts ?? []).includes(contract);
  });
}
