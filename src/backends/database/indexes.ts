// createIndex: a real SQLite expression index over json_extract(doc, '$.path') (DESC for -1), with
// exactly the expressions filters and sorts use. Idempotent: the same definition under the same
// name is a no-op; a different one under a taken name is an error.
import type { IndexOptions, IndexSpec } from '../../sdk/database-types.js';
import { didYouMean } from '../../util/suggest.js';
import type { Connection } from './connection.js';
import { DatabaseError, describeType, internalSqlError, isSqliteError, show } from './errors.js';
import { fieldRef, quoteIdentifier } from './paths.js';
import { isPlainObject } from './values.js';

const OPTION_KEYS = ['unique', 'name'];
/** Accepted and ignored (MongoDB's deprecated build option). */
const IGNORED_OPTION_KEYS = ['background'];

export interface IndexDefinition {
  name: string;
  sql: string;
}

/** The CREATE INDEX statement for a spec, validated; errors say what is wrong and where. */
export function indexDefinition(collection: string, spec: unknown, options: unknown): IndexDefinition {
  const where = `createIndex(${JSON.stringify(collection)}, ${show(spec)})`;
  const fail = (message: string): never => {
    throw new DatabaseError('INVALID_INDEX', `${where}: ${message}`);
  };
  if (!isPlainObject(spec)) fail(`the index spec must be an object like { timestamp: -1 }, got ${describeType(spec)}`);
  const entries = Object.entries(spec as IndexSpec);
  if (entries.length === 0) fail('the index spec is empty; name at least one field, e.g. { timestamp: -1 }');
  const terms: string[] = [];
  const nameParts: string[] = [];
  for (const [path, direction] of entries) {
    const ref = fieldRef(path, 'INVALID_INDEX', where);
    if (direction !== 1 && direction !== -1) {
      const kind = typeof direction === 'string' ? ` (index type "${direction}" is not supported)` : '';
      fail(`the value for "${path}" must be 1 (ascending) or -1 (descending), got ${show(direction)}${kind}`);
    }
    terms.push(direction === -1 ? `${ref.value} DESC` : ref.value);
    nameParts.push(`${path}_${direction}`);
  }

  let unique = false;
  let name = `${collection}_${nameParts.join('_')}`;
  if (options !== undefined && options !== null) {
    if (!isPlainObject(options)) fail(`the options must be an object like { unique: true }, got ${describeType(options)}`);
    const record = options as IndexOptions & Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (OPTION_KEYS.includes(key) || IGNORED_OPTION_KEYS.includes(key)) continue;
      const suggestion = didYouMean(key, OPTION_KEYS);
      fail(`unknown index option "${key}"${suggestion ? `; ${suggestion}` : `; supported: ${OPTION_KEYS.join(', ')}`}`);
    }
    if (record.unique !== undefined) {
      if (typeof record.unique !== 'boolean') fail(`unique must be true or false, got ${show(record.unique)}`);
      unique = record.unique;
    }
    if (record.name !== undefined) {
      if (typeof record.name !== 'string' || record.name.trim() === '' || /[\u0000-\u001f]/.test(record.name) || record.name.length > 128) {
        fail(`name must be a non-empty string of at most 128 characters, got ${show(record.name)}`);
      }
      if (/^sqlite_/i.test(record.name)) fail(`name ${JSON.stringify(record.name)} is reserved: names starting with "sqlite_" belong to SQLite`);
      name = record.name;
    }
  }
  return {
    name,
    sql: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(collection)} (${terms.join(', ')})`,
  };
}

/** Creates the index if it does not exist yet; returns its name. The collection's table must exist. */
export function createIndex(connection: Connection, collection: string, definition: IndexDefinition): string {
  const where = `createIndex(${JSON.stringify(collection)})`;
  try {
    return connection.write(() => {
      const existing = connection.db.prepare(`SELECT tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(definition.name) as
        | { tableName: string; sql: string | null }
        | undefined;
      if (existing) {
        // Before digits-only segments read as object keys, such an index was built on "[100]".
        if (existing.sql === definition.sql || existing.sql?.replace(/\[(\d+)\]/g, '."$1"') === definition.sql) return definition.name;
        throw new DatabaseError(
          'INVALID_INDEX',
          `${where}: an index named ${JSON.stringify(definition.name)} already exists ${existing.tableName === collection ? 'on this collection' : `on collection "${existing.tableName}"`} with a different definition (${existing.sql ?? 'built in'}); drop it first or choose another name`,
        );
      }
      connection.db.exec(definition.sql);
      return definition.name;
    });
  } catch (error) {
    if (isSqliteError(error) && error.code.startsWith('SQLITE_CONSTRAINT')) {
      throw new DatabaseError('DUPLICATE_KEY', `${where}: cannot build unique index ${JSON.stringify(definition.name)}: some documents already share the same values for its fields`, { cause: error });
    }
    throw internalSqlError(error, where, definition.sql);
  }
}

/** "unique index "x" (hash: "0xabc")" from SQLite's "UNIQUE constraint failed: index 'x'" message. */
export function describeUniqueIndex(connection: Connection, sqliteMessage: string, document: unknown): string {
  const name = /index '([^']+)'/.exec(sqliteMessage)?.[1];
  if (name === undefined) return sqliteMessage;
  const row = connection.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) as { sql: string | null } | undefined;
  const paths = [...(row?.sql ?? '').matchAll(/json_extract\(doc, '\$\.([^']*)'\)/g)].map((match) => jsonPathToDotted(match[1]!));
  return duplicateKeyMessage(name, paths, document);
}

/**
 * What a unique index `name` on `paths` refused, for both engines: with the document's values at
 * the paths (insert), or the paths alone when there is no one document (update).
 */
export function duplicateKeyMessage(name: string, paths: readonly string[], document: unknown): string {
  if (paths.length === 0) return `unique index "${name}" already has a document with the same values`;
  const values = paths.map((path) => (document === undefined ? path : `${path}: ${show(valueAt(document, path))}`));
  return `unique index "${name}" already has a document with the same ${document === undefined ? 'values for ' : ''}${values.join(', ')}`;
}

function jsonPathToDotted(jsonPath: string): string {
  return jsonPath.replace(/\[(\d+)\]/g, '.$1').replace(/"([^"]*)"/g, '$1');
}

function valueAt(document: unknown, path: string): unknown {
  let node = document;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
