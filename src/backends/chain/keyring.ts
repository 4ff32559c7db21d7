// The keys a chain derives from its seed: the seeded accounts and the single validator (consensus node).
import type { DevAccount, KeyPair } from './keys.js';
import { hash160 } from './bytes.js';
import { scriptHashFromBytes, scriptHashToAddress } from './address.js';
import { deriveAccounts, deriveKeyPair } from './keys.js';
import { multiSigVerificationScript } from './script-builder.js';

export interface Keyring {
  seed: string;
  accounts: DevAccount[];
  byScriptHash: Map<string, DevAccount>;
  validator: KeyPair;
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
    consensusScript,
    consensusScriptHash,
    consensusAddress: scriptHashToAddress(consensusScriptHash),
  };
}
