// The SQLite dialect of filters: a parsed FilterNode (query/filter-model.ts, which also validates) →
// an SQL WHERE condition with bound parameters. Fields become the same json_extract expressions the
// indexes are built on (paths.ts), so SQLite can use them; nothing is filtered in JS.
//
// MongoDB's semantics ("Query an Array", "Query an Array of Embedded Documents", "Query for Null or
// Missing Fields", "Comparison/Sort Order"), paid for only where the collection's path-type map
// (query/path-types.ts) says they can matter:
// - a condition on a path where no array was ever stored compiles to the plain comparison on the
//   indexed expression; where one was, the element-wise alternative (EXISTS over json_each) is ORed
//   in after it, and dotted paths through arrays of embedded documents ({ 'items.k': 2 }) are
//   followed element by element;
// - a digits-only segment is an object key unless the prefix before it may hold an array, then also
//   (or only) an array position;
// - ranges keep to their type bracket (numbers, strings, booleans); the JSON-type checks that keep
//   true/false apart from 1/0, and JSON text of arrays/objects apart from strings, are added only
//   when the path may hold booleans / arrays / objects.
// Embedded documents compare as JSON text (same fields in the same order, as MongoDB). The map must
// be a superset of what is stored: raw SQL written through database.query() bypasses it (see
// path-type-registry.ts). $regex uses the regexp() function registered in connection.ts.
// Not done: dotted paths do not descend into arrays nested directly in arrays ([[{ k: 1 }]]), as
// MongoDB does not either for most operators. An index on a path with a digits-only segment is built
// on the object-key reading (paths.ts fieldRef), which is what a path without arrays compiles to.
import { type ElementMatch, type FieldCondition, type FilterNode, type FilterValue, parseFilter } from './query/filter-model.js';
import { fieldRef, isArrayPosition, jsonPathOf } from './paths.js';
import { OVERFLOW_PATH, type PathTypes, TYPE_ANY, TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from './query/path-types.js';

export { equalityFields, setPath } from './query/filter-model.js';

export interface SqlCondition {
  /** The condition, '' when the filter matches everything. */
  sql: string;
  params: unknown[];
}

/** Above this many values, $in binds one JSON array (json_each) instead of one parameter each. */
const IN_LIST_LIMIT = 16;
const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
const TEXTUAL = TYPE_ARRAY | TYPE_OBJECT;
const NO_POSITIONS: ReadonlySet<number> = new Set();

/** A value to test: a field of the document or of an array element. */
interface Target {
  /** SQL for the value (json_extract, a json_each value column, or the _id column). */
  value: string;
  /** SQL for its JSON type name ('integer', 'text', 'array' …), NULL when missing. */
  type: string;
  isId: boolean;
  /** json_each(source, jsonPath) lists its elements; json_array_length(source, jsonPath) counts them. */
  source: string;
  jsonPath: string;
  /** What the path-type map says the value may be (TYPE_* bits), and the map path it is recorded at. */
  bits: number;
  typePath: string;
}

/** Where a field's path starts: the document, or an element of an array (inside $elemMatch / traversal). */
interface Scope {
  source: string;
  /** The type-map path of `source` ('' for the document). */
  typePath: string;
}

/** A condition on one target, building SQL (and binding parameters) each time it is called. */
type Test = (target: Target) => string;

interface MatchMode {
  /** Also true when the field is an array with an element passing the test. */
  elementwise: boolean;
  /** The test holds for a missing field: must not count a path that went through an array. */
  missing: boolean;
}

const ID_TARGET: Target = { value: '_id', type: `'text'`, isId: true, source: 'doc', jsonPath: '$._id', bits: TYPE_STRING, typePath: '_id' };

class SqliteFilterEmitter {
  readonly params: unknown[] = [];
  private aliases = 0;
  private readonly overflow: boolean;

  constructor(private readonly types: PathTypes) {
    this.overflow = types.has(OVERFLOW_PATH);
  }

  bitsAt(typePath: string): number {
    return this.overflow ? TYPE_ANY : (this.types.get(typePath) ?? 0);
  }

  bind(param: unknown): string {
    this.params.push(param);
    return '?';
  }

  node(node: FilterNode, scope: Scope): string {
    switch (node.kind) {
      case 'and': {
        if (node.children.length === 0) return '1';
        const parts = node.children.map((child) => this.node(child, scope));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
      case 'or':
      case 'nor': {
        const parts = node.children.map((child) => this.node(child, scope));
        const any = parts.length === 1 ? parts[0]! : parts.map((part) => `(${part})`).join(' OR ');
        return node.kind === 'or' ? `(${any})` : `(${any}) IS NOT 1`;
      }
      case 'field': {
        const segments = node.path.split('.');
        const plain = this.plainTarget(scope, segments);
        const parts: string[] = [];
        for (const condition of node.conditions) parts.push(plain === undefined ? this.condition(scope, segments, condition) : this.plainCondition(plain, condition));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
    }
  }

  /**
   * The field itself when no array can be on its path (no digits-only segment, no array ever stored
   * at it or a parent): every condition is then one comparison on it. Undefined otherwise.
   */
  plainTarget(scope: Scope, segments: string[]): Target | undefined {
    if (scope.source === 'doc' && segments.length === 1 && segments[0] === '_id') return ID_TARGET;
    let typePath = scope.typePath;
    for (const segment of segments) {
      if (isArrayPosition(segment)) return undefined;
      typePath = typePath === '' ? segment : `${typePath}.${segment}`;
      if ((this.bitsAt(typePath) & TYPE_ARRAY) !== 0) return undefined;
    }
    return this.target(scope, segments, NO_POSITIONS, typePath);
  }

  /** A condition on a plain target (what match() reduces to there), without building closures. */
  plainCondition(t: Target, condition: FieldCondition): string {
    switch (condition.op) {
      case '$eq':
        return this.equals(t, condition.value);
      case '$ne':
        return `(${this.equals(t, condition.value)}) IS NOT 1`;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return this.range(t, condition.op, condition.value);
      case '$in':
        return condition.values.length === 0 ? '0' : this.in(t, condition.values);
      case '$nin':
        return condition.values.length === 0 ? '1' : `(${this.in(t, condition.values)}) IS NOT 1`;
      default:
        return this.conditionAt((test) => test(t), condition);
    }
  }

  /** One condition on the field at `segments` of `scope`, the MongoDB way. */
  condition(scope: Scope, segments: string[], condition: FieldCondition): string {
    const at = (test: Test, mode: MatchMode): string => this.match(scope, segments, test, mode);
    return this.conditionAt(at, condition);
  }

  /** `at(test, mode)` applies a test to the field; shared by fields and $elemMatch's element itself. */
  conditionAt(at: (test: Test, mode: MatchMode) => string, condition: FieldCondition): string {
    switch (condition.op) {
      case '$eq':
        return at((t) => this.equals(t, condition.value), { elementwise: true, missing: condition.value.type === 'null' });
      case '$ne':
        return `(${at((t) => this.equals(t, condition.value), { elementwise: true, missing: condition.value.type === 'null' })}) IS NOT 1`;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const { op, value } = condition;
        return at((t) => this.range(t, op, value), { elementwise: true, missing: value.type === 'null' && (op === '$gte' || op === '$lte') });
      }
      case '$in':
      case '$nin': {
        if (condition.values.length === 0) return condition.op === '$in' ? '0' : '1';
        const within = at((t) => this.in(t, condition.values), { elementwise: true, missing: condition.values.some((v) => v.type === 'null') });
        return condition.op === '$in' ? within : `(${within}) IS NOT 1`;
      }
      case '$exists': {
        const exists = at((t) => (t.isId ? '1' : `${t.type} IS NOT NULL`), { elementwise: false, missing: false });
        if (exists === '1') return condition.exists ? '1' : '0';
        return condition.exists ? exists : `(${exists}) IS NOT 1`;
      }
      case '$size':
        return at((t) => (t.isId ? '0' : `(${t.type} = 'array' AND json_array_length(${t.source}, '${t.jsonPath}') = ${this.bind(condition.size)})`), { elementwise: false, missing: false });
      case '$all': {
        if (condition.conditions.length === 0) return '0'; // MongoDB: $all: [] matches nothing
        const parts = condition.conditions.map((part) => this.conditionAt(at, part));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
      case '$elemMatch':
        return at((t) => (t.isId ? '0' : this.anyElement(t, (element) => this.elementMatch(element, condition.element))), { elementwise: false, missing: false });
      case '$regex':
        return at((t) => `(${t.type} = 'text' AND regexp(${this.bind(condition.source)}, ${t.value}, ${this.bind(condition.flags)}))`, { elementwise: true, missing: false });
      case '$not': {
        const parts = condition.conditions.map((part) => this.conditionAt(at, part));
        return `(${parts.join(' AND ')}) IS NOT 1`;
      }
      case '$type':
        return at((t) => `${t.type} IN (${jsonTypeNames(condition.types)})`, { elementwise: true, missing: false });
    }
  }

  elementMatch(element: Target, match: ElementMatch): string {
    if (match.kind === 'document') {
      return `${element.type} = 'object' AND ${this.node(match.filter, { source: element.value, typePath: element.typePath })}`;
    }
    // Operators on the element itself: no further array semantics.
    const at = (test: Test): string => test(element);
    const parts = match.conditions.map((condition) => this.conditionAt(at, condition));
    return parts.join(' AND ');
  }

  /**
   * `test` on the field at `segments` of `scope`: on the field itself, on each element when it may
   * be an array (mode.elementwise), and through arrays of embedded documents on the way. Which
   * alternatives are emitted follows the path-type map, so a path that never held an array gets the
   * plain, indexable comparison only.
   */
  match(scope: Scope, segments: string[], test: Test, mode: MatchMode): string {
    if (scope.source === 'doc' && segments.length === 1 && segments[0] === '_id') return test(ID_TARGET);
    const alternatives: string[] = [];
    for (const reading of this.readings(scope, segments)) {
      const field = this.target(scope, segments, reading.positions, reading.typePaths[segments.length]!);
      // Prefixes that may be arrays, read as keys: the path goes through their elements.
      const through: number[] = [];
      for (let i = 1; i < segments.length; i++) {
        if (!reading.positions.has(i) && (this.bitsAt(reading.typePaths[i]!) & TYPE_ARRAY) !== 0) through.push(i);
      }
      let direct = test(field);
      if (mode.missing && through.length > 0) {
        const guards = through.map((i) => `${this.target(scope, segments.slice(0, i), reading.positions, reading.typePaths[i]!).type} IS NOT 'array'`);
        direct = `(${direct} AND ${guards.join(' AND ')})`;
      }
      alternatives.push(direct);
      if (mode.elementwise && !field.isId && (field.bits & TYPE_ARRAY) !== 0) alternatives.push(this.anyElement(field, test));
      for (const i of through) {
        const prefix = this.target(scope, segments.slice(0, i), reading.positions, reading.typePaths[i]!);
        const rest = segments.slice(i);
        // When a prefix is an array, the field's own expression is NULL: a guard an index can serve.
        alternatives.push(`(${field.value} IS NULL AND ${this.anyElement(prefix, (element) => `${element.type} = 'object' AND ${this.match({ source: element.value, typePath: reading.typePaths[i]! }, rest, test, mode)}`)})`);
      }
    }
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
  }

  /**
   * The ways to read the digits-only segments of a path: as an object key, and as an array
   * position when the prefix before it may hold an array. typePaths[i] is the type-map path after
   * i segments (array positions do not extend it: elements are recorded at the array's path).
   */
  readings(scope: Scope, segments: string[]): { positions: ReadonlySet<number>; typePaths: string[] }[] {
    if (!segments.some((segment) => isArrayPosition(segment))) {
      // No digits-only segment (the common case): one reading, all keys.
      const typePaths = [scope.typePath];
      for (const segment of segments) {
        const before = typePaths[typePaths.length - 1]!;
        typePaths.push(before === '' ? segment : `${before}.${segment}`);
      }
      return [{ positions: NO_POSITIONS, typePaths }];
    }
    let readings: { positions: ReadonlySet<number>; typePaths: string[] }[] = [{ positions: NO_POSITIONS, typePaths: [scope.typePath] }];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const next: typeof readings = [];
      for (const reading of readings) {
        const before = reading.typePaths[i]!;
        const key = before === '' ? segment : `${before}.${segment}`;
        const bits = i === 0 && scope.typePath === '' ? TYPE_OBJECT : this.bitsAt(before);
        const position = i > 0 && isArrayPosition(segment) && (bits & TYPE_ARRAY) !== 0;
        if (position) next.push({ positions: new Set([...reading.positions, i]), typePaths: [...reading.typePaths, before] });
        if (!position || (bits & ~TYPE_ARRAY) !== 0) next.push({ positions: reading.positions, typePaths: [...reading.typePaths, key] });
      }
      readings = next;
    }
    return readings;
  }

  target(scope: Scope, segments: string[], positions: ReadonlySet<number>, typePath: string): Target {
    // Without array positions, the (cached) path of paths.ts: the text the indexes are built on.
    const jsonPath = positions.size === 0 && !segments.some((segment) => isArrayPosition(segment)) ? fieldRef(segments.join('.'), 'INVALID_FILTER', 'filter').jsonPath : jsonPathOf(segments, positions);
    return {
      value: `json_extract(${scope.source}, '${jsonPath}')`,
      type: `json_type(${scope.source}, '${jsonPath}')`,
      isId: false,
      source: scope.source,
      jsonPath,
      bits: this.bitsAt(typePath),
      typePath,
    };
  }

  /** True when `target` is an array with an element passing `test`. */
  anyElement(target: Target, test: Test): string {
    const alias = `j${++this.aliases}`;
    // Elements are recorded at the array's own path.
    const element: Target = { value: `${alias}.value`, type: `${alias}.type`, isId: false, source: `${alias}.value`, jsonPath: '$', bits: target.bits, typePath: target.typePath };
    // Only JSON arrays extract as text starting with '[': on a document field, a range an index can serve.
    const guard = target.source === 'doc' ? `${target.value} >= '[' AND ${target.value} < '\\' AND ` : '';
    return `(${guard}${target.type} = 'array' AND EXISTS (SELECT 1 FROM json_each(${target.source}, '${target.jsonPath}') AS ${alias} WHERE ${test(element)}))`;
  }

  equals(t: Target, value: FilterValue): string {
    switch (value.type) {
      case 'null':
        return t.isId ? '0' : `${t.value} IS NULL`;
      case 'number':
        // json_extract gives 1/0 for true/false too: for these two numbers, check the type.
        if ((value.value === 1 || value.value === 0) && (t.bits & TYPE_BOOLEAN) !== 0 && !t.isId) {
          return `(${t.value} = ${this.bind(value.value)} AND ${t.type} IN ('integer', 'real'))`;
        }
        return t.isId ? '0' : `${t.value} = ${this.bind(value.value)}`;
      case 'string':
        // Arrays and objects extract as JSON text: a string that looks like one must check the type.
        if (/^[[{]/.test(value.value) && (t.bits & TEXTUAL) !== 0 && !t.isId) return `(${t.value} = ${this.bind(value.value)} AND ${t.type} = 'text')`;
        return `${t.value} = ${this.bind(value.value)}`;
      case 'boolean':
        if (t.isId) return '0';
        return `(${t.value} = ${this.bind(value.value ? 1 : 0)} AND ${t.type} = '${value.value}')`;
      case 'array':
      case 'object':
        if (t.isId) return '0';
        return `(${t.value} = json(${this.bind(value.json)}) AND ${t.type} = '${value.type}')`;
    }
  }

  range(t: Target, operator: keyof typeof RANGE_SQL, value: FilterValue): string {
    const sql = RANGE_SQL[operator];
    switch (value.type) {
      case 'null':
        // MongoDB: $gte/$lte null match null and missing fields; $gt/$lt null match nothing.
        return operator === '$gte' || operator === '$lte' ? (t.isId ? '0' : `${t.value} IS NULL`) : '0';
      case 'string': {
        const compare = `${t.value} ${sql} ${this.bind(value.value)}`;
        if (t.isId) return compare;
        // Keep to the string bracket: every number sorts below every string in SQLite.
        const bracketed = operator === '$lt' || operator === '$lte' ? `${compare} AND ${t.value} >= ''` : compare;
        return (t.bits & TEXTUAL) !== 0 ? `(${bracketed} AND ${t.type} = 'text')` : bracketed;
      }
      case 'number': {
        if (t.isId) return '0';
        const compare = `${t.value} ${sql} ${this.bind(value.value)}`;
        const bracketed = operator === '$gt' || operator === '$gte' ? `${compare} AND ${t.value} < ''` : compare;
        // true/false are 1/0 to SQL but a bracket of their own to MongoDB.
        return (t.bits & TYPE_BOOLEAN) !== 0 ? `(${bracketed} AND ${t.type} IN ('integer', 'real'))` : bracketed;
      }
      case 'boolean':
        if (t.isId) return '0';
        return `(${t.value} ${sql} ${this.bind(value.value ? 1 : 0)} AND ${t.type} IN ('true', 'false'))`;
      default:
        return '0'; // refused by the parser
    }
  }

  in(t: Target, values: FilterValue[]): string {
    const scalars: (string | number | bigint)[] = [];
    const others: FilterValue[] = [];
    for (const value of values) {
      const plain =
        (value.type === 'number' && !t.isId && (!(value.value === 0 || value.value === 1) || (t.bits & TYPE_BOOLEAN) === 0)) ||
        (value.type === 'string' && (!/^[[{]/.test(value.value) || (t.bits & TEXTUAL) === 0 || t.isId));
      if (plain) scalars.push(value.value as string | number | bigint);
      else others.push(value);
    }
    // Parameters are bound in the order they appear in the SQL.
    const parts: string[] = [];
    if (scalars.length === 1) parts.push(`${t.value} = ${this.bind(scalars[0])}`);
    else if (scalars.length > IN_LIST_LIMIT && scalars.every((v) => typeof v !== 'bigint')) {
      parts.push(`${t.value} IN (SELECT value FROM json_each(${this.bind(JSON.stringify(scalars))}))`);
    } else if (scalars.length > 0) {
      parts.push(`${t.value} IN (${scalars.map((v) => this.bind(v)).join(', ')})`);
    }
    for (const value of others) parts.push(this.equals(t, value));
    if (parts.length === 0) return '0';
    return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  }
}

function jsonTypeNames(bits: number): string {
  const names: string[] = [];
  if (bits & TYPE_NUMBER) names.push(`'integer'`, `'real'`);
  if (bits & TYPE_STRING) names.push(`'text'`);
  if (bits & TYPE_OBJECT) names.push(`'object'`);
  if (bits & TYPE_ARRAY) names.push(`'array'`);
  if (bits & TYPE_BOOLEAN) names.push(`'true'`, `'false'`);
  if (bits & TYPE_NULL) names.push(`'null'`);
  return names.join(', ');
}

/** The WHERE condition for a parsed filter (undefined → ''), with the collection's path types. */
export function compileFilterNode(node: FilterNode | undefined, types: PathTypes = new Map()): SqlCondition {
  if (node === undefined) return { sql: '', params: [] };
  const emitter = new SqliteFilterEmitter(types);
  const sql = emitter.node(node, { source: 'doc', typePath: '' });
  return { sql: sql === '1' ? '' : sql, params: emitter.params };
}

/**
 * The WHERE condition for a filter (undefined or {} → ''). `where` names the call in errors;
 * `types` is the collection's path-type map (empty: no arrays anywhere, the plain comparisons).
 */
export function compileFilter(filter: unknown, where: string, types: PathTypes = new Map()): SqlCondition {
  return compileFilterNode(parseFilter(filter, where), types);
}
