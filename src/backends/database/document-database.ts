// openDocumentDatabase: the SDK's `Database` on a SQLite file (or ':memory:'). Collections are
// reachable by property (database.transactions), by name (database.collection('x')), and
// database.collection is itself the collection named "collection" (as the performance guide uses it).
import type { Database, IndexOptions, IndexSpec, Pool, PoolOptions, QueryResult } from '../../sdk/database-types.js';
import { DocumentCollection } from './collection.js';
import { Connection } from './connection.js';
import { DatabaseError, describeType } from './errors.js';
import { createIndex, indexDefinition } from './indexes.js';
import { collectionAccessor, collectionLookup, databaseProxy } from './database-surface.js';
import { DocumentPool } from './pool.js';
import { runQuery } from './sql-query.js';

export interface OpenDocumentDatabaseOptions {
  /** A file path (created if missing; its directory must exist), or ':memory:'. */
  file: string;
}

/** The SDK Database plus what its owner needs. */
export type DocumentDatabase = Database & {
  /** Ends the pools and closes the connection; later calls fail with code CLOSED. Idempotent. */
  close(): void;
};

export function openDocumentDatabase(options: OpenDocumentDatabaseOptions): DocumentDatabase {
  if (typeof options !== 'object' || options === null || typeof options.file !== 'string' || options.file === '') {
    throw new DatabaseError('INVALID_ARGUMENT', `openDocumentDatabase: options.file must be a path or ':memory:', got ${describeType((options as { file?: unknown } | null)?.file)}`);
  }
  const connection = new Connection(options.file);
  const pools = new Set<DocumentPool>();

  const collectionNamed = collectionLookup((valid) => new DocumentCollection(connection, valid));
  const accessor = collectionAccessor(collectionNamed);

  const methods = {
    async createIndex(collection: string, spec: IndexSpec, indexOptions?: IndexOptions): Promise<string> {
      const target = collectionNamed(collection, 'createIndex');
      const definition = indexDefinition(target.name, spec, indexOptions);
      target.ensure('createIndex');
      return createIndex(connection, target.name, definition);
    },
    collection: accessor,
    async query<R = any>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      return runQuery<R>(connection, sql, params);
    },
    async createPool(poolOptions?: PoolOptions): Promise<Pool> {
      connection.assertOpen('createPool');
      const pool = new DocumentPool((sql, params, operation) => runQuery(connection, sql, params, operation), poolOptions);
      pools.add(pool);
      return pool;
    },
    close(): void {
      for (const pool of pools) void pool.end();
      pools.clear();
      connection.close();
    },
  };

  return databaseProxy<DocumentDatabase>(methods, collectionNamed);
}
