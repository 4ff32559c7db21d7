// sort({ timestamp: -1, hash: 1 }) → a SQLite ORDER BY in MongoDB's comparison/sort order (the rules
// are listed in query/sort-model.ts, which also checks the spec).
//
// Each key compiles to the cheapest term that is exact for what the collection has ever stored at its
// path (query/path-types.ts):
// - plain: the bare json_extract expression the indexes and filters use, so an index on the field (same
//   or exactly reversed direction) gives the order. SQLite's own order of json_extract values is
//   MongoDB's when the path held only numbers and strings (NULL < numbers < text), only objects (their
//   JSON text) with or without numbers, or only booleans (0 < 1), each with null/missing.
// - bracket: the BSON type bracket (CASE on json_type), then the value: for paths that held booleans
//   or objects mixed with other types (booleans would sort as 0/1 among the numbers, objects as text
//   among the strings).
// - element: for paths where an array was stored (at the path or at a parent): the smallest element's
//   bracket and value ascending, the largest's descending, an empty array in a bracket of its own below
//   null; a dotted path through arrays of documents reaches each element's field (missing → null).
// Sorting on _id (a text column, always a non-empty string) is always plain.
import { OVERFLOW_PATH, type PathTypes, TYPE_ANY, TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING, typesAt } from './query/path-types.js';
import { parseSort, type SortKey } from './query/sort-model.js';
import { fieldRef, isArrayPosition, jsonPathOf } from './paths.js';

/** Type sets (null aside) whose plain json_extract order is already MongoDB's. */
const PLAIN_EXACT = new Set([0, TYPE_NUMBER, TYPE_STRING, TYPE_NUMBER | TYPE_STRING, TYPE_OBJECT, TYPE_NUMBER | TYPE_OBJECT, TYPE_BOOLEAN]);

/** Brackets in MongoDB's order; an empty array sorts below null. */
const EMPTY_ARRAY_BRACKET = 0;
const NULL_BRACKET = 1;

/** A json_type name (from json_type() or json_each.type) → its bracket in MongoDB's order. */
function bracketOf(typeSql: string): string {
  return `CASE ${typeSql} WHEN 'integer' THEN 2 WHEN 'real' THEN 2 WHEN 'text' THEN 3 WHEN 'object' THEN 4 WHEN 'array' THEN 5 WHEN 'true' THEN 6 WHEN 'false' THEN 6 ELSE ${NULL_BRACKET} END`;
}

/** The JSON path step into an object's key: .name, or ."100" (validated paths hold no quotes). */
function keyStep(segment: string): string {
  return jsonPathOf([segment]).slice(1);
}

/**
 * SQL for the values one document holds at `path` for sorting, as CTEs ending in `k(b, v)`: one row
 * per value (bracket, value), arrays on the way and at the end expanded into their elements. Rows of
 * the intermediate CTEs are JSON paths into `doc` (json_each's fullkey), so nothing is re-parsed.
 */
