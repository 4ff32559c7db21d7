// The walk both SQL dialects of filters share (../filter.ts for SQLite, ../postgres/filter-sql.ts for
// PostgreSQL): a parsed FilterNode → a WHERE condition, following MongoDB's array semantics where
// the collection's path-type map says they can matter. This file decides WHICH alternatives a
// condition needs (the field itself, each of its elements, the path through arrays of embedded
// documents on the way, the readings of a digits-only segment as key or position); each dialect
// writes the SQL of one test on one value (equals, range, in …), its literals, and how an array's
// elements are listed. A path where no array can be (the common case) takes a shortcut straight to
// the plain comparison, the one an expression index serves.
import type { ElementMatch, FieldCondition, FilterNode, FilterValue } from './filter-model.js';
import { OVERFLOW_PATH, type PathTypes, TYPE_ANY, TYPE_ARRAY } from './path-types.js';
import { isArrayPosition } from '../paths.js';

/** A value to test: a field of the document or of an array element, or the _id column. */
export interface FilterTarget {
  /** SQL for the value (NULL when missing). */
  value: string;
  isId: boolean;
  /** What the path-type map says the value may be (TYPE_* bits), and the map path it is recorded at. */
  bits: number;
  typePath: string;
}

/** Where a field's path starts: the document, or an element of an array (inside $elemMatch / traversal). */
export interface FilterScope {
  /** SQL holding the fields: 'doc' or an element's value. */
  source: string;
  /** The type-map path of `source` ('' for the document). */
  typePath: string;
}

/** A range operator and its SQL comparison (the same in both dialects). */
export const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
export type RangeOperator = keyof typeof RANGE_SQL;

/** A condition on one target, building SQL (and binding parameters) each time it is called. */
export type Test<T> = (target: T) => string;

export interface MatchMode {
  /** Also true when the field is an array with an element passing the test. */
  elementwise: boolean;
  /** The test holds for a missing field: must not count a path that went through an array. */
  missing: boolean;
}

/** One way to read a path's digits-only segments; typePaths[i] is the type-map path after i segments. */
export interface PathReading {
  positions: ReadonlySet<number>;
  typePaths: string[];
}

const NO_POSITIONS: ReadonlySet<number> = new Set();

export abstract class FilterEmitter<T extends FilterTarget> {
  protected aliases = 0;
  private readonly overflow: boolean;

  /** The dialect's always-true and always-false conditions. */
  protected abstract readonly TRUE: string;
  protected abstract readonly FALSE: string;
  /** The target of the _id column (a filter on the document's _id). */
  protected abstract readonly idTarget: T;

  constructor(
    private readonly types: PathTypes,
    readonly params: unknown[],
  ) {
    this.overflow = types.has(OVERFLOW_PATH);
  }

  bitsAt(typePath: string): number {
    return this.overflow ? TYPE_ANY : (this.types.get(typePath) ?? 0);
  }

  /** Binds a parameter; the SQL that refers to it. */
  abstract bind(param: unknown): string;
  /** Not `sql` (a NULL, as for a missing field, counts as not matching). */
  protected abstract not(sql: string): string;
  /** The field at `segments` of `scope`, read with array `positions`, recorded at `typePath`. */
  protected abstract target(scope: FilterScope, segments: string[], positions: ReadonlySet<number>, typePath: string): T;
  /** True when `target` is an array with an element passing `test`. */
  protected abstract anyElement(target: T, test: Test<T>): string;
  /** $elemMatch's condition on one element. */
  protected abstract elementMatch(element: T, match: ElementMatch): string;
  /** `target` is not an array (guard of a test that holds for a missing field). */
  protected abstract notArray(target: T): string;
  /** The alternative that reaches `field` through the array at `prefix`: an element that is an object passing `rest`. */
  protected abstract throughArray(field: T, prefix: T, rest: (element: T) => string): string;
  protected abstract equals(t: T, value: FilterValue): string;
  protected abstract range(t: T, operator: RangeOperator, value: FilterValue): string;
  protected abstract in(t: T, values: FilterValue[]): string;
  /** $exists: true on a field (not _id). */
  protected abstract present(t: T): string;
  protected abstract sizeIs(t: T, size: number): string;
  protected abstract regex(t: T, source: string, flags: string): string;
  protected abstract typeIn(t: T, types: number): string;

