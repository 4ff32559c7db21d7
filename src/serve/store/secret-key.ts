// `secret.key`: the 32 random bytes that encrypt the host's secrets, beside the store, mode 0600.
// Created on first need by one writer only (two processes starting at once agree on one key).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { storeCorrupt } from './store-json.js';
import { createFileExclusive } from './store-files.js';

export const SECRET_KEY_BYTES = 32;

/** The key in `file`; undefined when there is none. STORE_CORRUPT when it is not 32 bytes. */
export function readSecretKey(file: string): Buffer | undefined {
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (key.length !== SECRET_KEY_BYTES) throw storeCorrupt(file, `it holds ${key.length} bytes, not a ${SECRET_KEY_BYTES}-byte key`);
  return key;
}

/** The key in `file`, created (0600) when there is none yet. */
export function readOrCreateSecretKey(file: string): Buffer {
  const existing = readSecretKey(file);
  if (existing !== undefined) return existing;
  createFileExclusive(file, randomBytes(SECRET_KEY_BYTES), 0o600);
  return readSecretKey(file)!;
}
