// The PostgreSQL dialect of filters: a parsed FilterNode (../query/filter-model.ts, which also
// validates) → a WHERE condition over a collection table (_id text PRIMARY KEY, doc jsonb NOT NULL),
// values bound as $n parameters. The same MongoDB semantics as the SQLite dialect (../filter.ts),
// chosen the same way from the collection's path-type map:
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
import type { ElementMatch, FieldCondition, FilterNode, FilterValue } from '../query/filter-model.js';
import { OVERFLOW_PATH, type PathTypes, TYPE_ANY, TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from '../query/path-types.js';
import { isArrayPosition } from '../paths.js';
import { postgresFieldOf, postgresText } from './paths.js';

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** A value to test: a jsonb field of the document or of an array element, or the _id column. */
interface Target {
  /** jsonb SQL (text for _id); SQL NULL when the field is missing. */
  value: string;
  isId: boolean;
  bits: number;
  typePath: string;
}

interface Scope {
  /** jsonb SQL holding the fields: 'doc' or an element alias. */
  source: string;
  typePath: string;
}

type Test = (target: Target) => string;

interface MatchMode {
  elementwise: boolean;
  missing: boolean;
}

const ID_TARGET: Target = { value: '_id', isId: true, bits: TYPE_STRING, typePath: '_id' };

class PostgresFilterEmitter {
  private aliases = 0;
  private readonly overflow: boolean;

  constructor(
    private readonly types: PathTypes,
    private readonly params: unknown[],
  ) {
    this.overflow = types.has(OVERFLOW_PATH);
  }

  bitsAt(typePath: string): number {
    return this.overflow ? TYPE_ANY : (this.types.get(typePath) ?? 0);
  }

  bind(param: unknown): string {
    this.params.push(param);
    return `$${this.params.length}`;
  }

  /** A value as a jsonb parameter. */
  jsonb(value: FilterValue): string {
    return `${this.bind(jsonText(value))}::jsonb`;
  }

  node(node: FilterNode, scope: Scope): string {
    switch (node.kind) {
      case 'and': {
        if (node.children.length === 0) return 'true';
        const parts = node.children.map((child) => this.node(child, scope));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
      case 'or':
      case 'nor': {
        const parts = node.children.map((child) => this.node(child, scope));
        const any = parts.length === 1 ? parts[0]! : parts.map((part) => `(${part})`).join(' OR ');
        return node.kind === 'or' ? `(${any})` : `((${any}) IS NOT TRUE)`;
      }
      case 'field': {
        const segments = node.path.split('.');
        const at = (test: Test, mode: MatchMode): string => this.match(scope, segments, test, mode);
        const parts = node.conditions.map((condition) => this.conditionAt(at, condition));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
    }
  }

  conditionAt(at: (test: Test, mode: MatchMode) => string, condition: FieldCondition): string {
    switch (condition.op) {
      case '$eq':
        return at((t) => this.equals(t, condition.value), { elementwise: true, missing: condition.value.type === 'null' });
      case '$ne':
        return `((${at((t) => this.equals(t, condition.value), { elementwise: true, missing: condition.value.type === 'null' })}) IS NOT TRUE)`;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const { op, value } = condition;
        return at((t) => this.range(t, op, value), { elementwise: true, missing: value.type === 'null' && (op === '$gte' || op === '$lte') });
      }
      case '$in':
      case '$nin': {
        if (condition.values.length === 0) return condition.op === '$in' ? 'false' : 'true';
        const within = at((t) => this.in(t, condition.values), { elementwise: true, missing: condition.values.some((v) => v.type === 'null') });
        return condition.op === '$in' ? within : `((${within}) IS NOT TRUE)`;
      }
      case '$exists': {
        const exists = at((t) => (t.isId ? 'true' : `${t.value} IS NOT NULL`), { elementwise: false, missing: false });
        if (exists === 'true') return condition.exists ? 'true' : 'false';
        return condition.exists ? exists : `((${exists}) IS NOT TRUE)`;
      }
      case '$size':
        return at(
          (t) => (t.isId ? 'false' : `(CASE WHEN jsonb_typeof(${t.value}) = 'array' THEN jsonb_array_length(${t.value}) = ${this.bind(condition.size)}::int ELSE false END)`),
          { elementwise: false, missing: false },
        );
      case '$all': {
        if (condition.conditions.length === 0) return 'false';
        const parts = condition.conditions.map((part) => this.conditionAt(at, part));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
      case '$elemMatch':
        return at((t) => (t.isId ? 'false' : this.anyElement(t, (element) => this.elementMatch(element, condition.element))), { elementwise: false, missing: false });
      case '$regex': {
        const pattern = postgresPattern(condition.source, condition.flags);
        return at((t) => {
          if (t.isId) return `(_id ~ ${this.bind(pattern)})`;
          return `(CASE WHEN jsonb_typeof(${t.value}) = 'string' THEN ${postgresText(t.value)} ~ ${this.bind(pattern)} ELSE false END)`;
        }, { elementwise: true, missing: false });
      }
      case '$not': {
        const parts = condition.conditions.map((part) => this.conditionAt(at, part));
        return `((${parts.join(' AND ')}) IS NOT TRUE)`;
      }
      case '$type':
        return at((t) => (t.isId ? String((condition.types & TYPE_STRING) !== 0) : `jsonb_typeof(${t.value}) IN (${jsonbTypeNames(condition.types)})`), { elementwise: true, missing: false });
    }
  }

  elementMatch(element: Target, match: ElementMatch): string {
    if (match.kind === 'document') {
      return `(jsonb_typeof(${element.value}) = 'object' AND ${this.node(match.filter, { source: element.value, typePath: element.typePath })})`;
    }
    const at = (test: Test): string => test(element);
    const parts = match.conditions.map((condition) => this.conditionAt(at, condition));
    return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
  }

  /** As the SQLite dialect's match(): the field itself, its elements, and through arrays on the way. */
  match(scope: Scope, segments: string[], test: Test, mode: MatchMode): string {
    if (scope.source === 'doc' && segments.length === 1 && segments[0] === '_id') return test(ID_TARGET);
    const alternatives: string[] = [];
    for (const reading of this.readings(scope, segments)) {
      const field = this.target(scope, segments, reading.positions, reading.typePaths[segments.length]!);
      const through: number[] = [];
      for (let i = 1; i < segments.length; i++) {
        if (!reading.positions.has(i) && (this.bitsAt(reading.typePaths[i]!) & TYPE_ARRAY) !== 0) through.push(i);
      }
      let direct = test(field);
      if (mode.missing && through.length > 0) {
        const guards = through.map((i) => `jsonb_typeof(${this.target(scope, segments.slice(0, i), reading.positions, reading.typePaths[i]!).value}) IS DISTINCT FROM 'array'`);
        direct = `(${direct} AND ${guards.join(' AND ')})`;
      }
      alternatives.push(direct);
      if (mode.elementwise && (field.bits & TYPE_ARRAY) !== 0) alternatives.push(this.anyElement(field, test));
      for (const i of through) {
        const prefix = this.target(scope, segments.slice(0, i), reading.positions, reading.typePaths[i]!);
        const rest = segments.slice(i);
        alternatives.push(
          this.anyElement(prefix, (element) => `(jsonb_typeof(${element.value}) = 'object' AND ${this.match({ source: element.value, typePath: reading.typePaths[i]! }, rest, test, mode)})`),
        );
      }
    }
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
  }

  readings(scope: Scope, segments: string[]): { positions: Set<number>; typePaths: string[] }[] {
    let readings = [{ positions: new Set<number>(), typePaths: [scope.typePath] }];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const next: typeof readings = [];
      for (const reading of readings) {
        const before = reading.typePaths[i]!;
        const key = before === '' ? segment : `${before}.${segment}`;
        const bits = this.bitsAt(before);
        const position = i > 0 && isArrayPosition(segment) && (bits & TYPE_ARRAY) !== 0;
        if (position) next.push({ positions: new Set([...reading.positions, i]), typePaths: [...reading.typePaths, before] });
        if (!position || (bits & ~TYPE_ARRAY) !== 0) next.push({ positions: reading.positions, typePaths: [...reading.typePaths, key] });
      }
      readings = next;
    }
    return readings;
  }

  target(scope: Scope, segments: string[], positions: ReadonlySet<number>, typePath: string): Target {
    return { value: postgresFieldOf(segments, positions, scope.source), isId: false, bits: this.bitsAt(typePath), typePath };
  }

  /** True when `target` is an array with an element passing `test` (non-arrays give no elements). */
  anyElement(target: Target, test: Test): string {
    const alias = `e${++this.aliases}`;
    const element: Target = { value: `${alias}.value`, isId: false, bits: target.bits, typePath: target.typePath };
    const elements = `jsonb_array_elements(CASE WHEN jsonb_typeof(${target.value}) = 'array' THEN ${target.value} ELSE '[]'::jsonb END)`;
    return `EXISTS (SELECT 1 FROM ${elements} AS ${alias}(value) WHERE ${test(element)})`;
  }

  equals(t: Target, value: FilterValue): string {
    if (t.isId) return value.type === 'string' ? `_id = ${this.bind(value.value)}` : 'false';
    if (value.type === 'null') return `(${t.value} IS NULL OR ${t.value} = 'null'::jsonb)`;
    return `${t.value} = ${this.jsonb(value)}`;
  }

  range(t: Target, operator: keyof typeof RANGE_SQL, value: FilterValue): string {
    const sql = RANGE_SQL[operator];
    if (value.type === 'null') return operator === '$gte' || operator === '$lte' ? this.equals(t, value) : 'false';
    if (t.isId) return value.type === 'string' ? `_id ${sql} ${this.bind(value.value)}` : 'false';
    const jsonType = value.type === 'number' ? 'number' : value.type === 'string' ? 'string' : 'boolean';
    const compare = `${t.value} ${sql} ${this.jsonb(value)}`;
    const guard = rangeGuard(t, value.type as 'number' | 'string' | 'boolean', operator === '$gt' || operator === '$gte');
    if (guard === undefined) return `(${compare} AND jsonb_typeof(${t.value}) = '${jsonType}')`;
    return guard === '' ? compare : `(${compare} AND ${guard})`;
  }

  in(t: Target, values: FilterValue[]): string {
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
