// The PostgreSQL dialect of filters: a parsed FilterNode (../query/filter-model.ts, which also
// validates) → a WHERE condition over a collection table (_id text PRIMARY KEY, doc jsonb NOT NULL),
// values bound as $n parameters. The same MongoDB semantics as the SQLite dialect (../filter.ts),
// chosen the same way from the collection's path-type map (the walk is ../query/filter-emitter.ts;
// this file writes PostgreSQL's SQL for each test):
// - a condition on a path where no array was ever stored is the plain comparison on the jsonb
//   expression createIndex indexes (doc->'a'->'b', postgres/paths.ts): `doc->'a' = $1::jsonb`, or
//   `doc->'a' > $1::jsonb AND jsonb_typeof(doc->'a') = 'number'` for a range, which a btree
//   expression index serves; paths that may hold arrays get the element-wise alternative
//   (EXISTS over jsonb_array_elements) ORed in, and dotted paths follow arrays of documents;
// - jsonb equality already tells true from 1 and compares numbers numerically; ranges keep to their
//   type bracket with jsonb_typeof (jsonb orders Object > Array > Boolean > Number > String > Null).
// Differences from MongoDB left (and from SQLite): embedded documents compare as jsonb, which does
// not keep key order ({ a: 1, b: 2 } equals { b: 2, a: 1 } here); strings in ranges compare in the
// database's collation (binary, like MongoDB and SQLite, only under the C collation: the test
// clusters use C); $regex runs PostgreSQL's regular expressions (ARE) on the patterns the parser
// admits, with "." not matching a newline unless s, as PCRE, but [^…] not matching one either.
import { FilterEmitter, type FilterScope, type FilterTarget, RANGE_SQL, type RangeOperator } from '../query/filter-emitter.js';
import type { ElementMatch, FilterNode, FilterValue } from '../query/filter-model.js';
import { type PathTypes, TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from '../query/path-types.js';
import { postgresFieldOf, postgresText } from './paths.js';


/** A value to test: a jsonb field of the document or of an array element (value: jsonb SQL), or the _id column (text). */
type Target = FilterTarget;
type Test = (target: Target) => string;

const ID_TARGET: Target = { value: '_id', isId: true, bits: TYPE_STRING, typePath: '_id' };

/** The PostgreSQL SQL of the shared filter walk (../query/filter-emitter.ts): jsonb operators, $n parameters. */
class PostgresFilterEmitter extends FilterEmitter<Target> {
  protected readonly TRUE = 'true';
  protected readonly FALSE = 'false';
  protected readonly idTarget = ID_TARGET;

  bind(param: unknown): string {
    this.params.push(param);
    return `$${this.params.length}`;
  }

  /** A value as a jsonb parameter. */
  private jsonb(value: FilterValue): string {
    return `${this.bind(jsonText(value))}::jsonb`;
  }

  protected not(sql: string): string {
    return `((${sql}) IS NOT TRUE)`;
  }

  protected present(t: Target): string {
    return `${t.value} IS NOT NULL`;
  }

  protected sizeIs(t: Target, size: number): string {
    return `(CASE WHEN jsonb_typeof(${t.value}) = 'array' THEN jsonb_array_length(${t.value}) = ${this.bind(size)}::int ELSE false END)`;
  }

  protected regex(t: Target, source: string, flags: string): string {
    const pattern = postgresPattern(source, flags);
    if (t.isId) return `(_id ~ ${this.bind(pattern)})`;
    return `(CASE WHEN jsonb_typeof(${t.value}) = 'string' THEN ${postgresText(t.value)} ~ ${this.bind(pattern)} ELSE false END)`;
  }

  protected typeIn(t: Target, types: number): string {
    return t.isId ? String((types & TYPE_STRING) !== 0) : `jsonb_typeof(${t.value}) IN (${jsonbTypeNames(types)})`;
  }

  protected elementMatch(element: Target, match: ElementMatch): string {
    if (match.kind === 'document') {
      return `(jsonb_typeof(${element.value}) = 'object' AND ${this.node(match.filter, { source: element.value, typePath: element.typePath })})`;
    }
    const at = (test: Test): string => test(element);
    const parts = match.conditions.map((condition) => this.conditionAt(at, condition));
    return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
  }

  protected notArray(target: Target): string {
    return `jsonb_typeof(${target.value}) IS DISTINCT FROM 'array'`;
  }

  protected throughArray(_field: Target, prefix: Target, rest: (element: Target) => string): string {
    return this.anyElement(prefix, (element) => `(jsonb_typeof(${element.value}) = 'object' AND ${rest(element)})`);
  }

  protected target(scope: FilterScope, segments: string[], positions: ReadonlySet<number>, typePath: string): Target {
    return { value: postgresFieldOf(segments, positions, scope.source), isId: false, bits: this.bitsAt(typePath), typePath };
  }

  /** True when `target` is an array with an element passing `test` (non-arrays give no elements). */
  protected anyElement(target: Target, test: Test): string {
    const alias = `e${++this.aliases}`;
    const element: Target = { value: `${alias}.value`, isId: false, bits: target.bits, typePath: target.typePath };
    const elements = `jsonb_array_elements(CASE WHEN jsonb_typeof(${target.value}) = 'array' THEN ${target.value} ELSE '[]'::jsonb END)`;
    return `EXISTS (SELECT 1 FROM ${elements} AS ${alias}(value) WHERE ${test(element)})`;
  }

  protected equals(t: Target, value: FilterValue): string {
    if (t.isId) return value.type === 'string' ? `_id = ${this.bind(value.value)}` : 'false';
    if (value.type === 'null') return `(${t.value} IS NULL OR ${t.value} = 'null'::jsonb)`;
    return `${t.value} = ${this.jsonb(value)}`;
  }

  protected range(t: Target, operator: RangeOperator, value: FilterValue): string {
    const sql = RANGE_SQL[operator];
    if (value.type === 'null') return operator === '$gte' || operator === '$lte' ? this.equals(t, value) : 'false';
    if (t.isId) return value.type === 'string' ? `_id ${sql} ${this.bind(value.value)}` : 'false';
    const jsonType = value.type === 'number' ? 'number' : value.type === 'string' ? 'string' : 'boolean';
    const compare = `${t.value} ${sql} ${this.jsonb(value)}`;
    const guard = rangeGuard(t, value.type as 'number' | 'string' | 'boolean', operator === '$gt' || operator === '$gte');
    if (guard === undefined) return `(${compare} AND jsonb_typeof(${t.value}) = '${jsonType}')`;
    return guard === '' ? compare : `(${compare} AND ${guard})`;
  }

  protected in(t: Target, values: FilterValue[]): string {
    if (t.isId) {
      const ids = values.flatMap((v) => (v.type === 'string' ? [v.value] : []));
      if (ids.length === 0) return 'false';
      return ids.length === 1 ? `_id = ${this.bind(ids[0])}` : `_id = ANY(${this.bind(ids)}::text[])`;
    }
    const parts: string[] = [];
    const plain = values.filter((v) => v.type !== 'null');
    if (plain.length === 1) parts.push(`${t.value} = ${this.jsonb(plain[0]!)}`);
    else if (plain.length > 1) parts.push(`${t.value} = ANY(${this.bind(plain.map(jsonText))}::jsonb[])`);
    if (plain.length < values.length) parts.push(this.equals(t, { type: 'null' }));
    return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  }
}

/** jsonb's own order of types: a range compare reaches every type above (or below) the value's. */
const JSONB_RANK: [number, number][] = [
  [TYPE_NULL, 0],
  [TYPE_STRING, 1],
  [TYPE_NUMBER, 2],
  [TYPE_BOOLEAN, 3],
  [TYPE_ARRAY, 4],
  [TYPE_OBJECT, 5],
];

/**
 * What keeps a range on `t` to the value's type, as a condition a btree index on `t` still serves:
 * '' when the path never held a type the compare could reach, a bound (numbers stay below
 * 'false', above 'null') when that is enough, undefined when only jsonb_typeof will do (which a
 * planner cannot estimate: it then sorts instead of reading an index in order).
 */
function rangeGuard(t: Target, type: 'number' | 'string' | 'boolean', upward: boolean): string | undefined {
  const rank = JSONB_RANK.find(([bit]) => bit === (type === 'number' ? TYPE_NUMBER : type === 'string' ? TYPE_STRING : TYPE_BOOLEAN))![1];
  let reached = 0;
  for (const [bit, other] of JSONB_RANK) if (upward ? other > rank : other < rank) reached |= t.bits & bit;
  if (reached === 0) return '';
  if (upward && type === 'number') return `${t.value} < 'false'::jsonb`; // booleans, arrays, objects
  if (!upward && reached === TYPE_NULL) return `${t.value} > 'null'::jsonb`;
  return undefined;
}

/** A filter value as JSON text (bigints as their digits). */
function jsonText(value: FilterValue): string {
  switch (value.type) {
    case 'null':
      return 'null';
    case 'number':
      return typeof value.value === 'bigint' ? value.value.toString() : JSON.stringify(value.value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value.value);
    case 'array':
    case 'object':
      return value.json;
  }
}

function jsonbTypeNames(bits: number): string {
  const names: string[] = [];
  if (bits & TYPE_NUMBER) names.push(`'number'`);
  if (bits & TYPE_STRING) names.push(`'string'`);
  if (bits & TYPE_OBJECT) names.push(`'object'`);
  if (bits & TYPE_ARRAY) names.push(`'array'`);
  if (bits & TYPE_BOOLEAN) names.push(`'boolean'`);
  if (bits & TYPE_NULL) names.push(`'null'`);
  return names.join(', ');
}

/**
 * A $regex pattern (checked by the parser) as a PostgreSQL ARE with embedded options: i; and the
 * newline rules of JavaScript/PCRE — without s, "." does not match a newline (p / n); with m, ^ and
 * $ match at line breaks (n / w).
 */
export function postgresPattern(source: string, flags: string): string {
  const dotAll = flags.includes('s');
  const multiline = flags.includes('m');
  let options = dotAll ? (multiline ? 'w' : '') : multiline ? 'n' : 'p';
  if (flags.includes('i')) options += 'i';
  return options === '' ? source : `(?${options})${source}`;
}

/**
 * The WHERE condition for a parsed filter ('' for match-all). Bound values are pushed onto `params`
 * and referenced as $n (n = their index in params + 1), so a caller can bind more before or after.
 */
export function compilePostgresFilter(node: FilterNode | undefined, types: PathTypes, params: unknown[]): string {
  if (node === undefined) return '';
  const sql = new PostgresFilterEmitter(types, params).node(node, { source: 'doc', typePath: '' });
  return sql === 'true' ? '' : sql;
}
