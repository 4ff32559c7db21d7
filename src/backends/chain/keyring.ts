// The keys a chain derives from its seed: the seeded accounts and the single validator (consensus node).
import type { DevAccount, KeyPair } from './keys.js';
import { hash160 } from './bytes.js';
import { scriptHashFromBytes, scriptHashToAddress } from './address.js';
import { deriveAccounts, deriveKeyPair } from './keys.js';
import { multiSigVerificationScript, signatureVerificationScript } from './script-builder.js';

export interface Keyring {
  seed: string;
  accounts: DevAccount[];
  byScriptHash: Map<string, DevAccount>;
  validator: KeyPair;
  /** The validator key's single-signature account: where a node pays the primary's fees and the committee reward. */
  validatorAccount: string;
  /** The 1-of-1 multi-signature script of the validator (the block witness' verification script). */
  consensusScript: Buffer;
  consensusScriptHash: string;
  /** Blocks' `nextconsensus`. */
  consensusAddress: string;
}

export function createKeyring(seed: string, accountCount: number): Keyring {
  const accounts = deriveAccounts(seed, accountCount);
  const validator = deriveKeyPair(seed, 'validator');
  const consensusScript = multiSigVerificationScript(1, [validator.publicKey]);
  const consensusScriptHash = scriptHashFromBytes(hash160(consensusScript));
  return {
    seed,
    accounts,
    byScriptHash: new Map(accounts.map((a) => [a.scriptHash, a])),
    validator,
    validatorAccount: scriptHashFromBytes(hash160(signatureVerificationScript(validator.publicKey))),
    consensusScript,
    consensusScriptHash,
    consensusAddress: scriptHashToAddress(consensusScriptHash),
  };
}