function valuesAt(path: string, types: PathTypes): string {
  const segments = path.split('.');
  const mayHoldArray = (end: number) => (typesAt(types, segments.slice(0, end + 1).join('.')) & TYPE_ARRAY) !== 0;
  const ctes: string[] = [];
  let rows: string | undefined; // the CTE holding the paths reached so far, once arrays are involved
  let staticPath = `$${keyStep(segments[0]!)}`;
  for (let at = 0; at < segments.length - 1; at++) {
    const next = segments[at + 1]!;
    if (rows === undefined && !mayHoldArray(at)) {
      staticPath += keyStep(next);
      continue;
    }
    if (rows === undefined) {
      ctes.push(`r${ctes.length} AS (SELECT '${staticPath}' AS p)`);
      rows = `r${ctes.length - 1}`;
    }
    const intoArray = isArrayPosition(next)
      ? `SELECT r.p || '[${next}]' FROM ${rows} r WHERE json_type(doc, r.p) = 'array'`
      : `SELECT e.fullkey || '${keyStep(next)}' FROM ${rows} r, json_each(doc, r.p) e WHERE json_type(doc, r.p) = 'array' AND e.type = 'object'`;
    ctes.push(`r${ctes.length} AS (SELECT r.p || '${keyStep(next)}' AS p FROM ${rows} r WHERE json_type(doc, r.p) IS NOT 'array' UNION ALL ${intoArray})`);
    rows = `r${ctes.length - 1}`;
  }
  if (rows === undefined) {
    ctes.push(`r${ctes.length} AS (SELECT '${staticPath}' AS p)`);
    rows = `r${ctes.length - 1}`;
  }
  ctes.push(
    `k AS (SELECT ${bracketOf('json_type(doc, r.p)')} AS b, json_extract(doc, r.p) AS v FROM ${rows} r WHERE json_type(doc, r.p) IS NOT 'array'`
      + ` UNION ALL SELECT ${bracketOf('e.type')}, e.value FROM ${rows} r, json_each(doc, r.p) e WHERE json_type(doc, r.p) = 'array'`
      + ` UNION ALL SELECT ${EMPTY_ARRAY_BRACKET}, NULL FROM ${rows} r WHERE json_type(doc, r.p) = 'array' AND json_array_length(doc, r.p) = 0)`,
  );
  return `WITH ${ctes.join(', ')}`;
}

/** typesAt, without its general walk for the common top-level path (sort compiles on every find). */
function bitsAt(types: PathTypes, path: string): number {
  if (path.includes('.')) return typesAt(types, path);
  return types.has(OVERFLOW_PATH) ? TYPE_ANY : (types.get(path) ?? 0);
}

/**
 * json_extract / json_type of a field with no array on its way: digits-only segments are object keys
 * (as the filters read them). fieldRef's cached SQL when the path has no such segment.
 */
function objectField(path: string): { value: string; type: string } {
  const ref = fieldRef(path, 'INVALID_SORT', 'sort()');
  if (!ref.segments.some(isArrayPosition)) return ref;
  const jsonPath = jsonPathOf(ref.segments);
  return { value: `json_extract(doc, '${jsonPath}')`, type: `json_type(doc, '${jsonPath}')` };
}

/** The ORDER BY terms for one key. */
function keyTerms(key: SortKey, types: PathTypes): string {
  const direction = key.direction === 1 ? 'ASC' : 'DESC';
  if (key.path === '_id') return `_id ${direction}`;
  const bits = bitsAt(types, key.path) & ~TYPE_NULL;
  if ((bits & TYPE_ARRAY) === 0) {
    const { value, type } = objectField(key.path);
    if (PLAIN_EXACT.has(bits & (TYPE_NUMBER | TYPE_STRING | TYPE_OBJECT | TYPE_BOOLEAN))) return `${value} ${direction}`;
    return `${bracketOf(type)} ${direction}, ${value} ${direction}`;
  }
  // The smallest value ascending, the largest descending; a document with no value at all sorts as null.
  const values = valuesAt(key.path, types);
  const pick = `FROM k ORDER BY b ${direction}, v ${direction} LIMIT 1`;
  return `coalesce((${values} SELECT b ${pick}), ${NULL_BRACKET}) ${direction}, (${values} SELECT v ${pick}) ${direction}`;
}

/** The ORDER BY list for already parsed keys (without the keywords), '' for none. */
export function compileSortKeys(keys: readonly SortKey[], types: PathTypes = new Map()): string {
  return keys.map((key) => keyTerms(key, types)).join(', ');
}

/**
 * The ORDER BY list (without the keywords) for a user's sort spec, '' for no sort. `types` is what the
 * collection has stored at each path (an empty map: nothing known beyond plain values).
 */
export function compileSort(spec: unknown, where: string, types: PathTypes = new Map()): string {
  return compileSortKeys(parseSort(spec, where), types);
}
