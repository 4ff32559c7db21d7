// Collection names → table names, and dotted field paths → the SQL expressions that filters, sorts
// and indexes share. An expression index is only used when a query repeats its expression exactly,
// so every part of the backend builds field expressions here and nowhere else.
import { DatabaseError } from './errors.js';

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** A collection name is also its table name: letters, digits and _, starting with a letter. */
export function validateCollectionName(name: unknown, operation = 'collection'): string {
  if (typeof name === 'string' && COLLECTION_NAME.test(name) && !/^sqlite_/i.test(name)) return name;
  if (typeof name !== 'string') {
    throw new DatabaseError('INVALID_COLLECTION', `${operation}: a collection name must be a string, got ${typeof name}`);
  }
  const why = name === ''
    ? 'it is empty'
    : /^sqlite_/i.test(name)
      ? 'names starting with "sqlite_" are reserved by SQLite'
      : name.length > 63
        ? 'it is longer than 63 characters'
        : 'use letters, digits and _, starting with a letter';
  const suggestion = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^[^A-Za-z]+/, '').slice(0, 63);
  const hint = suggestion && suggestion !== name && COLLECTION_NAME.test(suggestion) && !/^sqlite_/i.test(suggestion) ? ` (e.g. "${suggestion}")` : '';
  throw new DatabaseError('INVALID_COLLECTION', `${operation}: invalid collection name ${JSON.stringify(name)}: ${why}${hint}`);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A document field as SQL: its value (json_extract) and its JSON type (json_type). */
export interface FieldRef {
  /** The dotted path as the user wrote it. */
  path: string;
  /** Path segments (digits-only ones are object keys here; filters add the array-position reading where arrays were stored). */
  segments: string[];
  /** SQLite JSON path, e.g. $.meta.kind or $.byBlock."100". */
  jsonPath: string;
  /** SQL for the value: json_extract(doc, '$.meta.kind'), or the _id column. */
  value: string;
  /** SQL for the JSON type name ('integer', 'text', 'object', 'null' …), NULL when the field is missing. */
  type: string;
  isId: boolean;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ARRAY_POSITION = /^(?:0|[1-9][0-9]{0,8})$/;

const idRef: FieldRef = { path: '_id', segments: ['_id'], jsonPath: '$._id', value: '_id', type: `'text'`, isId: true };
const fieldCache = new Map<string, FieldRef | string>();

/** Why a dotted path cannot be a field path, or undefined if it can. */
function pathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  for (const segment of path.split('.')) {
    if (segment === '') return 'it has an empty segment (leading, trailing or doubled dot)';
    if (segment.startsWith('$')) return `segment "${segment}" starts with "$" (operators go inside a field's condition, e.g. { amount: { $gt: 5 } })`;
    if (/["'\\[\]\u0000-\u001f]/.test(segment)) return `segment "${segment}" contains a quote, backslash, bracket or control character`;
  }
  return undefined;
}

/**
 * The SQL for a field path, or a DatabaseError naming `where` and the path. `code` is the error
 * code to use (INVALID_FILTER, INVALID_INDEX …).
 */
export function fieldRef(path: unknown, code: DatabaseError['code'], where: string): FieldRef {
  if (typeof path === 'string') {
    if (path === '_id') return idRef;
    const cached = fieldCache.get(path);
    if (typeof cached === 'object') return cached;
    const problem = cached ?? pathProblem(path);
    if (problem === undefined) {
      const segments = path.split('.');
      // Digits-only segments read as object keys: the plain form that filters and sorts use where
      // no array was ever stored at the path, and so the one indexes must be built on.
      const jsonPath = jsonPathOf(segments);
      const ref: FieldRef = {
        path,
        segments,
        jsonPath,
        value: `json_extract(doc, '${jsonPath}')`,
        type: `json_type(doc, '${jsonPath}')`,
        isId: false,
      };
      if (fieldCache.size > 10_000) fieldCache.clear();
      fieldCache.set(path, ref);
      return ref;
    }
    if (fieldCache.size > 10_000) fieldCache.clear();
    fieldCache.set(path, problem);
    throw new DatabaseError(code, `${where}: invalid field path ${JSON.stringify(path)}: ${problem}`);
  }
  throw new DatabaseError(code, `${where}: a field path must be a string, got ${typeof path}`);
}

/** Validates a dotted field path (a DatabaseError with `code`, naming `where`, when it cannot be one). */
export function checkFieldPath(path: unknown, code: DatabaseError['code'], where: string): void {
  if (path !== '_id') fieldRef(path, code, where);
}

/**
 * The SQLite JSON path of segments of a validated field path, reading the segments at `positions`
 * as array positions ([3]) and every other one as an object key (."3" for a digits-only key).
 */
export function jsonPathOf(segments: readonly string[], positions: ReadonlySet<number> = new Set()): string {
  let jsonPath = '$';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (positions.has(i)) jsonPath += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) jsonPath += `.${segment}`;
    else jsonPath += `."${segment}"`;
  }
  return jsonPath;
}

/** Whether a path segment can be an array position (digits only, no leading zero). */
export function isArrayPosition(segment: string): boolean {
  return ARRAY_POSITION.test(segment);
}

/** A JS string as an SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
