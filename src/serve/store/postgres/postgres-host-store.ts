// The host store in PostgreSQL (`neosl serve --store postgres://…`), shared by every replica of a
// cluster: bundles as bytea by sha256, immutable versions, one state row (project, active version,
// canary), tokens as sha256 hashes and secrets AES-256-GCM sealed exactly as the folder store keeps
// them (the key comes from the environment, never from the database). Every change is one transaction
// that ends with NOTIFY neosl_host, so the other replicas re-read it; a lost connection makes calls
// fail with STORE_UNAVAILABLE (nothing half-written) until PostgreSQL answers again.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { UserError } from '../../../errors.js';
import type { Version } from '../../../host/api-types.js';
import { assertSha256 } from '../blob-store.js';
import type { HostStoreApi, HostState, NewVersion, PutBlobResult, SecretInfo, StoreChange, StoreStatus, TokenInfo } from '../host-store-api.js';
import { openValue, sealValue } from '../secret-cipher.js';
import { assertSecretName, assertSecretValue, secretNotFound } from '../secret-store.js';
import { checkState } from '../state-file.js';
import { writeFileAtomic } from '../store-files.js';
import { ShapeProblem } from '../store-json.js';
import { assertTokenName, hashToken, LAST_USED_RESOLUTION_MS, newTokenText, tokenExists, tokenNotFound } from '../token-store.js';
import { checkVersion } from '../version-shape.js';
import { buildVersion, findVersionByRef, versionNotFound, versionNumberTaken } from '../version-store.js';
import { keyCheckValue, missingSecretKey, sameCheckValue, wrongSecretKey } from './cluster-secret-key.js';
import { maskPostgresUrl } from './postgres-url.js';
import { migrate } from './schema.js';
import { isConnectionFailure, pgCode, storeUnavailable, UNIQUE_VIOLATION } from './store-errors.js';
import { CHANNEL, StoreListener } from './store-listener.js';

export interface PostgresHostStoreOptions {
  url: string;
  /** This replica's own folder: blobs fetched for the runtime, run/, data/. */
  localDir: string;
  /** The secrets' key (NEOSL_SECRET_KEY or --secret-key-file); without it, secrets cannot be set or read. */
  secretKey?: Buffer;
  /** Where the key came from, for messages ("NEOSL_SECRET_KEY"). */
  secretKeySource?: string;
  /** Connections for queries (the listener has one more). Default 4. */
  poolSize?: number;
}

const KEY_CHECK = 'secret_key_check';
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

function corrupt(where: string, problem: string): UserError {
  return new UserError(`the host store's ${where} is not usable: ${problem}`, { code: 'STORE_CORRUPT', hint: 'was it edited by hand? restore it from a backup' });
}

function checkedVersion(number: number, body: unknown): Version {
  try {
    const version = checkVersion(body);
    if (version.number !== number) throw new ShapeProblem(`it holds version ${version.id}`);
    return version;
  } catch (error) {
    if (error instanceof ShapeProblem) throw corrupt(`version ${number} (table neosl_versions)`, error.message);
    throw error;
  }
}

interface CachedToken {
  name: string;
  hash: Buffer;
  lastUsedAt: number;
}

export class PostgresHostStore implements HostStoreApi {
  readonly shared = true;
  readonly description: string;
  readonly localDir: string;
  readonly dataDir: string;
  private readonly url: string;
  private readonly pool: pg.Pool;
  private readonly versions = new Map<number, Version>();
  private tokens: CachedToken[] = [];
  private current: StoreStatus = { state: 'unavailable', cause: 'not connected yet' };
  private readonly changeListeners = new Set<(change: StoreChange) => void>();
  private listener: StoreListener | undefined;
  private closed = false;

