// createIndex on PostgreSQL: a btree over the exact jsonb expressions the filters and sorts use
// (postgres/paths.ts), unique when asked. Validation and errors are the SQLite engine's
// (indexes.ts indexDefinition). Idempotent: the index's definition is kept as its COMMENT, so the
// same definition under the same name is a no-op and a different one is an error.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { DatabaseError } from '../errors.js';
import { duplicateKeyMessage, indexDefinition } from '../indexes.js';
import { quoteIdentifier } from '../paths.js';
import { jsonbExpression } from './expressions.js';
import { pgCode } from './pg-errors.js';

/** PostgreSQL truncates identifiers past 63 bytes; longer names get a hash suffix instead. */
const MAX_IDENTIFIER_BYTES = 63;
/** Serialises index creation across processes (the existence check and CREATE INDEX). */
const INDEX_LOCK_KEY = 7_316_273_312;

export interface PostgresIndexDefinition {
  /** The name the user gave or the default one (as on SQLite). */
  name: string;
  /** The PostgreSQL identifier (name, or a shortened form of it). */
  pgName: string;
  paths: string[];
  unique: boolean;
  sql: string;
}

function pgIdentifier(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  let prefix = name;
  while (Buffer.byteLength(prefix) > MAX_IDENTIFIER_BYTES - 13) prefix = prefix.slice(0, -1);
  return `${prefix}_${hash}`;
}

/** Validates the spec (same errors as SQLite) and builds the CREATE INDEX statement. */
export function postgresIndexDefinition(collection: string, spec: unknown, options: unknown): PostgresIndexDefinition {
  const sqlite = indexDefinition(collection, spec, options);
  const unique = sqlite.sql.startsWith('CREATE UNIQUE');
  const entries = Object.entries(spec as Record<string, 1 | -1>);
  const terms = entries.map(([path, direction]) => {
    const expression = path === '_id' ? '_id' : `(${jsonbExpression(path)})`;
    return direction === -1 ? `${expression} DESC NULLS LAST` : `${expression} ASC NULLS FIRST`;
  });
  const pgName = pgIdentifier(sqlite.name);
  return {
    name: sqlite.name,
    pgName,
    paths: entries.map(([path]) => path),
    unique,
    sql: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(pgName)} ON ${quoteIdentifier(collection)} (${terms.join(', ')})`,
  };
}

interface StoredDefinition {
  neosl: 1;
  name: string;
  collection: string;
  paths: string[];
  sql: string;
}

function parseComment(comment: string | null): StoredDefinition | undefined {
  if (comment === null) return undefined;
  try {
    const parsed = JSON.parse(comment) as StoredDefinition;
    return parsed.neosl === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the index unless it exists; inside the caller's transaction. Returns its name. */
export async function createPostgresIndex(client: pg.ClientBase, collection: string, definition: PostgresIndexDefinition): Promise<string> {
  const where = `createIndex(${JSON.stringify(collection)})`;
  await client.query(`SELECT pg_advisory_xact_lock(${INDEX_LOCK_KEY})`);
  const { rows } = await client.query<{ table_name: string; comment: string | null; indexdef: string }>(
    `SELECT t.relname AS table_name, obj_description(i.oid, 'pg_class') AS comment, pg_get_indexdef(i.oid) AS indexdef
       FROM pg_class i JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class t ON t.oid = x.indrelid
      WHERE i.relname = $1 AND i.relnamespace = current_schema()::regnamespace`,
    [definition.pgName],
  );
  const existing = rows[0];
  if (existing !== undefined) {
    const stored = parseComment(existing.comment);
    if (stored?.sql === definition.sql) return definition.name;
    throw new DatabaseError(
      'INVALID_INDEX',
      `${where}: an index named ${JSON.stringify(definition.name)} already exists ${existing.table_name === collection ? 'on this collection' : `on collection "${existing.table_name}"`} with a different definition (${stored?.sql ?? existing.indexdef}); drop it first or choose another name`,
    );
  }
  try {
    await client.query('SAVEPOINT create_index');
    await client.query(definition.sql);
    await client.query('RELEASE SAVEPOINT create_index');
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT create_index');
    if (pgCode(error) === '23505') {
      throw new DatabaseError('DUPLICATE_KEY', `${where}: cannot build unique index ${JSON.stringify(definition.name)}: some documents already share the same values for its fields`, { cause: error, pgCode: '23505' });
    }
    throw error;
  }
  const stored: StoredDefinition = { neosl: 1, name: definition.name, collection, paths: definition.paths, sql: definition.sql };
  await client.query(`COMMENT ON INDEX ${quoteIdentifier(definition.pgName)} IS ${literal(JSON.stringify(stored))}`);
  return definition.name;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * "unique index "x" already has a document with the same hash: "0xabc"" for a unique violation
 * (error 23505 names the constraint), as the SQLite engine words it.
 */
export async function describeUniqueViolation(client: pg.ClientBase, error: unknown, document: unknown): Promise<string> {
  const constraint = (error as { constraint?: string }).constraint;
  if (constraint === undefined) return (error as Error).message;
  let stored: StoredDefinition | undefined;
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT obj_description(oid, 'pg_class') AS comment FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace`,
      [constraint],
    );
    stored = parseComment(rows[0]?.comment ?? null);
  } catch {
    stored = undefined; // the transaction is aborted: describe with what the error says
  }
  const name = stored?.name ?? constraint;
  const paths = stored?.paths ?? [];
  return duplicateKeyMessage(name, paths, document);
}
