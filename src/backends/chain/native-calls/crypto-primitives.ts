// The primitives CryptoLib needs that node:crypto lacks: Keccak-256 (the original padding, not SHA3-256),
// MurmurHash3 x86_32 (Neo's Murmur32: the hash little-endian), and ECDSA verification of a prehashed message on
// secp256r1 and secp256k1 with the node's point decoding (ECPoint.DecodePoint and its exceptions).

// ---- Keccak-256 ----

const ROUND_CONSTANTS: readonly [number, number][] = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn, 0x0000000080000001n,
  0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n, 0x0000000080008009n, 0x000000008000000an,
  0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n, 0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n,
  0x000000000000800an, 0x800000008000000an, 0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
].map((rc) => [Number(rc & 0xffffffffn), Number(rc >> 32n)]);

/** Rotation offsets r[x + 5y]. */
const ROTATIONS = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

/** Keccak-f[1600] on 25 lanes held as (lo, hi) 32-bit halves: state[2i] = lo, state[2i + 1] = hi. */
function keccakF(state: Uint32Array): void {
  const c = new Uint32Array(10);
  const b = new Uint32Array(50);
  for (const [rcLo, rcHi] of ROUND_CONSTANTS) {
    // θ
    for (let x = 0; x < 5; x++) {
      c[2 * x] = state[2 * x]! ^ state[2 * x + 10]! ^ state[2 * x + 20]! ^ state[2 * x + 30]! ^ state[2 * x + 40]!;
      c[2 * x + 1] = state[2 * x + 1]! ^ state[2 * x + 11]! ^ state[2 * x + 21]! ^ state[2 * x + 31]! ^ state[2 * x + 41]!;
    }
    for (let x = 0; x < 5; x++) {
      const nextLo = c[2 * ((x + 1) % 5)]!;
      const nextHi = c[2 * ((x + 1) % 5) + 1]!;
      const dLo = c[2 * ((x + 4) % 5)]! ^ ((nextLo << 1) | (nextHi >>> 31));
      const dHi = c[2 * ((x + 4) % 5) + 1]! ^ ((nextHi << 1) | (nextLo >>> 31));
      for (let y = 0; y < 25; y += 5) {
        state[2 * (x + y)] ^= dLo;
        state[2 * (x + y) + 1] ^= dHi;
      }
    }
    // ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const lo = state[2 * (x + 5 * y)]!;
        const hi = state[2 * (x + 5 * y) + 1]!;
        const r = ROTATIONS[x + 5 * y]!;
        let outLo: number;
        let outHi: number;
        if (r === 0) {
          outLo = lo;
          outHi = hi;
        } else if (r < 32) {
          outLo = (lo << r) | (hi >>> (32 - r));
          outHi = (hi << r) | (lo >>> (32 - r));
        } else if (r === 32) {
          outLo = hi;
          outHi = lo;
        } else {
          const m = r - 32;
          outLo = (hi << m) | (lo >>> (32 - m));
          outHi = (lo << m) | (hi >>> (32 - m));
        }
        const target = y + 5 * ((2 * x + 3 * y) % 5);
        b[2 * target] = outLo;
        b[2 * target + 1] = outHi;
      }
    }
    // χ
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const i = 2 * (x + y);
        const i1 = 2 * (((x + 1) % 5) + y);
        const i2 = 2 * (((x + 2) % 5) + y);
        state[i] = b[i]! ^ (~b[i1]! & b[i2]!);
        state[i + 1] = b[i + 1]! ^ (~b[i1 + 1]! & b[i2 + 1]!);
      }
    }
    // ι
    state[0] ^= rcLo;
    state[1] ^= rcHi;
  }
}