  constructor(private readonly options: PostgresHostStoreOptions) {
    this.url = options.url;
    this.description = maskPostgresUrl(options.url);
    this.localDir = options.localDir;
    this.dataDir = join(options.localDir, 'data');
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 10_000, keepAlive: true });
    // An idle connection cut by the server: the next query finds out and says so; nothing to do here.
    this.pool.on('error', (error) => this.markDown(error));
  }

  /** One attempt: migrates the schema (once across replicas), checks the secret key, loads the tokens. */
  async open(): Promise<void> {
    await this.withClient(async (client) => {
      await migrate(client, `${hostname()} pid ${process.pid}`);
      if (this.options.secretKey !== undefined) {
        const stored = await client.query<{ value: string }>('SELECT value FROM neosl_meta WHERE key = $1', [KEY_CHECK]);
        const check = stored.rows[0]?.value;
        if (check !== undefined && !sameCheckValue(this.options.secretKey, check)) throw wrongSecretKey(this.options.secretKeySource ?? 'its key');
      }
    });
    await this.reloadTokens();
  }

  /** open() until it succeeds, telling `report` each failure and the wait before the next try; errors other than an unreachable server end it. */
  async openWithRetry(report: (error: UserError, retryInMs: number) => void, stopped: () => boolean = () => this.closed): Promise<boolean> {
    let delay = FIRST_RETRY_MS;
    for (;;) {
      try {
        await this.open();
        return true;
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        if (stopped()) return false;
        report(storeUnavailable(error, this.url), delay);
        await new Promise((resolveWait) => setTimeout(resolveWait, delay).unref());
        if (stopped()) return false;
        delay = Math.min(delay * 2, LONGEST_RETRY_MS);
      }
    }
  }

  /** LISTENs for the other replicas' changes (reconnecting, and re-reading after each reconnect). */
  startListening(): void {
    if (this.listener) return;
    this.listener = new StoreListener(this.url, {
      up: () => this.markUp(),
      down: (error) => this.markDown(error),
      change: (change) => void this.changed(change),
    });
    this.listener.start();
  }

  private async changed(change: StoreChange): Promise<void> {
    if (change === 'tokens' || change === 'resync') {
      try {
        await this.reloadTokens();
      } catch {
        // Unreachable again: the next reconnect reloads them.
      }
    }
    for (const listener of this.changeListeners) listener(change);
  }

  status(): StoreStatus {
    return { ...this.current };
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.stop();
    await this.pool.end().catch(() => undefined);
  }

  private markUp(): void {
    this.current = { state: 'available' };
  }

  private markDown(error: unknown): void {
    this.current = { state: 'unavailable', cause: storeUnavailable(error, this.url).message };
  }

  /** A pooled connection for `work`; a lost or refused connection becomes STORE_UNAVAILABLE. */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.markDown(error);
      throw storeUnavailable(error, this.url);
    }
    let broken: unknown;
    try {
      const result = await work(client);
      this.markUp();
      return result;
    } catch (error) {
      if (isConnectionFailure(error)) {
        broken = error;
        this.markDown(error);
        throw storeUnavailable(error, this.url);
      }
      throw error;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /** `work` in one transaction; `notify` is sent to every replica when (and only if) it commits. */
  private transaction<T>(notify: StoreChange | undefined, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        if (notify !== undefined) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, notify]);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.withClient((client) => client.query<R>(text, values));
  }

  // Blobs.
  async missingBlobs(shas: readonly string[]): Promise<string[]> {
    for (const sha of shas) assertSha256(sha);
    const unique = [...new Set(shas)];
    if (unique.length === 0) return [];
    const found = await this.query<{ sha256: string }>('SELECT sha256 FROM neosl_blobs WHERE sha256 = ANY($1::text[])', [unique]);
    const present = new Set(found.rows.map((row) => row.sha256));
    return unique.filter((sha) => !present.has(sha));
  }

  async putBlob(sha256: string, bytes: Uint8Array): Promise<PutBlobResult> {
    assertSha256(sha256);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new UserError(`the ${bytes.byteLength} bytes uploaded as ${sha256} hash to ${actual}`, { code: 'BUNDLE_HASH_MISMATCH', hint: 'the upload was altered or cut on the way; deploy again' });
    }
    const inserted = await this.query('INSERT INTO neosl_blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha256, Buffer.from(bytes)]);
    return { sha256, bytes: bytes.byteLength, created: inserted.rowCount === 1 };
  }

  async blobFile(sha256: string): Promise<string> {
    assertSha256(sha256);
    const dir = join(this.localDir, 'blobs');
    const file = join(dir, sha256);
    if (existsSync(file)) return file;
    const found = await this.query<{ bytes: Buffer }>('SELECT bytes FROM neosl_blobs WHERE sha256 = $1', [sha256]);
    const bytes = found.rows[0]?.bytes;
    if (bytes === undefined) throw new UserError(`the bundle ${sha256} is not in the host store`, { code: 'BUNDLE_MISSING', details: { missing: [sha256] } });
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw corrupt(`bundle ${sha256} (table neosl_blobs)`, 'its bytes do not hash to its name');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(file, bytes, 0o600);
    return file;
  }

  // Versions.
  /** Reads the versions recorded since the last look (they never change once written). */
  private async refreshVersions(client?: pg.ClientBase): Promise<void> {
    const newest = Math.max(0, ...this.versions.keys());
    const sql = 'SELECT number, body FROM neosl_versions WHERE number > $1 ORDER BY number';
    const rows = client ? (await client.query<{ number: number; body: unknown }>(sql, [newest])).rows : (await this.query<{ number: number; body: unknown }>(sql, [newest])).rows;
    for (const row of rows) this.versions.set(row.number, checkedVersion(row.number, row.body));
  }

  private async insertVersion(client: pg.ClientBase, input: NewVersion): Promise<Version> {
    const next = await client.query<{ number: number }>('SELECT coalesce(max(number), 0) + 1 AS number FROM neosl_versions');
    const version = buildVersion(next.rows[0]!.number, input);
    try {
      await client.query('INSERT INTO neosl_versions (number, hash, project, body) VALUES ($1, $2, $3, $4)', [version.number, version.hash, version.project, JSON.stringify(version)]);
    } catch (error) {
      if (pgCode(error) === UNIQUE_VIOLATION) throw versionNumberTaken(version.id);
      throw error;
    }
    return version;
  }

  async createVersion(input: NewVersion): Promise<Version> {
    const version = await this.transaction(undefined, (client) => this.insertVersion(client, input));
    this.versions.set(version.number, version);
    return version;
  }

  async createAndActivate(input: NewVersion, expected: string | null): Promise<Version> {
    const version = await this.transaction('state', async (client) => {
      const state = await this.lockState(client);
      if (state.active !== expected) throw this.conflict(state.active, expected);
      if (state.project !== null && input.project !== state.project) {
        throw new UserError(`this host serves the project "${state.project}", not "${input.project}"`, { code: 'PROJECT_MISMATCH' });
      }
      const created = await this.insertVersion(client, input);
      await client.query('UPDATE neosl_state SET project = $1, active = $2 WHERE id = 1', [created.project, created.id]);
      return created;
    });
    this.versions.set(version.number, version);
    return version;
  }

  async findVersion(ref: string): Promise<Version | undefined> {
    await this.refreshVersions();
    return findVersionByRef(ref, this.versions);
  }

  async getVersion(ref: string): Promise<Version> {
    const version = await this.findVersion(ref);
    if (version !== undefined) return version;
    throw versionNotFound(ref, (await this.listVersions())[0]);
  }

  async listVersions(): Promise<Version[]> {
    await this.refreshVersions();
    return [...this.versions.values()].sort((a, b) => b.number - a.number);
  }

  // State.
  private static stateOf(row: { project: string | null; active: string | null; canary: unknown } | undefined): HostState {
    if (row === undefined) throw corrupt('state (table neosl_state)', 'its row is missing');
    try {
      return checkState({ project: row.project, active: row.active, canary: row.canary });
    } catch (error) {
      if (error instanceof ShapeProblem) throw corrupt('state (table neosl_state)', error.message);
      throw error;
    }
  }

  private async lockState(client: pg.ClientBase): Promise<HostState> {
    const found = await client.query<{ project: string | null; active: string | null; canary: unknown }>('SELECT project, active, canary FROM neosl_state WHERE id = 1 FOR UPDATE');
    return PostgresHostStore.stateOf(found.rows[0]);
  }

  private conflict(active: string | null, expected: string | null): UserError {
    return new UserError(`the active version is ${active ?? 'none'}, not ${expected ?? 'none'}: another deploy or rollback changed it meanwhile`, {
      code: 'DEPLOY_CONFLICT',
      hint: 'look at "neosl versions", then deploy again',
    });
  }

  async readState(): Promise<HostState> {
    const found = await this.query<{ project: string | null; active: string | null; canary: unknown }>('SELECT project, active, canary FROM neosl_state WHERE id = 1');
    return PostgresHostStore.stateOf(found.rows[0]);
  }

  async writeState(state: HostState): Promise<void> {
    const checked = checkState(state);
    await this.transaction('state', (client) =>
      client.query('UPDATE neosl_state SET project = $1, active = $2, canary = $3 WHERE id = 1', [checked.project, checked.active, checked.canary === null ? null : JSON.stringify(checked.canary)]),
    );
  }

  async compareAndSetActive(expected: string | null, next: string): Promise<HostState> {
    const version = await this.getVersion(next);
    return this.transaction('state', async (client) => {
      const state = await this.lockState(client);
      if (state.active !== expected) throw this.conflict(state.active, expected);
      if (state.project !== null && version.project !== state.project) {
        throw new UserError(`${version.id} is of project "${version.project}", and this host serves "${state.project}"`, { code: 'PROJECT_MISMATCH' });
      }
      await client.query('UPDATE neosl_state SET project = $1, active = $2 WHERE id = 1', [version.project, version.id]);
      return { ...state, project: version.project, active: version.id };
    });
  }

  // Tokens.
  private async reloadTokens(): Promise<void> {
    const found = await this.query<{ name: string; sha256: string; last_used_at: string | null }>('SELECT name, sha256, last_used_at FROM neosl_tokens');
    this.tokens = found.rows.map((row) => ({ name: row.name, hash: Buffer.from(row.sha256, 'hex'), lastUsedAt: row.last_used_at === null ? 0 : Date.parse(row.last_used_at) || 0 }));
  }

  async createToken(name: string): Promise<string> {
    assertTokenName(name);
    const token = newTokenText();
    try {
      await this.transaction('tokens', (client) =>
        client.query('INSERT INTO neosl_tokens (name, sha256, created_at) VALUES ($1, $2, $3)', [name, hashToken(token).toString('hex'), new Date().toISOString()]),
      );
    } catch (error) {
      if (pgCode(error) === UNIQUE_VIOLATION) throw tokenExists(name);
      throw error;
    }
    await this.reloadTokens();
    return token;
  }

  async listTokens(): Promise<TokenInfo[]> {
    const found = await this.query<{ name: string; created_at: string; last_used_at: string | null }>('SELECT name, created_at, last_used_at FROM neosl_tokens ORDER BY created_at, name');
    return found.rows.map((row) => ({ name: row.name, createdAt: row.created_at, ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}) }));
  }

  async revokeToken(name: string): Promise<void> {
    await this.transaction('tokens', async (client) => {
      const removed = await client.query('DELETE FROM neosl_tokens WHERE name = $1', [name]);
      if (removed.rowCount === 0) {
        const names = await client.query<{ name: string }>('SELECT name FROM neosl_tokens ORDER BY created_at, name');
        throw tokenNotFound(name, names.rows.map((row) => row.name));
      }
    });
    await this.reloadTokens();
  }

  /** From the tokens last loaded (reloaded on every create/revoke NOTIFY and every reconnect); every hash compared in constant time. */
  verifyToken(plaintext: string): string | undefined {
    const hash = hashToken(plaintext);
    let match: CachedToken | undefined;
    for (const token of this.tokens) if (timingSafeEqual(hash, token.hash)) match = token;
    if (match !== undefined) this.recordUse(match);
    return match?.name;
  }

  /** lastUsedAt, at most once a minute per token; a store that does not answer just misses it. */
  private recordUse(token: CachedToken): void {
    const now = Date.now();
    if (now - token.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
    token.lastUsedAt = now;
    void this.query('UPDATE neosl_tokens SET last_used_at = $1 WHERE name = $2 AND sha256 = $3', [new Date(now).toISOString(), token.name, token.hash.toString('hex')]).catch(() => undefined);
  }

  // Secrets.
  private key(): Buffer {
    if (this.options.secretKey === undefined) throw missingSecretKey();
    return this.options.secretKey;
  }

  /** Records the key's check value on first use; SECRET_KEY_MISMATCH when the store's secrets were sealed with another key. */
  private async checkKey(client: pg.ClientBase, key: Buffer): Promise<void> {
    const stored = await client.query<{ value: string }>('SELECT value FROM neosl_meta WHERE key = $1', [KEY_CHECK]);
    const check = stored.rows[0]?.value;
    if (check === undefined) await client.query('INSERT INTO neosl_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [KEY_CHECK, keyCheckValue(key)]);
    else if (!sameCheckValue(key, check)) throw wrongSecretKey(this.options.secretKeySource ?? 'its key');
  }

  async setSecret(name: string, value: string): Promise<SecretInfo & { created: boolean }> {
    assertSecretName(name);
    assertSecretValue(name, value);
    const key = this.key();
    const sealed = sealValue(key, name, value);
    const updatedAt = new Date().toISOString();
    return this.transaction('secrets', async (client) => {
      await this.checkKey(client, key);
      const saved = await client.query<{ created: boolean }>(
        `INSERT INTO neosl_secrets (name, iv, tag, data, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET iv = EXCLUDED.iv, tag = EXCLUDED.tag, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
         RETURNING (xmax = 0) AS created`,
        [name, sealed.iv, sealed.tag, sealed.data, updatedAt],
      );
      return { name, updatedAt, created: saved.rows[0]!.created };
    });
  }

  async listSecrets(): Promise<SecretInfo[]> {
    const found = await this.query<{ name: string; updated_at: string }>('SELECT name, updated_at FROM neosl_secrets ORDER BY name COLLATE "C"');
    return found.rows.map((row) => ({ name: row.name, updatedAt: row.updated_at }));
  }

  async removeSecret(name: string): Promise<{ name: string }> {
    return this.transaction('secrets', async (client) => {
      const removed = await client.query('DELETE FROM neosl_secrets WHERE name = $1', [name]);
      if (removed.rowCount === 0) {
        const names = await client.query<{ name: string }>('SELECT name FROM neosl_secrets');
        throw secretNotFound(name, names.rows.map((row) => row.name));
      }
      return { name };
    });
  }

  async secretValues(): Promise<Record<string, string>> {
    const found = await this.query<{ name: string; iv: string; tag: string; data: string }>('SELECT name, iv, tag, data FROM neosl_secrets');
    if (found.rows.length === 0) return {};
    const key = this.key();
    return Object.fromEntries(
      found.rows.map((row) => {
        const value = openValue(key, row.name, row);
        if (value === undefined) throw wrongSecretKey(`${this.options.secretKeySource ?? 'its key'}: the value of ${row.name} does not decrypt`);
        return [row.name, value];
      }),
    );
  }
}
