// Deterministic secp256r1 key pairs for the local chain's accounts and its validator.
// The keys are not secrets: anyone with the seed can derive them, as with any dev chain.
import { createECDH } from 'node:crypto';
import { hash160, sha256 } from './bytes.js';
import { scriptHashFromBytes, scriptHashToAddress } from './address.js';
import { signatureInvocationScript, signatureVerificationScript } from './script-builder.js';

/** The order of the secp256r1 group: a private key is in [1, n - 1]. */
const CURVE_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export interface KeyPair {
  privateKey: Buffer;
  /** Compressed (33 bytes). */
  publicKey: Buffer;
}

export interface DevAccount {
  address: string;
  scriptHash: string;
  /** Compressed public key, hex. */
  publicKey: string;
  /** Private key, hex. */
  privateKey: string;
  verificationScript: Buffer;
}

export function keyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKey));
  return { privateKey: Buffer.from(privateKey), publicKey: ecdh.getPublicKey(null, 'compressed') };
}

/** sha256("neosl:<seed>:<label>[:<retry>]"), retried in the (vanishingly rare) case it is not a valid key. */
export function deriveKeyPair(seed: string, label: string): KeyPair {
  for (let retry = 0; ; retry++) {
    const candidate = sha256(Buffer.from(`neosl:${seed}:${label}${retry ? `:${retry}` : ''}`, 'utf8'));
    const value = BigInt('0x' + candidate.toString('hex'));
    if (value > 0n && value < CURVE_ORDER) return keyPairFromPrivateKey(candidate);
  }
}

export function accountFromKeyPair(pair: KeyPair): DevAccount {
  const verificationScript = signatureVerificationScript(pair.publicKey);
  const scriptHash = scriptHashFromBytes(hash160(verificationScript));
  return {
    address: scriptHashToAddress(scriptHash),
    scriptHash,
    publicKey: pair.publicKey.toString('hex'),
    privateKey: pair.privateKey.toString('hex'),
    verificationScript,
  };
}

/** The seeded accounts: account i has the key derived from (seed, "account/i"). */
export function deriveAccounts(seed: string, count: number): DevAccount[] {
  return Array.from({ length: count }, (_, i) => accountFromKeyPair(deriveKeyPair(seed, `account/${i}`)));
}

/**
 * A deterministic 64-byte stand-in for an ECDSA signature of `message` (Node's ECDSA is randomised, and the
 * chain's JSON must be reproducible). It has a signature's shape and size, not its validity.
 */
export function placeholderSignature(privateKey: Uint8Array, message: Uint8Array): Buffer {
  return Buffer.concat([sha256(Buffer.concat([privateKey, message])), sha256(Buffer.concat([message, privateKey]))]);
}

export function placeholderInvocationScript(privateKey: Uint8Array, message: Uint8Array): Buffer {
  return signatureInvocationScript(placeholderSignature(privateKey, message));
}
