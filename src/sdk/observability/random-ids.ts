// Trace and span ids cut from a buffered block of random bytes, as crypto.randomUUID does: a
// synchronous randomBytes() per id was half of an instance's CPU time per invocation.
import { randomBytes } from 'node:crypto';

const BLOCK_BYTES = 4096;
let block = Buffer.alloc(0);
let offset = 0;

/** `bytes` random bytes as lower-case hex. */
export function randomHexId(bytes: number): string {
  if (offset + bytes > block.length) {
    block = randomBytes(BLOCK_BYTES);
    offset = 0;
  }
  const id = block.toString('hex', offset, offset + bytes);
  offset += bytes;
  return id;
}

/** 32 hex digits (a W3C trace id). */
export function newTraceId(): string {
  return randomHexId(16);
}

/** 16 hex digits (a W3C span id). */
export function newSpanId(): string {
  return randomHexId(8);
}
