// sort({ timestamp: -1, hash: 1 }) as an engine-neutral list of sort keys: what each engine's emitter
// (sqlite: ../sort.ts, postgres: ../postgres/sort-sql.ts) turns into ORDER BY. All checking of the
// user's sort spec happens here, so both engines reject the same specs with the same messages.
//
// The order the emitters implement is MongoDB's "Comparison/Sort Order" for the values a document
// can hold here (MongoDB manual, reference/bson-type-comparison-order and cursor.sort()):
//
//   empty array < null = missing < numbers < strings < objects < arrays < booleans
//
// - numbers compare numerically (integers and reals together), strings by binary (UTF-8 byte) order,
//   false < true; a missing field sorts as null (ties between them are broken by the next key).
// - an array field sorts by its smallest element ascending and by its largest element descending
//   (elements compared in the order above, so [1] sorts before 2), an empty array below null; a dotted
//   path through an array of documents ('items.k') sorts by the elements' values the same way.
// - Dates are stored as ISO-8601 strings, so they sort as strings (chronologically among themselves,
//   but among the strings, not after the booleans as BSON Dates would). ObjectIds are strings too.
//   MinKey, BinData, Timestamp, RegExp, JavaScript and MaxKey cannot be stored.
//
// Approximations: objects among objects, and arrays nested inside an array among such arrays, compare
// by each engine's own order of their JSON (sqlite: the stored JSON text; postgres: jsonb's order),
// not field by field as MongoDB does. Strings on PostgreSQL compare in the database's collation
// (binary under the C collation). MongoDB refuses a compound sort on two array fields of the same
// document ("parallel arrays"); here each key is computed on its own.
import { DatabaseError, describeType, show } from '../errors.js';
import { checkFieldPath } from '../paths.js';
import { isPlainObject } from '../values.js';

export interface SortKey {
  /** The dotted field path as the user wrote it ('_id', 'timestamp', 'meta.fee'). */
  path: string;
  /** 1 ascending, -1 descending. */
  direction: 1 | -1;
}

/** MongoDB's limit on the keys of one sort. */
export const MAX_SORT_KEYS = 32;

const DIRECTIONS: Record<string, 1 | -1> = { '1': 1, '-1': -1, asc: 1, desc: -1, ascending: 1, descending: -1 };

/** The keys of a sort spec in order; [] for no sort. `where` names the call in error messages. */
export function parseSort(spec: unknown, where: string): SortKey[] {
  if (spec === undefined || spec === null) return [];
  if (!isPlainObject(spec)) {
    throw new DatabaseError('INVALID_SORT', `${where}: sort() takes an object like { timestamp: -1 }, got ${describeType(spec)}`);
  }
  const keys: SortKey[] = [];
  for (const path in spec) {
    const value = spec[path];
    const direction = typeof value === 'number' || typeof value === 'string' ? DIRECTIONS[String(value).toLowerCase()] : undefined;
    if (direction === undefined) {
      throw new DatabaseError('INVALID_SORT', `${where}: sort direction for "${path}" must be 1 (ascending) or -1 (descending), got ${show(value)}`);
    }
    checkFieldPath(path, 'INVALID_SORT', `${where}: sort()`);
    keys.push({ path, direction });
  }
  if (keys.length > MAX_SORT_KEYS) {
    throw new DatabaseError('INVALID_SORT', `${where}: sort() on ${keys.length} fields; at most ${MAX_SORT_KEYS} are allowed`);
  }
  return keys;
}
