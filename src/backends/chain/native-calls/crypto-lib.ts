// CryptoLib (Neo 3.7, Cockatrice): hashes, and ECDSA verification with the node's NamedCurveHash enum —
// 22 secp256k1 + SHA-256, 23 secp256r1 + SHA-256, 122 secp256k1 + Keccak-256, 123 secp256r1 + Keccak-256. A
// signature that is not 64 bytes, or a key the node refuses with an ArgumentException, verifies false; a key it
// cannot decode FAULTs with the node's exception. The BLS12-381 methods are not emulated.
import type { NativeContractCalls } from './support.js';
import type { Curve } from './crypto-primitives.js';
import { createHash } from 'node:crypto';
import { sha256 } from '../bytes.js';
import { CRYPTO_LIB_HASH } from '../native-hashes.js';
import { decodePoint, keccak256, murmur32, PointError, SECP256K1, SECP256R1, verifyPrehashed } from './crypto-primitives.js';
import { methods, NativeFault, notEmulated, toBytesRequired, toInteger } from './support.js';
import { booleanItem, bytesItem } from '../stack-item.js';

/** NamedCurveHash → the curve and the hash of the message. */
const CURVE_HASHES = new Map<bigint, [Curve, (data: Buffer) => Buffer]>([
  [22n, [SECP256K1, sha256]],
  [23n, [SECP256R1, sha256]],
  [122n, [SECP256K1, keccak256]],
  [123n, [SECP256R1, keccak256]],
]);

export function verifyWithECDsa(message: Buffer, publicKey: Buffer, signature: Buffer, curveHash: bigint): boolean {
  const entry = CURVE_HASHES.get(curveHash);
  if (!entry) throw new NativeFault(`The given key '${curveHash}' was not present in the dictionary.`);
  const [curve, hash] = entry;
  let point: [bigint, bigint];
  try {
    point = decodePoint(publicKey, curve);
  } catch (error) {
    if (error instanceof PointError) {
      if (error.argumentException) return false;
      throw new NativeFault(error.message);
    }
    throw error;
  }
  // The key is decoded first, then a signature that is not 64 bytes verifies false (verifyPrehashed).
  return verifyPrehashed(hash(message), signature, point, curve);
}

const identity = { name: 'CryptoLib', hash: CRYPTO_LIB_HASH };

function bls(method: string): never {
  return notEmulated(identity, method, 'its BLS12-381 curve operations are not implemented here');
}

export const CRYPTO_LIB: NativeContractCalls = {
  ...identity,
  methods: methods([
    ['bls12381Add', ['x', 'y'], 1 << 19, () => bls('bls12381Add')],
    ['bls12381Deserialize', ['data'], 1 << 19, () => bls('bls12381Deserialize')],
    ['bls12381Equal', ['x', 'y'], 1 << 5, () => bls('bls12381Equal')],
    ['bls12381Mul', ['x', 'mul', 'neg'], 1 << 21, () => bls('bls12381Mul')],
    ['bls12381Pairing', ['g1', 'g2'], 1 << 23, () => bls('bls12381Pairing')],
    ['bls12381Serialize', ['g'], 1 << 19, () => bls('bls12381Serialize')],
    ['keccak256', ['data'], 1 << 15, (_ctx, [data]) => bytesItem(keccak256(toBytesRequired(data)))],
    [
      'murmur32',
      ['data', 'seed'],
      1 << 13,
      (_ctx, [data, seed]) => {
        const bytes = toBytesRequired(data);
        return bytesItem(murmur32(bytes, Number(toInteger(seed, 'uint32'))));
      },
    ],
    ['ripemd160', ['data'], 1 << 15, (_ctx, [data]) => bytesItem(createHash('ripemd160').update(toBytesRequired(data)).digest())],
    ['sha256', ['data'], 1 << 15, (_ctx, [data]) => bytesItem(sha256(toBytesRequired(data)))],
    [
      'verifyWithECDsa',
      ['message', 'pubkey', 'signature', 'curveHash'],
      1 << 15,
      (_ctx, [message, pubkey, signature, curveHash]) => {
        const args = [toBytesRequired(message), toBytesRequired(pubkey), toBytesRequired(signature)] as const;
        return booleanItem(verifyWithECDsa(...args, toInteger(curveHash, 'byte')));
      },
    ],
  ]),
};
