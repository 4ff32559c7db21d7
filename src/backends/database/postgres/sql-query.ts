// database.query(sql, params) and createPool() on PostgreSQL: SQL straight to pg with $1 … $n
// parameters, errors as SQL_ERROR (the statement's own) or UNAVAILABLE (the server's). A user
// statement may be a write, so it is never re-run after it was sent; only getting a connection is
// retried.
import pg from 'pg';
import type { Pool, PoolClient, PoolOptions, QueryResult } from '../../../sdk/database-types.js';
import { DatabaseError, describeType, sqlError } from '../errors.js';
import { parsePoolOptions } from '../pool.js';
import type { PostgresEngine } from './engine.js';
import { isConnectionError, unavailableError } from './pg-errors.js';

const SCHEMA_CHANGE = /^\s*(?:DROP|ALTER|CREATE|TRUNCATE)\b/i;

function checkArguments(sql: unknown, params: unknown, operation: string): unknown[] {
  if (typeof sql !== 'string') throw new DatabaseError('INVALID_ARGUMENT', `${operation}: the SQL must be a string, got ${describeType(sql)}`);
  if (params === undefined || params === null) return [];
  if (Array.isArray(params)) return params;
  throw new DatabaseError('INVALID_ARGUMENT', `${operation}: params must be an array (PostgreSQL takes $1, $2 … placeholders), got ${describeType(params)}`);
}

async function runOn<R>(client: pg.ClientBase, url: string, sql: string, params: unknown[], operation: string): Promise<QueryResult<R>> {
  try {
    const result = await client.query(sql, params);
    // A multi-statement string answers an array of results: the last one is what SQLite's run gives.
    const last = Array.isArray(result) ? (result[result.length - 1] as pg.QueryResult) : result;
    return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
  } catch (error) {
    if (isConnectionError(error)) throw unavailableError(url, operation, error, 'the statement may or may not have run');
    throw sqlError(error, sql);
  }
}

export function schemaChanging(sql: string): boolean {
  return SCHEMA_CHANGE.test(sql);
}

export async function runPostgresQuery<R>(engine: PostgresEngine, sql: unknown, params: unknown, onSchemaChange: () => void, operation = 'query'): Promise<QueryResult<R>> {
  const values = checkArguments(sql, params, operation);
  const client = await engine.connect(operation);
  let broken = false;
  try {
    return await runOn<R>(client, engine.url, sql as string, values, operation);
  } catch (error) {
    broken = error instanceof DatabaseError && error.code === 'UNAVAILABLE';
    throw error;
  } finally {
    client.release(broken);
    if (schemaChanging(sql as string)) onSchemaChange();
  }
}

/** createPool: a pg.Pool of its own (pg's semantics: a client is one connection, for transactions). */
export class PostgresUserPool implements Pool {
  private readonly pool: pg.Pool;
  private ended = false;
  /** connect() calls still waiting for a client: rejected by end(), as pg's own pool would leave them hanging. */
  private readonly waiters = new Set<(error: Error) => void>();

  constructor(
    private readonly url: string,
    options: PoolOptions | undefined,
    private readonly onSchemaChange: () => void,
  ) {
    const { min, max, idleTimeoutMillis } = parsePoolOptions(options);
    this.pool = new pg.Pool({ connectionString: url, max, min, idleTimeoutMillis, connectionTimeoutMillis: 5_000, allowExitOnIdle: true } as pg.PoolConfig);
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  get totalCount(): number {
    return this.pool.totalCount;
  }

  get idleCount(): number {
    return this.pool.idleCount;
  }

  get waitingCount(): number {
    return this.pool.waitingCount;
  }

  async connect(): Promise<PoolClient> {
    if (this.ended) throw new DatabaseError('POOL_ENDED', 'pool.connect(): the pool has ended');
    let client: pg.PoolClient;
    try {
      client = await new Promise<pg.PoolClient>((resolve, reject) => {
        this.waiters.add(reject);
        this.pool.connect().then(
          (connected) => {
            this.waiters.delete(reject);
            // Ended while this connect was in flight: hand the connection back.
            if (this.ended) {
              connected.release(true);
              reject(new DatabaseError('POOL_ENDED', 'pool.connect(): the pool ended while waiting for a client'));
            } else resolve(connected);
          },
          (error: unknown) => {
            this.waiters.delete(reject);
            reject(error);
          },
        );
      });
    } catch (error) {
      if (error instanceof DatabaseError) throw error;
      if (this.ended) throw new DatabaseError('POOL_ENDED', 'pool.connect(): the pool ended while waiting for a client');
      throw unavailableError(this.url, 'pool.connect()', error);
    }
    let released = false;
    let broken = false;
    return {
      query: async <R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> => {
        if (released) throw new DatabaseError('CLIENT_RELEASED', 'client.query(): this client has been released to the pool; call pool.connect() again');
        const values = checkArguments(sql, params, 'client.query');
        try {
          return await runOn<R>(client, this.url, sql, values, 'client.query');
        } catch (error) {
          if (error instanceof DatabaseError && error.code === 'UNAVAILABLE') broken = true;
          throw error;
        } finally {
          if (schemaChanging(sql)) this.onSchemaChange();
        }
      },
      release: () => {
        if (released) throw new DatabaseError('CLIENT_RELEASED', 'client.release(): this client was already released');
        released = true;
        client.release(broken);
      },
    };
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const reject of [...this.waiters]) reject(new DatabaseError('POOL_ENDED', 'pool.connect(): the pool ended while waiting for a client'));
    this.waiters.clear();
    // pg's end() waits for the clients still checked out; they close as they are released.
    void this.pool.end().catch(() => undefined);
  }
}
