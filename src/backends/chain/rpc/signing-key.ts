// The account that signs transactions sent to a node: its key from a WIF, and real secp256r1 ECDSA signatures.
import { createECDH, createPrivateKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DevAccount } from '../keys.js';
import { base58CheckDecode, base58CheckEncode } from '../base58.js';
import { accountFromKeyPair, keyPairFromPrivateKey } from '../keys.js';

const WIF_VERSION = 0x80;
const WIF_COMPRESSED = 0x01;
const CURVE_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const WIF_FORM = "a WIF private key: 52 base58 characters starting with 'K' or 'L' (as neo-cli's export key or neo-express show it)";

export interface SigningAccount {
  address: string;
  scriptHash: string;
  verificationScript: Buffer;
  /** A 64-byte ECDSA signature (r ‖ s, low s) of SHA-256(data). */
  sign(data: Uint8Array): Buffer;
}

/** The 32-byte private key of a WIF (0x80 ‖ key ‖ 0x01, Base58Check). The message never shows the WIF itself. */
export function privateKeyFromWif(wif: unknown): Buffer {
  const invalid = (problem: string) => new TypeError(`Invalid wif: ${problem}; expected ${WIF_FORM}`);
  if (typeof wif !== 'string' || wif.trim() === '') throw invalid(typeof wif === 'string' ? 'it is empty' : `expected a string, got ${typeof wif}`);
  let payload: Buffer;
  try {
    payload = base58CheckDecode(wif.trim());
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (payload.length !== 34 || payload[0] !== WIF_VERSION || payload[33] !== WIF_COMPRESSED) {
    throw invalid(`it decodes to ${payload.length} bytes, not 0x80 + a 32-byte key + 0x01`);
  }
  const key = payload.subarray(1, 33);
  const value = BigInt('0x' + key.toString('hex'));
  if (value === 0n || value >= CURVE_ORDER) throw invalid('the key is outside the secp256r1 range');
  return Buffer.from(key);
}

export function wifFromPrivateKey(privateKey: Uint8Array): string {
  return base58CheckEncode(Buffer.concat([Buffer.from([WIF_VERSION]), Buffer.from(privateKey), Buffer.from([WIF_COMPRESSED])]));
}

function privateKeyObject(privateKey: Buffer): KeyObject {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  const point = ecdh.getPublicKey(null, 'uncompressed');
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: privateKey.toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
  });
}

/** s > n/2 → n - s: both verify; the low form is the canonical one. */
function lowS(signature: Buffer): Buffer {
  const s = BigInt('0x' + signature.subarray(32).toString('hex'));
  if (s <= CURVE_ORDER / 2n) return signature;
  const low = Buffer.from((CURVE_ORDER - s).toString(16).padStart(64, '0'), 'hex');
  return Buffer.concat([signature.subarray(0, 32), low]);
}

export function signingAccountFromWif(wif: unknown): SigningAccount {
  const privateKey = privateKeyFromWif(wif);
  const account: DevAccount = accountFromKeyPair(keyPairFromPrivateKey(privateKey));
  const key = privateKeyObject(privateKey);
  return {
    address: account.address,
    scriptHash: account.scriptHash,
    verificationScript: account.verificationScript,
    sign: (data) => lowS(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
  };
}
