// openDocumentDatabase: the SDK's `Database` on a SQLite file (or ':memory:'). Collections are
// reachable by property (database.transactions), by name (database.collection('x')), and
// database.collection is itself the collection named "collection" (as the performance guide uses it).
import type { CollectionAccessor, Database, IndexOptions, IndexSpec, Pool, PoolOptions, QueryResult } from '../../sdk/database-types.js';
import { DocumentCollection } from './collection.js';
import { Connection } from './connection.js';
import { DatabaseError, describeType } from './errors.js';
import { createIndex, indexDefinition } from './indexes.js';
import { validateCollectionName } from './paths.js';
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

const COLLECTION_METHODS = ['find', 'findOne', 'countDocuments', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'bulkWrite'] as const;

export function openDocumentDatabase(options: OpenDocumentDatabaseOptions): DocumentDatabase {
  if (typeof options !== 'object' || options === null || typeof options.file !== 'string' || options.file === '') {
    throw new DatabaseError('INVALID_ARGUMENT', `openDocumentDatabase: options.file must be a path or ':memory:', got ${describeType((options as { file?: unknown } | null)?.file)}`);
  }
  const connection = new Connection(options.file);
  const collections = new Map<string, DocumentCollection>();
  const pools = new Set<DocumentPool>();

  const collectionNamed = (name: unknown, operation: string): DocumentCollection => {
    const cached = typeof name === 'string' ? collections.get(name) : undefined;
    if (cached) return cached;
    const valid = validateCollectionName(name, operation);
    const created = new DocumentCollection(connection, valid);
    collections.set(valid, created);
    return created;
  };

  // database.collection: a function returning collections by name, with the methods of the
  // collection named "collection" attached (its `name` is already "collection").
  const named = collectionNamed('collection', 'collection');
  const accessor = function collection(name: string) {
    return collectionNamed(name, 'database.collection()');
  } as unknown as CollectionAccessor;
  for (const method of COLLECTION_METHODS) {
    Object.defineProperty(accessor, method, { value: (named[method] as (...args: unknown[]) => unknown).bind(named), enumerable: true });
  }

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

  return new Proxy(methods, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || Object.hasOwn(target, property)) return Reflect.get(target, property, receiver);
      // Not thenable (await database must not look for a collection "then"), and Object's own
      // members (toString, constructor …) stay what they are.
      if (property === 'then') return undefined;
      if (property in Object.prototype) return Reflect.get(target, property, receiver);
      // Names no collection can have ($$typeof, _isMockFunction, @@…): probes by tools, not collections.
      if (!/^[A-Za-z]/.test(property)) return undefined;
      return collectionNamed(property, `database.${property}`);
    },
    set(_target, property) {
      throw new DatabaseError('INVALID_ARGUMENT', `cannot assign database.${String(property)}: the properties of the database are its collections`);
    },
    deleteProperty(_target, property) {
      throw new DatabaseError('INVALID_ARGUMENT', `cannot delete database.${String(property)}: the properties of the database are its collections`);
    },
  }) as unknown as DocumentDatabase;
}
