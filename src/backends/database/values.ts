// Values compared against stored JSON, as SQLite sees them: json_extract gives strings, numbers,
// 1/0 for true/false, NULL for null and missing, and JSON text for objects and arrays.
import { serializeValue } from './document.js';
import { DatabaseError, describeType } from './errors.js';

export type Comparable =
  /** null, or a field that is missing. */
  | { kind: 'null' }
  /** A string, number, bigint or Date (as its ISO string): bound as is. */
  | { kind: 'scalar'; param: string | number | bigint }
  /** true/false: json_extract gives 1/0, so bind 1/0 and check the JSON type. */
  | { kind: 'boolean'; param: 1 | 0; jsonType: 'true' | 'false' }
  /** An embedded document or array, compared as (SQLite-normalised) JSON text. */
  | { kind: 'json'; param: string; jsonType: 'object' | 'array' };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** How a filter value compares; INVALID_FILTER for values no stored JSON can equal. */
export function comparable(value: unknown, at: string, where: string): Comparable {
  switch (typeof value) {
    case 'string':
    case 'bigint':
      return { kind: 'scalar', param: value };
    case 'number':
      if (Number.isFinite(value)) return { kind: 'scalar', param: value };
      throw new DatabaseError('INVALID_FILTER', `${where}: the value for "${at}" is ${value}, which no stored document can hold (JSON has no NaN or Infinity)`);
    case 'boolean':
      return value ? { kind: 'boolean', param: 1, jsonType: 'true' } : { kind: 'boolean', param: 0, jsonType: 'false' };
    case 'undefined':
      throw new DatabaseError('INVALID_FILTER', `${where}: the value for "${at}" is undefined (use null to match a missing or null field, or leave the key out)`);
  }
  if (value === null) return { kind: 'null' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DatabaseError('INVALID_FILTER', `${where}: the value for "${at}" is an invalid Date`);
    return { kind: 'scalar', param: value.toISOString() };
  }
  if (value instanceof RegExp) {
    throw new DatabaseError('INVALID_FILTER', `${where}: the value for "${at}" is a regular expression; regular expressions ($regex) are not supported`);
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    const json = serializeValue(value, at, where)!;
    return { kind: 'json', param: json, jsonType: Array.isArray(value) ? 'array' : 'object' };
  }
  throw new DatabaseError('INVALID_FILTER', `${where}: the value for "${at}" is ${describeType(value)}, which cannot be compared with stored JSON`);
}

/** A parameter for query(): better-sqlite3 binds numbers, strings, bigints, Buffers and null only. */
export function bindParameter(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
