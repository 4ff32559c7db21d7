// Key-by-key shape comparison of a JSON-RPC answer with a Neo node's: the same keys in the same order and the
// same JSON types, recursively; values may differ. The rpc tests so far compare one level at a time
// (Object.keys(ours) against Object.keys(fixture)); this walks the whole answer.
//
// Arrays: each of our elements is compared with the fixture's first element, and passes when it has the shape of
// the first or of any other element the fixture lists (the fixture itself shows both forms of a nullable field,
// e.g. getnep17transfers' transferaddress as an address and as null). An array empty on one side leaves nothing
// to compare; when no element was compared at that place anywhere in the answer (indices aside, e.g. no method
// of a manifest had parameters on both sides), the place is reported apart, as `unchecked`, for the caller to
// allow or refuse.
//
// Stack items ({ type, value? } with a NeoVM StackItemType) are a tagged union: an item of ours is compared with
// a fixture item of the same type, taken from a catalog of every stack item in the fixtures when the fixture
// has none of that type in that place.

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export interface ShapeReport {
  /** Where our answer does not have the fixture's shape: `path: what differs`. */
  mismatches: string[];
  /** Arrays whose elements were compared nowhere (one side empty wherever they are), indices as []: `path[]: why`. */
  unchecked: string[];
}

interface Walk {
  mismatches: string[];
  /** Array places (indices as []) with elements compared, and those left empty on one side, with why. */
  compared: Set<string>;
  empty: Map<string, string>;
}

const newWalk = (): Walk => ({ mismatches: [], compared: new Set(), empty: new Map() });
/** A path with its indices as []: the place in the answer, whichever element. */
export const placeOf = (path: string): string => path.replace(/\[\d+\]/g, '[]');

/** Stack items of the fixtures by type, the first seen first. */
export type StackItemCatalog = ReadonlyMap<string, readonly object[]>;

const STACK_ITEM_TYPES = new Set(['Any', 'Pointer', 'Boolean', 'Integer', 'ByteString', 'Buffer', 'Array', 'Struct', 'Map', 'InteropInterface']);
/** StackItem.ToJson's keys, and those RpcServer adds to an iterator's InteropInterface. */
const STACK_ITEM_KEYS = new Set(['type', 'value', 'interface', 'id']);

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'boolean' || type === 'number' || type === 'string') return type;
  if (type === 'object') return 'object';
  throw new TypeError(`not a JSON value: ${type}`);
}

/** A NeoVM stack item as a node writes it: { type, value? } (a contract parameter in a manifest has a name too, so it is not one). */
export function isStackItem(value: unknown): value is { type: string; value?: unknown } {
  if (jsonType(value) !== 'object') return false;
  const item = value as Record<string, unknown>;
  return typeof item.type === 'string' && STACK_ITEM_TYPES.has(item.type) && Object.keys(item).every((key) => STACK_ITEM_KEYS.has(key));
}

/** Every stack item found in `values` (nested ones included), by type. */
export function stackItemCatalog(...values: unknown[]): StackItemCatalog {
  const catalog = new Map<string, object[]>();
  const visit = (value: unknown): void => {
    const type = jsonType(value);
    if (type === 'array') return (value as unknown[]).forEach(visit);
    if (type !== 'object') return;
    if (isStackItem(value)) {
      const list = catalog.get(value.type) ?? [];
      list.push(value);
      catalog.set(value.type, list);
    }
    Object.values(value as object).forEach(visit);
  };
  values.forEach(visit);
  return catalog;
}

const show = (keys: string[]) => `[${keys.join(', ')}]`;

function compare(actual: unknown, expected: unknown, path: string, catalog: StackItemCatalog, report: Walk): void {
  const actualType = jsonType(actual);
  const expectedType = jsonType(expected);
  if (actualType !== expectedType) {
    report.mismatches.push(`${path}: the fixture has ${expectedType === 'null' ? 'null' : `a JSON ${expectedType}`}, ours ${actualType === 'null' ? 'null' : `a JSON ${actualType}`}`);
    return;
  }
  if (actualType === 'array') return compareArray(actual as unknown[], expected as unknown[], path, catalog, report);
  if (actualType !== 'object') return;
  if (isStackItem(actual) && isStackItem(expected) && actual.type !== expected.type) {
    const sameType = catalog.get(actual.type);
    if (sameType === undefined) {
      report.mismatches.push(`${path}: a ${actual.type} stack item, a type no fixture shows (the fixture has ${expected.type} here)`);
      return;
    }
    return compareOneOf(actual, sameType, path, catalog, report);
  }
  const actualKeys = Object.keys(actual as object);
  const expectedKeys = Object.keys(expected as object);
  if (show(actualKeys) !== show(expectedKeys)) {
    const missing = expectedKeys.filter((key) => !actualKeys.includes(key));
    const extra = actualKeys.filter((key) => !expectedKeys.includes(key));
    const what = [missing.length ? `missing ${show(missing)}` : '', extra.length ? `extra ${show(extra)}` : '', !missing.length && !extra.length ? 'another order' : '']
      .filter(Boolean)
      .join(', ');
    report.mismatches.push(`${path || '(top)'}: keys ${show(actualKeys)}, the fixture's ${show(expectedKeys)} (${what})`);
  }
  for (const key of expectedKeys) {
    if (!actualKeys.includes(key)) continue;
    compare((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], path ? `${path}.${key}` : key, catalog, report);
  }
}

/**
 * Passes when `actual` has the shape of one of `candidates` (the one leaving the fewest arrays uncompared);
 * otherwise reports the differences from the first.
 */
function compareOneOf(actual: unknown, candidates: readonly unknown[], path: string, catalog: StackItemCatalog, report: Walk): void {
  const tries = candidates.map((candidate) => {
    const attempt = newWalk();
    compare(actual, candidate, path, catalog, attempt);
    return attempt;
  });
  const matches = tries.filter((attempt) => attempt.mismatches.length === 0).sort((a, b) => a.empty.size - b.empty.size);
  const chosen = matches[0] ?? tries[0]!;
  report.mismatches.push(...chosen.mismatches);
  for (const place of chosen.compared) report.compared.add(place);
  for (const [place, why] of chosen.empty) if (!report.empty.has(place)) report.empty.set(place, why);
}

function compareArray(actual: unknown[], expected: unknown[], path: string, catalog: StackItemCatalog, report: Walk): void {
  const place = `${placeOf(path)}[]`;
  if (actual.length === 0 && expected.length === 0) return;
  if (actual.length === 0 || expected.length === 0) {
    const why = actual.length === 0 ? `ours is empty, the fixture has ${expected.length} element(s)` : `the fixture's is empty, ours has ${actual.length} element(s)`;
    if (!report.empty.has(place)) report.empty.set(place, why);
    return;
  }
  report.compared.add(place);
  actual.forEach((element, i) => compareOneOf(element, expected, `${path}[${i}]`, catalog, report));
}

/** Our answer against the node's: the keys, their order and the JSON types, all the way down. */
export function compareShape(actual: unknown, expected: unknown, catalog: StackItemCatalog = new Map()): ShapeReport {
  const walk = newWalk();
  compare(actual, expected, '', catalog, walk);
  const unchecked = [...walk.empty].filter(([place]) => !walk.compared.has(place)).map(([place, why]) => `${place}: ${why}`);
  return { mismatches: [...new Set(walk.mismatches)], unchecked };
}
