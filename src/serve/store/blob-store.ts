// Content-addressed blobs (bundles and their source maps): `blobs/<sha256>`, written only when the
// bytes hash to the name, whole or not at all.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { SHA256_HEX } from './store-json.js';
import { writeFileAtomic } from './store-files.js';

export interface PutBlobResult {
  sha256: string;
  bytes: number;
  /** False when the store had it already. */
  created: boolean;
}

/** A blob name must be 64 lower-case hex digits: nothing else reaches the file system (no `../`). */
export function assertSha256(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !SHA256_HEX.test(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name) : String(name);
    throw new UserError(`${shown} is not a sha256 (64 lower-case hex digits)`, { code: 'INVALID_SHA256' });
  }
}

export class BlobStore {
  constructor(readonly dir: string) {}

  blobPath(sha256: string): string {
    assertSha256(sha256);
    return join(this.dir, sha256);
  }

  hasBlob(sha256: string): boolean {
    return existsSync(this.blobPath(sha256));
  }

  /** The names of `shas` the store lacks, each once, in the order given. */
  missingBlobs(shas: readonly string[]): string[] {
    for (const sha of shas) assertSha256(sha);
    return [...new Set(shas)].filter((sha) => !this.hasBlob(sha));
  }

  putBlob(sha256: string, bytes: Uint8Array): PutBlobResult {
    assertSha256(sha256);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new UserError(`the ${bytes.byteLength} bytes uploaded as ${sha256} hash to ${actual}`, {
        code: 'BUNDLE_HASH_MISMATCH',
        hint: 'the upload was altered or cut on the way; deploy again',
      });
    }
    if (this.hasBlob(sha256)) return { sha256, bytes: bytes.byteLength, created: false };
    writeFileAtomic(join(this.dir, sha256), bytes);
    return { sha256, bytes: bytes.byteLength, created: true };
  }
}
