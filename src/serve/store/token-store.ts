// `tokens.json`: the host's API tokens, kept as sha256 hashes only. Re-read when another process
// (`neosl serve token create|revoke` beside a running `neosl serve`) changed it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { isUserError, UserError } from '../../errors.js';
import { fileSignature } from './file-signature.js';
import { checkShape, isRecord, readStoreJson, SHA256_HEX, wrongShape } from './store-json.js';
import { tryWithFileLock, withFileLock } from './store-lock.js';
import { writeFileAtomic } from './store-files.js';

export interface StoredToken {
  name: string;
  /** sha256 hex of the token. */
  sha256: string;
  createdAt: string;
  lastUsedAt?: string;
}

/** What commands may show of a token: never its hash. */
export type TokenInfo = Omit<StoredToken, 'sha256'>;

export const TOKEN_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const TOKEN_PREFIX = 'neosl_';
/** A token's last use is written at most this often. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** What the store keeps of a token: its sha256 (every store, folder or PostgreSQL, the same). */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** A new token's plain text: "neosl_" and 32 random bytes. */
export const newTokenText = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');

export function tokenExists(name: string): UserError {
  return new UserError(`there is already a token named "${name}"`, {
    code: 'TOKEN_EXISTS',
    hint: `revoke it first ("neosl serve token revoke ${name}") or choose another name`,
  });
}

export function tokenNotFound(name: string, names: readonly string[]): UserError {
  return new UserError(`there is no token named "${name}"`, {
    code: 'TOKEN_NOT_FOUND',
    hint: names.length === 0 ? 'this store has no tokens' : `the tokens are: ${names.join(', ')}`,
  });
}

function checkTokens(value: unknown): StoredToken[] {
  if (!Array.isArray(value)) return wrongShape('the file', 'an array of tokens', value);
  const names = new Set<string>();
  return value.map((entry: unknown, index) => {
    const at = `token ${index + 1}`;
    if (!isRecord(entry)) return wrongShape(at, 'an object', entry);
    if (typeof entry.name !== 'string' || !TOKEN_NAME.test(entry.name)) wrongShape(`${at}.name`, 'a token name (letters, digits, . _ -)', entry.name);
    if (names.has(entry.name)) wrongShape(`${at}.name`, 'a name no other token has', entry.name);
    names.add(entry.name);
    if (typeof entry.sha256 !== 'string' || !SHA256_HEX.test(entry.sha256)) wrongShape(`${at}.sha256`, 'a sha256 (64 lower-case hex digits)', entry.sha256);
    if (typeof entry.createdAt !== 'string') wrongShape(`${at}.createdAt`, 'an ISO date', entry.createdAt);
    if (entry.lastUsedAt !== undefined && typeof entry.lastUsedAt !== 'string') wrongShape(`${at}.lastUsedAt`, 'an ISO date', entry.lastUsedAt);
    return entry as unknown as StoredToken;
  });
}

export function assertTokenName(name: string): void {
  if (!TOKEN_NAME.test(name)) {
    throw new UserError(`${JSON.stringify(name)} is not a token name: use 1 to 64 letters, digits, ".", "_" or "-"`, {
      code: 'INVALID_TOKEN_NAME',
      hint: 'e.g. ci, alice, deploy-bot',
    });
  }
}

export class TokenStore {
  readonly file: string;
  private tokens: StoredToken[] = [];
  private signature: string | undefined;
  /** When this process last wrote each token's lastUsedAt (or saw it written). */
  private readonly lastUseWritten = new Map<string, number>();

  private reportedProblem: string | undefined;

  /** onProblem hears (once per change of the file) why verify refused every token: tokens.json became unreadable. */
  constructor(
    dir: string,
    private readonly onProblem: (error: UserError) => void = () => {},
  ) {
    this.file = join(dir, 'tokens.json');
  }

  /** The tokens on disk; read again only when the file changed since the last read. */
  private current(): StoredToken[] {
    const signature = fileSignature(this.file);
    if (signature !== this.signature) {
      const value = readStoreJson(this.file);
      this.tokens = value === undefined ? [] : checkShape(this.file, value, checkTokens);
      this.signature = signature;
    }
    return this.tokens;
  }

  private save(tokens: StoredToken[]): void {
    writeFileAtomic(this.file, `${JSON.stringify(tokens, null, 2)}\n`, 0o600);
    this.tokens = tokens;
    this.signature = fileSignature(this.file);
  }

  check(): void {
    this.current();
  }

  /** A new token, returned in plain text this once; the store keeps its hash. TOKEN_EXISTS for a name in use. */
  create(name: string, now = new Date()): string {
    assertTokenName(name);
    const token = newTokenText();
    withFileLock(this.file, () => {
      const tokens = this.current();
      if (tokens.some((existing) => existing.name === name)) throw tokenExists(name);
      this.save([...tokens, { name, sha256: hashToken(token).toString('hex'), createdAt: now.toISOString() }]);
    });
    return token;
  }

  list(): TokenInfo[] {
    return this.current().map(({ sha256: _hash, ...info }) => info);
  }

  /** TOKEN_NOT_FOUND when there is no such token. */
  revoke(name: string): void {
    withFileLock(this.file, () => {
      const tokens = this.current();
      if (!tokens.some((token) => token.name === name)) throw tokenNotFound(name, tokens.map((token) => token.name));
      this.save(tokens.filter((token) => token.name !== name));
    });
  }

  /**
   * The name of the token `presented` is, or undefined. Compares every hash in constant time. Fails
   * closed: while tokens.json is unreadable no token passes (a revoked one must not), and onProblem says why.
   */
  verify(presented: string, now = new Date()): string | undefined {
    let tokens: StoredToken[];
    try {
      tokens = this.current();
    } catch (error) {
      if (!isUserError(error) || error.code !== 'STORE_CORRUPT') throw error;
      const signature = fileSignature(this.file);
      if (signature !== this.reportedProblem) this.onProblem(error);
      this.reportedProblem = signature;
      return undefined;
    }
    const hash = hashToken(presented);
    let match: StoredToken | undefined;
    for (const token of tokens) {
      if (timingSafeEqual(hash, Buffer.from(token.sha256, 'hex'))) match = token;
    }
    if (match !== undefined) this.recordUse(match, now);
    return match?.name;
  }

  /** Writes lastUsedAt when the recorded one is over a minute old; skipped while another process writes the file. */
  private recordUse(token: StoredToken, now: Date): void {
    const recorded = Math.max(this.lastUseWritten.get(token.name) ?? 0, token.lastUsedAt === undefined ? 0 : Date.parse(token.lastUsedAt) || 0);
    if (now.getTime() - recorded < LAST_USED_RESOLUTION_MS) return;
    this.lastUseWritten.set(token.name, now.getTime());
    tryWithFileLock(this.file, () => {
      const tokens = this.current();
      if (!tokens.some((existing) => existing.name === token.name && existing.sha256 === token.sha256)) return;
      this.save(tokens.map((existing) => (existing.name === token.name ? { ...existing, lastUsedAt: now.toISOString() } : existing)));
    });
  }
}
