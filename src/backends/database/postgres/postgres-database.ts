// openPostgresDatabase: the SDK's `Database` on PostgreSQL (database.url: postgres://…), with the
// SQLite engine's behaviour (../document-database.ts): collections by property, by name and as
// database.collection; createIndex; query(); createPool(); close() → Promise. Nothing connects
// until the first call; the server being down then surfaces as UNAVAILABLE on that call.
import type { Database, IndexOptions, IndexSpec, Pool, PoolOptions, QueryResult } from '../../../sdk/database-types.js';
import { DatabaseError, describeType } from '../errors.js';
import { collectionAccessor, collectionLookup, databaseProxy } from '../database-surface.js';
import { PostgresCollection } from './collection.js';
import { PostgresEngine } from './engine.js';
import { createPostgresIndex, postgresIndexDefinition } from './indexes.js';
import { PostgresPathTypes } from './path-type-store.js';
import { PostgresUserPool, runPostgresQuery } from './sql-query.js';

export interface OpenPostgresDatabaseOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections in the engine's pool (config database.pool.max; default 5). */
  poolMax?: number;
  /** Attempts to get a connection before UNAVAILABLE (default 5, about 3 s of backoff). */
  connectAttempts?: number;
}

/** The SDK Database plus close(), which ends every connection (later calls fail with CLOSED). */
export type PostgresDocumentDatabase = Database & { close(): Promise<void> };

export function openPostgresDatabase(options: OpenPostgresDatabaseOptions): PostgresDocumentDatabase {
  if (typeof options !== 'object' || options === null || typeof options.url !== 'string' || !/^postgres(ql)?:\/\//.test(options.url)) {
    throw new DatabaseError('INVALID_ARGUMENT', `openPostgresDatabase: options.url must be a postgres:// URL, got ${describeType((options as { url?: unknown } | null)?.url)}`);
  }
  if (options.poolMax !== undefined && (!Number.isInteger(options.poolMax) || options.poolMax < 1)) {
    throw new DatabaseError('INVALID_ARGUMENT', `openPostgresDatabase: options.poolMax must be a whole number ≥ 1, got ${String(options.poolMax)}`);
  }
  const engine = new PostgresEngine({ url: options.url, poolMax: options.poolMax, connectAttempts: options.connectAttempts });
  const types = new PostgresPathTypes(options.url);
  const pools = new Set<PostgresUserPool>();
  const schemaChanged = (): void => {
    engine.tablesChanged();
    types.forget();
  };

  const collectionNamed = collectionLookup((valid) => new PostgresCollection(engine, types, valid));
  const accessor = collectionAccessor(collectionNamed);

  const methods = {
    async createIndex(collection: string, spec: IndexSpec, indexOptions?: IndexOptions): Promise<string> {
      const target = collectionNamed(collection, 'createIndex');
      const definition = postgresIndexDefinition(target.name, spec, indexOptions);
      const where = `createIndex(${JSON.stringify(target.name)})`;
      await engine.ensureTableFor(where, target.name);
      return engine.transaction(where, (client) => createPostgresIndex(client, target.name, definition));
    },
    collection: accessor,
    async query<R = any>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      return runPostgresQuery<R>(engine, sql, params, schemaChanged);
    },
    async createPool(poolOptions?: PoolOptions): Promise<Pool> {
      engine.assertOpen('createPool');
      const pool = new PostgresUserPool(options.url, poolOptions, schemaChanged);
      pools.add(pool);
      return pool;
    },
    async close(): Promise<void> {
      const ending = [...pools].map((pool) => pool.end());
      pools.clear();
      await Promise.all([...ending, types.close(), engine.close()]);
    },
  };

  return databaseProxy<PostgresDocumentDatabase>(methods, collectionNamed);
}