export function keccak256(data: Uint8Array): Buffer {
  const rate = 136;
  const padded = Buffer.alloc((Math.floor(data.length / rate) + 1) * rate);
  padded.set(data);
  padded[data.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  const state = new Uint32Array(50);
  for (let offset = 0; offset < padded.length; offset += rate) {
    for (let i = 0; i < rate / 4; i++) state[i] ^= padded.readUInt32LE(offset + 4 * i);
    keccakF(state);
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) out.writeUInt32LE(state[i]!, 4 * i);
  return out;
}

// ---- Murmur32 ----

/** MurmurHash3 x86_32 of `data` with `seed`, the 32-bit hash written little-endian (Neo's Murmur32). */
export function murmur32(data: Uint8Array, seed: number): Buffer {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
  let h = seed >>> 0;
  const blocks = Math.floor(data.length / 4);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < blocks; i++) {
    let k = view.readUInt32LE(4 * i);
    k = Math.imul(k, c1);
    k = rotl(k, 15);
    k = Math.imul(k, c2);
    h ^= k;
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = 4 * blocks;
  const rest = data.length & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= data[tail + 2]! << 16;
    if (rest >= 2) k ^= data[tail + 1]! << 8;
    k ^= data[tail]!;
    k = Math.imul(k, c1);
    k = rotl(k, 15);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  const out = Buffer.alloc(4);
  out.writeUInt32LE(h >>> 0);
  return out;
}

// ---- ECDSA (prehashed) on secp256r1 / secp256k1 ----

export interface Curve {
  name: 'secp256r1' | 'secp256k1';
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  g: [bigint, bigint];
}

export const SECP256R1: Curve = {
  name: 'secp256r1',
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  g: [0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n],
};

export const SECP256K1: Curve = {
  name: 'secp256k1',
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
  a: 0n,
  b: 7n,
  n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  g: [0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n, 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n],
};

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Modular inverse for a prime modulus (Fermat). */
function modInverse(a: bigint, m: bigint): bigint {
  return modPow(a, m - 2n, m);
}

function bigEndian(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

/** Why a public key is refused: the node's exception (a FAULT) or an ArgumentException (verifyWithECDsa answers false). */
export class PointError extends Error {
  constructor(
    message: string,
    readonly argumentException: boolean,
  ) {
    super(message);
  }
}

/** ECPoint.DecodePoint: compressed (02/03 + X) or uncompressed (04 + X + Y) encodings of a curve point. */
export function decodePoint(encoded: Uint8Array, curve: Curve): [bigint, bigint] {
  if (encoded.length === 0) throw new PointError('Index was outside the bounds of the array.', false);
  const prefix = encoded[0]!;
  const { p, a, b } = curve;
  const rhs = (x: bigint) => mod(x * x * x + a * x + b, p);
  if (prefix === 0x02 || prefix === 0x03) {
    if (encoded.length !== 33) throw new PointError('Incorrect length for compressed encoding', false);
    const x = bigEndian(encoded.subarray(1));
    if (x >= p) throw new PointError('x value too large in field element', true);
    const alpha = rhs(x);
    // p ≡ 3 (mod 4) for both curves: the square root is alpha^((p + 1) / 4).
    let y = modPow(alpha, (p + 1n) / 4n, p);
    if ((y * y) % p !== alpha) throw new PointError('Invalid point compression', false);
    if ((y & 1n) !== BigInt(prefix & 1)) y = p - y;
    return [x, y];
  }
  if (prefix === 0x04) {
    if (encoded.length !== 65) throw new PointError('Incorrect length for uncompressed/hybrid encoding', false);
    const x = bigEndian(encoded.subarray(1, 33));
    const y = bigEndian(encoded.subarray(33));
    if (x >= p || y >= p) throw new PointError('x value too large in field element', true);
    // The node builds an ECDsa key of it, which refuses a point off the curve (a CryptographicException).
    if ((y * y) % p !== rhs(x)) throw new PointError('The specified public key is not a point on the curve.', false);
    return [x, y];
  }
  throw new PointError(`Invalid point encoding ${prefix}`, false);
}

type Jacobian = [bigint, bigint, bigint];
const INFINITY: Jacobian = [0n, 1n, 0n];

function double(point: Jacobian, curve: Curve): Jacobian {
  const [x, y, z] = point;
  const { p, a } = curve;
  if (z === 0n || y === 0n) return INFINITY;
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const zz = (z * z) % p;
  const m = mod(3n * x * x + a * zz * zz, p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  const z3 = (2n * y * z) % p;
  return [x3, y3, z3];
}

function add(p1: Jacobian, p2: Jacobian, curve: Curve): Jacobian {
  if (p1[2] === 0n) return p2;
  if (p2[2] === 0n) return p1;
  const { p } = curve;
  const [x1, y1, z1] = p1;
  const [x2, y2, z2] = p2;
  const z1z1 = (z1 * z1) % p;
  const z2z2 = (z2 * z2) % p;
  const u1 = (x1 * z2z2) % p;
  const u2 = (x2 * z1z1) % p;
  const s1 = (((y1 * z2) % p) * z2z2) % p;
  const s2 = (((y2 * z1) % p) * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? double(p1, curve) : INFINITY;
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = (h * h) % p;
  const hhh = (h * hh) % p;
  const v = (u1 * hh) % p;
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  const z3 = (((z1 * z2) % p) * h) % p;
  return [x3, y3, z3];
}

/** u1·G + u2·Q (Shamir's trick), affine x, or undefined at infinity. */
function combinedX(u1: bigint, u2: bigint, q: [bigint, bigint], curve: Curve): bigint | undefined {
  const g: Jacobian = [curve.g[0], curve.g[1], 1n];
  const qj: Jacobian = [q[0], q[1], 1n];
  const gq = add(g, qj, curve);
  let acc = INFINITY;
  for (let bit = 255; bit >= 0; bit--) {
    acc = double(acc, curve);
    const a = (u1 >> BigInt(bit)) & 1n;
    const b = (u2 >> BigInt(bit)) & 1n;
    if (a && b) acc = add(acc, gq, curve);
    else if (a) acc = add(acc, g, curve);
    else if (b) acc = add(acc, qj, curve);
  }
  if (acc[2] === 0n) return undefined;
  const zInv = modInverse(acc[2], curve.p);
  return (acc[0] * zInv * zInv) % curve.p;
}

/** ECDSA verification of a 64-byte r ‖ s signature of a 32-byte message hash with the public key point `q`. */
export function verifyPrehashed(hash: Uint8Array, signature: Uint8Array, q: [bigint, bigint], curve: Curve): boolean {
  if (signature.length !== 64) return false;
  const { n } = curve;
  const r = bigEndian(signature.subarray(0, 32));
  const s = bigEndian(signature.subarray(32));
  if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
  const e = bigEndian(hash);
  const w = modInverse(s, n);
  const x = combinedX(mod(e * w, n), mod(r * w, n), q, curve);
  return x !== undefined && mod(x, n) === r;
}
