// Byte helpers for Neo N3 encodings: hashes, hex/base64, little-endian integers, var-length fields.
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Neo's Hash256: SHA-256 twice (checksums, Merkle tree nodes). */
export function hash256(data: Uint8Array): Buffer {
  return sha256(sha256(data));
}

/** Neo's Hash160: RIPEMD-160 of SHA-256 (script hashes). */
export function hash160(data: Uint8Array): Buffer {
  return createHash('ripemd160').update(sha256(data)).digest();
}

export function reversed(data: Uint8Array): Buffer {
  return Buffer.from(data).reverse();
}

export function isHex(value: string): boolean {
  return value.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(value);
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(value: string): boolean {
  return BASE64_RE.test(value);
}

/** Bytes needed by Neo's variable-length integer prefix. */
export function varIntSize(value: number): number {
  if (value < 0xfd) return 1;
  if (value <= 0xffff) return 3;
  if (value <= 0xffffffff) return 5;
  return 9;
}

/** Size of a var-bytes field (length prefix plus the bytes). */
export function varBytesSize(length: number): number {
  return varIntSize(length) + length;
}

/** Little-endian binary writer, Neo's BinaryWriter layout. */
export class BinaryWriter {
  private readonly chunks: Buffer[] = [];

  u8(value: number): this {
    this.chunks.push(Buffer.from([value & 0xff]));
    return this;
  }

  u16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(value);
    this.chunks.push(b);
    return this;
  }

  u32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0);
    this.chunks.push(b);
    return this;
  }

  u64(value: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(value);
    this.chunks.push(b);
    return this;
  }

  i64(value: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(value);
    this.chunks.push(b);
    return this;
  }

  varInt(value: number): this {
    if (value < 0xfd) return this.u8(value);
    if (value <= 0xffff) return this.u8(0xfd).u16(value);
    if (value <= 0xffffffff) return this.u8(0xfe).u32(value);
    return this.u8(0xff).u64(BigInt(value));
  }

  bytes(data: Uint8Array): this {
    this.chunks.push(Buffer.from(data));
    return this;
  }

  varBytes(data: Uint8Array): this {
    return this.varInt(data.length).bytes(data);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
