// The errors the document database throws to user code: one class, told apart by `code`.
import type { WriteFailure } from '../../sdk/database-types.js';

export type DatabaseErrorCode =
  | 'INVALID_FILTER'
  | 'INVALID_UPDATE'
  | 'INVALID_DOCUMENT'
  | 'INVALID_INDEX'
  | 'INVALID_PROJECTION'
  | 'INVALID_SORT'
  | 'INVALID_OPERATION'
  | 'INVALID_COLLECTION'
  | 'INVALID_ARGUMENT'
  | 'DUPLICATE_KEY'
  | 'SQL_ERROR'
  | 'BUSY'
  | 'CLOSED'
  | 'OPEN_FAILED'
  | 'POOL_ENDED'
  | 'CLIENT_RELEASED'
  /** PostgreSQL cannot be reached (down, restarting, connection lost): the message names host:port and the cause. */
  | 'UNAVAILABLE'
  /** The PostgreSQL database was set up by a newer neosl (its schema version is above this one's). */
  | 'SCHEMA_TOO_NEW';

export interface DatabaseErrorDetails {
  /** The SQL that failed (SQL_ERROR). */
  sql?: string;
  /** SQLite's own error code, e.g. SQLITE_ERROR, SQLITE_CONSTRAINT_UNIQUE. */
  sqliteCode?: string;
  /** PostgreSQL's SQLSTATE, e.g. 23505 (PostgreSQL engine). */
  pgCode?: string;
  /** Position of the failed document / operation in an ordered batch. */
  index?: number;
  /** insertMany: what was written before an ordered batch stopped. */
  insertedCount?: number;
  insertedIds?: Record<number, string>;
  /** bulkWrite: the counts of what was applied before an ordered batch stopped. */
  result?: unknown;
  writeErrors?: WriteFailure[];
  cause?: unknown;
}

export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;
  readonly sql?: string;
  readonly sqliteCode?: string;
  readonly pgCode?: string;
  readonly index?: number;
  readonly insertedCount?: number;
  readonly insertedIds?: Record<number, string>;
  readonly result?: unknown;
  readonly writeErrors?: WriteFailure[];

  constructor(code: DatabaseErrorCode, message: string, details: DatabaseErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DatabaseError';
    this.code = code;
    if (details.sql !== undefined) this.sql = details.sql;
    if (details.sqliteCode !== undefined) this.sqliteCode = details.sqliteCode;
    if (details.pgCode !== undefined) this.pgCode = details.pgCode;
    if (details.index !== undefined) this.index = details.index;
    if (details.insertedCount !== undefined) this.insertedCount = details.insertedCount;
    if (details.insertedIds !== undefined) this.insertedIds = details.insertedIds;
    if (details.result !== undefined) this.result = details.result;
    if (details.writeErrors !== undefined) this.writeErrors = details.writeErrors;
  }
}

/** better-sqlite3's SqliteError: an Error with a string code such as SQLITE_CONSTRAINT_UNIQUE. */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'SqliteError' && typeof (error as { code?: unknown }).code === 'string';
}

/** SQL_ERROR for a statement the user wrote (query(), pool clients). */
export function sqlError(error: unknown, sql: string): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const sqliteCode = isSqliteError(error) ? error.code : undefined;
  const shown = sql.length > 500 ? `${sql.slice(0, 500)}…` : sql;
  return new DatabaseError('SQL_ERROR', `SQL error: ${message}\n  in: ${shown.trim()}`, { sql, sqliteCode, cause: error });
}

/**
 * An error from SQLite while running a statement we generated: busy and unexpected errors are
 * reported with the operation; constraint errors are handled by the callers that know the document.
 */
export function internalSqlError(error: unknown, operation: string, sql?: string): Error {
  if (error instanceof DatabaseError || !isSqliteError(error)) return error as Error;
  if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseError('BUSY', `${operation}: the database is locked by another connection (${error.message}); it stayed locked past the busy timeout`, {
      sqliteCode: error.code,
      sql,
      cause: error,
    });
  }
  return new DatabaseError('SQL_ERROR', `${operation}: ${error.message}`, { sqliteCode: error.code, sql, cause: error });
}

export function closedError(operation: string): DatabaseError {
  return new DatabaseError('CLOSED', `${operation}: the database has been closed`);
}

/** How a value reads in an error message: JSON where possible, short. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (value === undefined) return 'undefined';
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()})`;
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** "a string", "an array", "null" … for "got …" messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  switch (typeof value) {
    case 'object': {
      const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
      return name && name !== 'Object' ? `a ${name}` : 'an object';
    }
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return 'a BigInt';
    default:
      return `a ${typeof value}`;
  }
}

/** A message as a sentence: a full stop unless it already ends with one (or ? or !). */
export function endSentence(message: string): string {
  return /[.?!]$/.test(message) ? message : `${message}.`;
}
