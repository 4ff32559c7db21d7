// The connection side of the PostgreSQL engine: a pg.Pool sized by config, the neosl schema
// (applied once, under an advisory lock, refused when a newer neosl made it), and how statements
// run when the server is unreachable:
// - Getting a connection is retried with backoff (nothing was sent yet, so any call may retry).
// - A read (or an idempotent statement) that loses its connection mid-way is retried once.
// - A transaction that loses its connection before COMMIT was sent fails with UNAVAILABLE and
//   "nothing was written" (PostgreSQL rolls back a transaction whose connection dies). One that
//   loses it during COMMIT fails with UNAVAILABLE saying the outcome is unknown; it is never re-run.
// The pool drops broken connections and opens new ones on demand, so it recovers by itself when the
// server is back.
import pg from 'pg';
import { DatabaseError } from '../errors.js';
import { quoteIdentifier } from '../paths.js';
import { PATH_TYPES_TABLE } from './path-type-store.js';
import { isConnectionError, pgCode, unavailableError } from './pg-errors.js';

/** The version of the tables this neosl creates; a database with a higher one is refused. */
export const SCHEMA_VERSION = 1;
export const SCHEMA_TABLE = '_neosl_schema';
/** pg_advisory_xact_lock key under which the schema is applied (one process at a time). */
const SCHEMA_LOCK_KEY = 7_316_273_311;
/** pg_advisory_xact_lock key under which collection tables are created. */
const TABLE_LOCK_KEY = 7_316_273_313;
const DEFAULT_POOL_MAX = 5;