  node(node: FilterNode, scope: FilterScope): string {
    switch (node.kind) {
      case 'and': {
        if (node.children.length === 0) return this.TRUE;
        const parts = node.children.map((child) => this.node(child, scope));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
      case 'or':
      case 'nor': {
        const parts = node.children.map((child) => this.node(child, scope));
        const any = parts.length === 1 ? parts[0]! : parts.map((part) => `(${part})`).join(' OR ');
        return node.kind === 'or' ? `(${any})` : this.not(any);
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
  private plainTarget(scope: FilterScope, segments: string[]): T | undefined {
    if (scope.source === 'doc' && segments.length === 1 && segments[0] === '_id') return this.idTarget;
    let typePath = scope.typePath;
    for (const segment of segments) {
      if (isArrayPosition(segment)) return undefined;
      typePath = typePath === '' ? segment : `${typePath}.${segment}`;
      if ((this.bitsAt(typePath) & TYPE_ARRAY) !== 0) return undefined;
    }
    return this.target(scope, segments, NO_POSITIONS, typePath);
  }

  /** A condition on a plain target (what match() reduces to there), without building closures. */
  private plainCondition(t: T, condition: FieldCondition): string {
    switch (condition.op) {
      case '$eq':
        return this.equals(t, condition.value);
      case '$ne':
        return this.not(this.equals(t, condition.value));
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return this.range(t, condition.op, condition.value);
      case '$in':
        return condition.values.length === 0 ? this.FALSE : this.in(t, condition.values);
      case '$nin':
        return condition.values.length === 0 ? this.TRUE : this.not(this.in(t, condition.values));
      default:
        return this.conditionAt((test) => test(t), condition);
    }
  }

  /** One condition on the field at `segments` of `scope`, the MongoDB way. */
  private condition(scope: FilterScope, segments: string[], condition: FieldCondition): string {
    const at = (test: Test<T>, mode: MatchMode): string => this.match(scope, segments, test, mode);
    return this.conditionAt(at, condition);
  }

  /** `at(test, mode)` applies a test to the field; shared by fields and $elemMatch's element itself. */
  protected conditionAt(at: (test: Test<T>, mode: MatchMode) => string, condition: FieldCondition): string {
    switch (condition.op) {
      case '$eq':
        return at((t) => this.equals(t, condition.value), { elementwise: true, missing: condition.value.type === 'null' });
      case '$ne':
        return this.not(at((t) => this.equals(t, condition.value), { elementwise: true, missing: condition.value.type === 'null' }));
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const { op, value } = condition;
        return at((t) => this.range(t, op, value), { elementwise: true, missing: value.type === 'null' && (op === '$gte' || op === '$lte') });
      }
      case '$in':
      case '$nin': {
        if (condition.values.length === 0) return condition.op === '$in' ? this.FALSE : this.TRUE;
        const within = at((t) => this.in(t, condition.values), { elementwise: true, missing: condition.values.some((v) => v.type === 'null') });
        return condition.op === '$in' ? within : this.not(within);
      }
      case '$exists': {
        const exists = at((t) => (t.isId ? this.TRUE : this.present(t)), { elementwise: false, missing: false });
        if (exists === this.TRUE) return condition.exists ? this.TRUE : this.FALSE;
        return condition.exists ? exists : this.not(exists);
      }
      case '$size':
        return at((t) => (t.isId ? this.FALSE : this.sizeIs(t, condition.size)), { elementwise: false, missing: false });
      case '$all': {
        if (condition.conditions.length === 0) return this.FALSE; // MongoDB: $all: [] matches nothing
        const parts = condition.conditions.map((part) => this.conditionAt(at, part));
        return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
      }
      case '$elemMatch':
        return at((t) => (t.isId ? this.FALSE : this.anyElement(t, (element) => this.elementMatch(element, condition.element))), { elementwise: false, missing: false });
      case '$regex':
        return at((t) => this.regex(t, condition.source, condition.flags), { elementwise: true, missing: false });
      case '$not': {
        const parts = condition.conditions.map((part) => this.conditionAt(at, part));
        return this.not(parts.join(' AND '));
      }
      case '$type':
        return at((t) => this.typeIn(t, condition.types), { elementwise: true, missing: false });
    }
  }

  /**
   * `test` on the field at `segments` of `scope`: on the field itself, on each element when it may
   * be an array (mode.elementwise), and through arrays of embedded documents on the way. Which
   * alternatives are emitted follows the path-type map, so a path that never held an array gets the
   * plain, indexable comparison only.
   */
  private match(scope: FilterScope, segments: string[], test: Test<T>, mode: MatchMode): string {
    if (scope.source === 'doc' && segments.length === 1 && segments[0] === '_id') return test(this.idTarget);
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
        const guards = through.map((i) => this.notArray(this.target(scope, segments.slice(0, i), reading.positions, reading.typePaths[i]!)));
        direct = `(${direct} AND ${guards.join(' AND ')})`;
      }
      alternatives.push(direct);
      if (mode.elementwise && !field.isId && (field.bits & TYPE_ARRAY) !== 0) alternatives.push(this.anyElement(field, test));
      for (const i of through) {
        const prefix = this.target(scope, segments.slice(0, i), reading.positions, reading.typePaths[i]!);
        const rest = segments.slice(i);
        alternatives.push(this.throughArray(field, prefix, (element) => this.match({ source: element.value, typePath: reading.typePaths[i]! }, rest, test, mode)));
      }
    }
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
  }

  /**
   * The ways to read the digits-only segments of a path: as an object key, and as an array
   * position when the prefix before it may hold an array. Array positions do not extend the
   * type-map path: elements are recorded at the array's path.
   */
  private readings(scope: FilterScope, segments: string[]): PathReading[] {
    if (!segments.some((segment) => isArrayPosition(segment))) {
      // No digits-only segment (the common case): one reading, all keys.
      const typePaths = [scope.typePath];
      for (const segment of segments) {
        const before = typePaths[typePaths.length - 1]!;
        typePaths.push(before === '' ? segment : `${before}.${segment}`);
      }
      return [{ positions: NO_POSITIONS, typePaths }];
    }
    let readings: PathReading[] = [{ positions: NO_POSITIONS, typePaths: [scope.typePath] }];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const next: PathReading[] = [];
      for (const reading of readings) {
        const before = reading.typePaths[i]!;
        const key = before === '' ? segment : `${before}.${segment}`;
        // The first segment is always a key (the document or an element is an object there).
        const position = i > 0 && isArrayPosition(segment) && (this.bitsAt(before) & TYPE_ARRAY) !== 0;
        if (position) next.push({ positions: new Set([...reading.positions, i]), typePaths: [...reading.typePaths, before] });
        if (!position || (this.bitsAt(before) & ~TYPE_ARRAY) !== 0) next.push({ positions: reading.positions, typePaths: [...reading.typePaths, key] });
      }
      readings = next;
    }
    return readings;
  }
}
