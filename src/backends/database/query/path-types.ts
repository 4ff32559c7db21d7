// What JSON types have ever been stored at each field path of a collection, the way MongoDB keeps a
// "multikey" flag per index: a filter or sort on a path where no array (or only one type) was ever
// stored compiles to the plain expression an index serves; only paths that hold arrays or mixed
// types pay for MongoDB's element-wise and cross-type rules. Engine-neutral: each engine keeps the
// map in a table (sqlite: _neosl_path_types; postgres: the same) and adds to it in the transaction
// that writes the document. Bits only ever get added, so a stale superset is always safe.
//
// Paths are dotted as users write them, with array elements descended transparently (the path of
// `{ items: [{ k: 1 }] }`'s inner value is "items.k", its elements' types are recorded at "items"),
// so an object key made of digits ("byBlock.100") is a segment of its own.

export const TYPE_NULL = 1;
export const TYPE_NUMBER = 2;
export const TYPE_STRING = 4;
export const TYPE_OBJECT = 8;
export const TYPE_ARRAY = 16;
export const TYPE_BOOLEAN = 32;
/** Every bit: what a path may hold when nothing is known (a collection past MAX_TRACKED_PATHS). */
export const TYPE_ANY = 63;

/** Past this many distinct paths in a collection (map-like documents), stop tracking: every path is TYPE_ANY. */
export const MAX_TRACKED_PATHS = 2000;
/** The key under which an engine records that a collection stopped tracking (no field path is empty). */
export const OVERFLOW_PATH = '';

/** path → OR of TYPE_* bits. Contains OVERFLOW_PATH when the collection is past MAX_TRACKED_PATHS. */
export type PathTypes = ReadonlyMap<string, number>;

const ARRAY_POSITION = /^(?:0|[1-9][0-9]{0,8})$/;
const MAX_DEPTH = 200;

/** The TYPE_* bit of one JSON-able value (Dates are stored as strings). */
export function typeBit(value: unknown): number {
  if (value === null || value === undefined) return TYPE_NULL;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TYPE_NUMBER;
    case 'string':
      return TYPE_STRING;
    case 'boolean':
      return TYPE_BOOLEAN;
    case 'object':
      if (Array.isArray(value)) return TYPE_ARRAY;
      return value instanceof Date ? TYPE_STRING : TYPE_OBJECT;
    default:
      return TYPE_NULL;
  }
}

function add(into: Map<string, number>, path: string, bits: number): void {
  const known = into.get(path);
  if (known === undefined || (known | bits) !== known) into.set(path, (known ?? 0) | bits);
}

/** Adds the types of `value` stored at `path` (and of everything inside it) to `into`. */
export function collectValueTypes(value: unknown, path: string, into: Map<string, number>, depth = 0): void {
  add(into, path, typeBit(value));
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH || value instanceof Date) return;
  if (Array.isArray(value)) {
    for (const element of value) {
      // Elements are compared in the array's place: their types belong to the same path.
      add(into, path, typeBit(element));
      if (typeof element === 'object' && element !== null && !(element instanceof Date)) {
        if (Array.isArray(element)) collectValueTypes(element, path, into, depth + 1);
        else collectObjectTypes(element as Record<string, unknown>, path, into, depth + 1);
      }
    }
    return;
  }
  collectObjectTypes(value as Record<string, unknown>, path, into, depth + 1);
}

function collectObjectTypes(object: Record<string, unknown>, prefix: string, into: Map<string, number>, depth: number): void {
  for (const key in object) {
    const value = object[key];
    if (value === undefined) continue; // not stored
    collectValueTypes(value, prefix === '' ? key : `${prefix}.${key}`, into, depth);
  }
}

/** Adds the types of every field of a (top-level) document to `into`. */
export function collectDocumentTypes(document: Record<string, unknown>, into: Map<string, number>): void {
  collectObjectTypes(document, '', into, 0);
}

/**
 * The types a filter or sort on `path` may meet: the bits recorded at the path, plus TYPE_ARRAY when
 * any parent holds an array (the path then reaches into array elements). A digits-only segment may be
 * an array position or an object key: both readings count. TYPE_ANY when the collection overflowed.
 */
export function typesAt(types: PathTypes, path: string): number {
  if (types.has(OVERFLOW_PATH)) return TYPE_ANY;
  let bits = 0;
  const visit = (segments: string[], at: number, prefix: string): void => {
    if (at === segments.length) {
      bits |= types.get(prefix) ?? 0;
      return;
    }
    if (prefix !== '' && ((types.get(prefix) ?? 0) & TYPE_ARRAY) !== 0) bits |= TYPE_ARRAY;
    const segment = segments[at]!;
    visit(segments, at + 1, prefix === '' ? segment : `${prefix}.${segment}`);
    // A position in an array stored at `prefix`: its element lives at `prefix` itself.
    if (prefix !== '' && ARRAY_POSITION.test(segment) && ((types.get(prefix) ?? 0) & TYPE_ARRAY) !== 0) visit(segments, at + 1, prefix);
  };
  visit(path.split('.'), 0, '');
  return bits;
}

/** Whether `path` may hold (or reach through) an array in some document. */
export function mayHoldArray(types: PathTypes, path: string): boolean {
  return (typesAt(types, path) & TYPE_ARRAY) !== 0;
}

/** The entries of `found` that add bits to `known` (what an engine must write to its table). */
export function newPathTypes(known: PathTypes, found: ReadonlyMap<string, number>): Map<string, number> {
  const added = new Map<string, number>();
  if (known.has(OVERFLOW_PATH)) return added;
  for (const [path, bits] of found) {
    const before = known.get(path) ?? 0;
    if ((before | bits) !== before) added.set(path, before | bits);
  }
  if (known.size + added.size > MAX_TRACKED_PATHS) return new Map([[OVERFLOW_PATH, TYPE_ANY]]);
  return added;
}