export interface PostgresEngineOptions {
  url: string;
  /** Connections in the pool (default 5). */
  poolMax?: number;
  /** Attempts to get a connection before UNAVAILABLE (default 5: about 3 s of backoff). */
  connectAttempts?: number;
  /** First backoff delay in ms, doubled per attempt (default 100). */
  retryDelayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class PostgresEngine {
  readonly url: string;
  readonly pool: pg.Pool;
  private readonly connectAttempts: number;
  private readonly retryDelayMs: number;
  private schema: Promise<void> | undefined;
  private readonly tables = new Set<string>();
  private closed = false;

  constructor(options: PostgresEngineOptions) {
    this.url = options.url;
    this.connectAttempts = options.connectAttempts ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? DEFAULT_POOL_MAX,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 5_000,
      allowExitOnIdle: true,
    });
    // An idle connection the server closed: the pool drops it; nothing to report until it is used.
    this.pool.on('error', () => undefined);
    // A connection error on a checked-out client must not crash the process; the query reports it.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  assertOpen(operation: string): void {
    if (this.closed) throw new DatabaseError('CLOSED', `${operation}: the database has been closed`);
  }

  /** A connection from the pool, with the schema applied; retried with backoff while the server is unreachable. */
  async connect(operation: string): Promise<pg.PoolClient> {
    this.assertOpen(operation);
    let lastError: unknown;
    for (let attempt = 0; attempt < this.connectAttempts; attempt++) {
      if (attempt > 0) await sleep(this.retryDelayMs * 2 ** (attempt - 1));
      this.assertOpen(operation);
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        if (!isConnectionError(error)) throw unavailableError(this.url, operation, error);
        lastError = error;
        continue;
      }
      try {
        await this.ensureSchema(client);
        return client;
      } catch (error) {
        client.release(isConnectionError(error));
        if (!isConnectionError(error)) throw error;
        lastError = error;
      }
    }
    throw unavailableError(this.url, operation, lastError, `tried ${this.connectAttempts} times`);
  }

  /** Runs an idempotent body (reads, CREATE … IF NOT EXISTS) on a connection; retried once if the connection is lost. */
  async read<R>(operation: string, body: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.connect(operation);
      try {
        const result = await body(client);
        client.release();
        return result;
      } catch (error) {
        const lost = isConnectionError(error);
        client.release(lost);
        if (!lost) throw error;
        if (attempt >= 1) throw unavailableError(this.url, operation, error);
      }
    }
  }

  /**
   * Runs `body` in a transaction. Errors from the body roll it back and are rethrown; a lost
   * connection is UNAVAILABLE (saying whether the outcome is known). Never re-run.
   */
  async transaction<R>(operation: string, body: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    const client = await this.begin(operation);
    let committing = false;
    try {
      const result = await body(client);
      committing = true;
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      if (isConnectionError(error)) {
        client.release(true);
        throw unavailableError(this.url, operation, error, committing ? 'the connection was lost during COMMIT: the write may or may not have been applied' : 'nothing was written');
      }
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch {
        client.release(true);
      }
      throw error;
    }
  }

  /**
   * A connection with a transaction begun. A pooled connection the server dropped while it was
   * idle fails at BEGIN, before anything was asked of it: that one is replaced, once.
   */
  private async begin(operation: string): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.connect(operation);
      try {
        await client.query('BEGIN');
        return client;
      } catch (error) {
        const lost = isConnectionError(error);
        client.release(lost);
        if (!lost) throw error;
        if (attempt >= 1) throw unavailableError(this.url, operation, error, 'nothing was written');
      }
    }
  }

  /**
   * Creates the collection's table before a transaction uses it (a failed CREATE inside the
   * transaction would abort it: two processes creating the same table at once collide).
   */
  async ensureTableFor(operation: string, collection: string): Promise<void> {
    if (this.tables.has(collection)) return;
    await this.read(operation, (client) => this.ensureTable(client, collection));
  }

  /** Creates the collection's table (once per process, again after DDL through query()); outside a transaction. */
  async ensureTable(client: pg.PoolClient, collection: string): Promise<void> {
    if (this.tables.has(collection)) return;
    // Two processes creating the same table at once would collide (duplicate type): one at a time.
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(${TABLE_LOCK_KEY})`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(collection)} (_id text PRIMARY KEY, doc jsonb NOT NULL)`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    this.tables.add(collection);
  }

  /** Whether this process created or found the collection's table (since the last DDL through query()). */
  hasTable(collection: string): boolean {
    return this.tables.has(collection);
  }

  /** Forget which tables exist (after DDL through query(), or a table dropped underneath). */
  tablesChanged(): void {
    this.tables.clear();
  }

  /** Applies the schema once per engine; a newer schema is refused (SCHEMA_TOO_NEW) for good. */
  private ensureSchema(client: pg.PoolClient): Promise<void> {
    if (this.schema === undefined) {
      const applying = applySchema(client);
      this.schema = applying;
      applying.catch((error: unknown) => {
        // Try again on the next connection unless the database is from a newer neosl.
        if (!(error instanceof DatabaseError && error.code === 'SCHEMA_TOO_NEW') && this.schema === applying) this.schema = undefined;
      });
      return applying;
    }
    return this.schema;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function newerSchemaError(found: number): DatabaseError {
  return new DatabaseError(
    'SCHEMA_TOO_NEW',
    `the PostgreSQL database has neosl schema version ${found}, newer than this neosl's (version ${SCHEMA_VERSION}): it was set up by a newer neosl; upgrade neosl to use it`,
  );
}

async function schemaVersion(client: pg.PoolClient): Promise<number | undefined> {
  const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${SCHEMA_TABLE}`);
  return rows[0]?.version ?? undefined;
}

/**
 * Creates neosl's own tables when missing and records the schema version. Two processes doing it
 * at once: the advisory lock makes the second wait, and it then finds the work done.
 */
async function applySchema(client: pg.PoolClient): Promise<void> {
  // Fast path: already applied (no lock, no transaction).
  try {
    const version = await schemaVersion(client);
    if (version === SCHEMA_VERSION) return;
    if (version !== undefined && version > SCHEMA_VERSION) throw newerSchemaError(version);
  } catch (error) {
    if (pgCode(error) !== '42P01') throw error; // 42P01: no _neosl_schema table yet
  }
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA_TABLE} (version int NOT NULL)`);
    const version = await schemaVersion(client);
    if (version !== undefined && version > SCHEMA_VERSION) throw newerSchemaError(version);
    if (version === undefined || version < SCHEMA_VERSION) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${PATH_TYPES_TABLE} (collection text NOT NULL, path text NOT NULL, types int NOT NULL, PRIMARY KEY (collection, path))`,
      );
      await client.query(`DELETE FROM ${SCHEMA_TABLE}`);
      await client.query(`INSERT INTO ${SCHEMA_TABLE} (version) VALUES (${SCHEMA_VERSION})`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
