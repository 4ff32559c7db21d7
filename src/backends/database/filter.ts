// The SQLite dialect of filters: a parsed FilterNode (query/filter-model.ts, which also validates) →
// an SQL WHERE condition with bound parameters. Fields become the same json_extract expressions the
// indexes are built on (paths.ts), so SQLite can use them; nothing is filtered in JS. The walk (which
// alternatives a condition needs) is shared with PostgreSQL in query/filter-emitter.ts; this file
// writes SQLite's SQL for each test.
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
import { fieldRef, isArrayPosition, jsonPathOf } from './paths.js';
import { FilterEmitter, type FilterScope, type FilterTarget, RANGE_SQL, type RangeOperator } from './query/filter-emitter.js';
import { type ElementMatch, type FilterNode, type FilterValue, parseFilter } from './query/filter-model.js';
import { type PathTypes, TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from './query/path-types.js';

export { equalityFields, setPath } from './query/filter-model.js';

export interface SqlCondition {
  /** The condition, '' when the filter matches everything. */
  sql: string;
  params: unknown[];
}

/** Above this many values, $in binds one JSON array (json_each) instead of one parameter each. */
const IN_LIST_LIMIT = 16;
const TEXTUAL = TYPE_ARRAY | TYPE_OBJECT;

/** A value to test: a field of the document or of an array element. */
interface Target extends FilterTarget {
  /** SQL for the value (json_extract, a json_each value column, or the _id column). */
  value: string;
  /** SQL for its JSON type name ('integer', 'text', 'array' …), NULL when missing. */
  type: string;
  /** json_each(source, jsonPath) lists its elements; json_array_length(source, jsonPath) counts them. */
  source: string;
  jsonPath: string;
}

type Test = (target: Target) => string;

const ID_TARGET: Target = { value: '_id', type: `'text'`, isId: true, source: 'doc', jsonPath: '$._id', bits: TYPE_STRING, typePath: '_id' };

/** The SQLite SQL of the shared filter walk (query/filter-emitter.ts): JSON1 functions, ? parameters. */
class SqliteFilterEmitter extends FilterEmitter<Target> {
  protected readonly TRUE = '1';
  protected readonly FALSE = '0';
  protected readonly idTarget = ID_TARGET;

  constructor(types: PathTypes) {
    super(types, []);
  }

  bind(param: unknown): string {
    this.params.push(param);
    return '?';
  }

  protected not(sql: string): string {
    return `(${sql}) IS NOT 1`;
  }

  protected present(t: Target): string {
    return `${t.type} IS NOT NULL`;
  }

  protected sizeIs(t: Target, size: number): string {
    return `(${t.type} = 'array' AND json_array_length(${t.source}, '${t.jsonPath}') = ${this.bind(size)})`;
  }

  protected regex(t: Target, source: string, flags: string): string {
    return `(${t.type} = 'text' AND regexp(${this.bind(source)}, ${t.value}, ${this.bind(flags)}))`;
  }

  protected typeIn(t: Target, types: number): string {
    return `${t.type} IN (${jsonTypeNames(types)})`;
  }

  protected elementMatch(element: Target, match: ElementMatch): string {
    if (match.kind === 'document') {
      return `${element.type} = 'object' AND ${this.node(match.filter, { source: element.value, typePath: element.typePath })}`;
    }
    // Operators on the element itself: no further array semantics.
    const at = (test: Test): string => test(element);
    const parts = match.conditions.map((condition) => this.conditionAt(at, condition));
    return parts.join(' AND ');
  }

  protected notArray(target: Target): string {
    return `${target.type} IS NOT 'array'`;
  }

  protected throughArray(field: Target, prefix: Target, rest: (element: Target) => string): string {
    // When a prefix is an array, the field's own expression is NULL: a guard an index can serve.
    return `(${field.value} IS NULL AND ${this.anyElement(prefix, (element) => `${element.type} = 'object' AND ${rest(element)}`)})`;
  }

  protected target(scope: FilterScope, segments: string[], positions: ReadonlySet<number>, typePath: string): Target {
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
  protected anyElement(target: Target, test: Test): string {
    const alias = `j${++this.aliases}`;
    // Elements are recorded at the array's own path.
    const element: Target = { value: `${alias}.value`, type: `${alias}.type`, isId: false, source: `${alias}.value`, jsonPath: '$', bits: target.bits, typePath: target.typePath };
    // Only JSON arrays extract as text starting with '[': on a document field, a range an index can serve.
    const guard = target.source === 'doc' ? `${target.value} >= '[' AND ${target.value} < '\\' AND ` : '';
    return `(${guard}${target.type} = 'array' AND EXISTS (SELECT 1 FROM json_each(${target.source}, '${target.jsonPath}') AS ${alias} WHERE ${test(element)}))`;
  }

  protected equals(t: Target, value: FilterValue): string {
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

  protected range(t: Target, operator: RangeOperator, value: FilterValue): string {
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

  protected in(t: Target, values: FilterValue[]): string {
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
