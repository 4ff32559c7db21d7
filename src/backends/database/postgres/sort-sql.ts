// Sort keys (query/sort-model.ts) → a PostgreSQL ORDER BY over a collection table
// `(_id text PRIMARY KEY, doc jsonb NOT NULL)`, in MongoDB's comparison/sort order, with the same
// results as the SQLite emitter (../sort.ts) for the same documents.
//
// PostgreSQL's own jsonb order (Object > Array > Boolean > Number > String > Null, and a missing
// field is SQL NULL, sorted last ascending by default) differs from BSON's (null < numbers < strings <
// objects < arrays < booleans), so each key compiles to the cheapest term that is exact for what the
// collection has ever stored at its path (query/path-types.ts):
// - plain: the bare jsonb expression the indexes are built on, `doc->'ts' ASC NULLS FIRST` /
//   `DESC NULLS LAST` (missing first ascending, as null is): exact when the path never held both numbers
//   and strings, nor both objects and booleans (the pairs jsonb orders differently from BSON). An index
//   built `((doc->'ts') NULLS FIRST)` gives this order in both directions (scanned backwards for DESC);
//   a plain `(doc->'ts')` index (NULLS LAST) gives neither.
//   A path that held null and is followed by another key compiles to coalesce(e, 'null') instead, so that
//   null and missing tie and the next key decides (not index-served).
// - bracket: the BSON type bracket (CASE on jsonb_typeof), then the value, for the mixed pairs above.
// - element: for paths where an array was stored (at the path or a parent): one jsonb [bracket, value]
//   of the smallest element ascending, the largest descending; an empty array below null.
// Strings compare in the database's collation: MongoDB's binary order needs the C collation.
import { type PathTypes, TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING, typesAt } from '../query/path-types.js';
import type { SortKey } from '../query/sort-model.js';
import { isArrayPosition, sqlString } from '../paths.js';
import { postgresFieldOf } from './paths.js';

const EMPTY_ARRAY_BRACKET = 0;
const NULL_BRACKET = 1;

/** A jsonb_typeof name → its bracket in MongoDB's order (NULL, for a missing field, is null's). */
function bracketOf(jsonbSql: string): string {
  return `CASE jsonb_typeof(${jsonbSql}) WHEN 'number' THEN 2 WHEN 'string' THEN 3 WHEN 'object' THEN 4 WHEN 'array' THEN 5 WHEN 'boolean' THEN 6 ELSE ${NULL_BRACKET} END`;
}

/** doc->'a'->'b': the jsonb of a field when no array is on its way (digits are object keys), as indexes build it. */
function objectPath(segments: readonly string[]): string {
  return postgresFieldOf(segments);
}

/** The elements of jsonb `sql` when it is an array, no rows otherwise (never an error). */
function elementsOf(jsonbSql: string): string {
  return `jsonb_array_elements(CASE WHEN jsonb_typeof(${jsonbSql}) = 'array' THEN ${jsonbSql} ELSE '[]'::jsonb END)`;
}

/**
 * SQL for the values one document holds at `path` for sorting, as CTEs ending in `k(b, v)`: one row
 * per value (bracket, jsonb), arrays on the way and at the end expanded into their elements.
 */
function valuesAt(segments: readonly string[], types: PathTypes): string {
  const mayHoldArray = (end: number) => (typesAt(types, segments.slice(0, end + 1).join('.')) & TYPE_ARRAY) !== 0;
  const ctes: string[] = [];
  let rows: string | undefined;
  let staticLength = 1;
  for (let at = 0; at < segments.length - 1; at++) {
    const next = segments[at + 1]!;
    if (rows === undefined && !mayHoldArray(at)) {
      staticLength++;
      continue;
    }
    if (rows === undefined) {
      ctes.push(`r${ctes.length} AS (SELECT ${objectPath(segments.slice(0, staticLength))} AS v)`);
      rows = `r${ctes.length - 1}`;
    }
    const intoArray = isArrayPosition(next)
      ? `SELECT r.v->${next} FROM ${rows} r WHERE jsonb_typeof(r.v) = 'array'`
      : `SELECT e->${sqlString(next)} FROM ${rows} r, ${elementsOf('r.v')} e WHERE jsonb_typeof(e) = 'object'`;
    ctes.push(`r${ctes.length} AS (SELECT r.v->${sqlString(next)} AS v FROM ${rows} r WHERE jsonb_typeof(r.v) IS DISTINCT FROM 'array' UNION ALL ${intoArray})`);
    rows = `r${ctes.length - 1}`;
  }
  if (rows === undefined) {
    ctes.push(`r${ctes.length} AS (SELECT ${objectPath(segments.slice(0, staticLength))} AS v)`);
    rows = `r${ctes.length - 1}`;
  }
  ctes.push(
    `k AS (SELECT ${bracketOf('r.v')} AS b, r.v AS v FROM ${rows} r WHERE jsonb_typeof(r.v) IS DISTINCT FROM 'array'`
      + ` UNION ALL SELECT ${bracketOf('e')}, e FROM ${rows} r, ${elementsOf('r.v')} e`
      + ` UNION ALL SELECT ${EMPTY_ARRAY_BRACKET}, NULL FROM ${rows} r WHERE r.v = '[]'::jsonb)`,
  );
  return `WITH ${ctes.join(', ')}`;
}

/** Whether the bare jsonb order is MongoDB's for a path that held these (non-array) types. */
function jsonbOrderIsExact(bits: number): boolean {
  const both = (a: number, b: number) => (bits & a) !== 0 && (bits & b) !== 0;
  return !both(TYPE_NUMBER, TYPE_STRING) && !both(TYPE_OBJECT, TYPE_BOOLEAN);
}

function keyTerms(key: SortKey, types: PathTypes, last: boolean): string {
  const direction = key.direction === 1 ? 'ASC' : 'DESC';
  if (key.path === '_id') return `_id ${direction}`;
  const segments = key.path.split('.');
  const bits = typesAt(types, key.path);
  if ((bits & TYPE_ARRAY) === 0) {
    const field = objectPath(segments);
    if (!jsonbOrderIsExact(bits)) return `${bracketOf(field)} ${direction}, coalesce(${field}, 'null'::jsonb) ${direction}`;
    if ((bits & TYPE_NULL) !== 0 && !last) return `coalesce(${field}, 'null'::jsonb) ${direction}`;
    return `${field} ${direction} NULLS ${key.direction === 1 ? 'FIRST' : 'LAST'}`;
  }
  // [bracket, value] of the smallest value ascending, the largest descending: jsonb compares two-element
  // arrays element by element. A document with no value at all sorts as null.
  return `coalesce((${valuesAt(segments, types)} SELECT jsonb_build_array(b, v) FROM k ORDER BY b ${direction}, v ${direction} LIMIT 1), '[${NULL_BRACKET}, null]'::jsonb) ${direction}`;
}

/** The ORDER BY list (without the keywords) for parsed sort keys, '' for none. */
export function compilePostgresSort(keys: readonly SortKey[], types: PathTypes): string {
  return keys.map((key, index) => keyTerms(key, types, index === keys.length - 1)).join(', ');
}
