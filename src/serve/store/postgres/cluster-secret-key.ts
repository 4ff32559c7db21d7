// The key that encrypts a shared store's secrets. Not in the database (a key beside its ciphertext
// protects nothing): every replica is given it, from NEOSL_SECRET_KEY (64 hex digits or base64 of 32
// bytes) or a file named by --secret-key-file (32 raw bytes, or the same text). The database keeps only
// a check value (an HMAC of a fixed text under the key), so that a replica with another key is refused
// before it writes a secret no other replica can read. The key itself is never printed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../../../errors.js';
import { displayPath } from '../../../util/display-path.js';
import { SECRET_KEY_BYTES } from '../secret-key.js';

export const SECRET_KEY_ENV = 'NEOSL_SECRET_KEY';
const HOW_TO_MAKE = `make one with "openssl rand -hex 32" and give every replica the same: ${SECRET_KEY_ENV}=<key> or --secret-key-file FILE`;

/** 64 hex digits or base64 of 32 bytes; undefined when the text is neither. */
function parseKeyText(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    if (key.length === SECRET_KEY_BYTES) return key;
  }
  return undefined;
}

/** The key from --secret-key-file or NEOSL_SECRET_KEY; undefined when neither is given. SECRET_KEY_INVALID. */
export function clusterSecretKey(env: NodeJS.ProcessEnv, keyFile: string | undefined): Buffer | undefined {
  if (keyFile !== undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(keyFile);
    } catch (error) {
      throw new UserError(`--secret-key-file ${displayPath(keyFile)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { code: 'SECRET_KEY_INVALID' });
    }
    const key = bytes.length === SECRET_KEY_BYTES ? bytes : parseKeyText(bytes.toString('utf8'));
    if (key === undefined) throw new UserError(`--secret-key-file ${displayPath(keyFile)} holds no 32-byte key (32 raw bytes, 64 hex digits or base64)`, { code: 'SECRET_KEY_INVALID', hint: HOW_TO_MAKE });
    return key;
  }
  const text = env[SECRET_KEY_ENV];
  if (text === undefined || text === '') return undefined;
  const key = parseKeyText(text);
  // The value is not echoed: it is (meant to be) the key.
  if (key === undefined) throw new UserError(`${SECRET_KEY_ENV} is not a 32-byte key (64 hex digits or base64; it has ${text.trim().length} characters)`, { code: 'SECRET_KEY_INVALID', hint: HOW_TO_MAKE });
  return key;
}

export function missingSecretKey(): UserError {
  return new UserError(`this host has no key for the secrets of its shared store: ${SECRET_KEY_ENV} is not set and no --secret-key-file was given`, {
    code: 'SECRET_KEY_MISSING',
    hint: HOW_TO_MAKE,
  });
}

export function wrongSecretKey(where: string): UserError {
  return new UserError(`the secret key this host was given (${where}) is not the one the shared store's secrets are encrypted with`, {
    code: 'SECRET_KEY_MISMATCH',
    hint: 'give every replica the same key; a lost key means setting the secrets again (neosl secrets set)',
  });
}

/** The check value kept in the database: HMAC-SHA256 of a fixed text, hex. Tells keys apart, reveals nothing of them. */
export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update('neosl host store secret key check v1').digest('hex');
}

export function sameCheckValue(key: Buffer, stored: string): boolean {
  const mine = Buffer.from(keyCheckValue(key), 'hex');
  const theirs = Buffer.from(stored, 'hex');
  return mine.length === theirs.length && timingSafeEqual(mine, theirs);
}
