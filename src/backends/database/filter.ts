// Filters → an SQL WHERE condition with bound parameters. Fields become the same json_extract
// expressions the indexes are built on (paths.ts), so SQLite can use them; nothing is filtered in JS.
//
// Mongo semantics kept where they are cheap: null matches null and missing fields; $ne and $nin
// match missing fields; $exists tells null from missing; equality tells true/false from 1/0; range
// operators stay within their type bracket (numbers with numbers, strings with strings).
// Not done: matching an array field by one of its elements ({ tags: 'x' }); ranges over numbers
// also see true/false as 1/0.
import { didYouMean } from '../../util/suggest.js';
import { DatabaseError, describeType, show } from './errors.js';
import { type FieldRef, fieldRef } from './paths.js';
import { type Comparable, comparable, isPlainObject } from './values.js';

export interface SqlCondition {
  /** The condition, '' when the filter matches everything. */
  sql: string;
  params: unknown[];
}

const FIELD_OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists'] as const;
const LOGICAL_OPERATORS = ['$and', '$or', '$nor'] as const;
const UNSUPPORTED_OPERATORS = new Set([
  '$regex', '$options', '$not', '$elemMatch', '$size', '$all', '$type', '$mod', '$text', '$where', '$expr',
  '$jsonSchema', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$bitsAllSet', '$bitsAnySet',
  '$bitsAllClear', '$bitsAnyClear', '$comment',
]);
const fieldOperatorSet = new Set<string>(FIELD_OPERATORS);

/** Above this many values, $in binds one JSON array (json_each) instead of one parameter each. */
const IN_LIST_LIMIT = 16;

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

class FilterCompiler {
  readonly params: unknown[] = [];
  constructor(readonly where: string) {}

  fail(message: string): never {
    throw new DatabaseError('INVALID_FILTER', `${this.where}: ${message}`);
  }

  /** The conditions of one filter document, ANDed; '1' when it has none. */
  document(filter: unknown, trail: string): string {
    if (!isPlainObject(filter)) {
      this.fail(`${trail === '' ? 'the filter' : trail} must be an object like { status: 'confirmed' }, got ${describeType(filter)}`);
    }
    const clauses: string[] = [];
    for (const key in filter) {
      const value = filter[key];
      if (key.startsWith('$')) clauses.push(this.logical(key, value, trail));
      else clauses.push(this.field(key, value, trail));
    }
    if (clauses.length === 0) return '1';
    return clauses.length === 1 ? clauses[0]! : clauses.join(' AND ');
  }

  logical(operator: string, value: unknown, trail: string): string {
    const at = trail === '' ? operator : `${trail}.${operator}`;
    if (!(LOGICAL_OPERATORS as readonly string[]).includes(operator)) {
      if (fieldOperatorSet.has(operator)) {
        this.fail(`${operator} must be inside a field's condition, e.g. { amount: { ${operator}: … } } (found at "${at}")`);
      }
      this.unknownOperator(operator, at, LOGICAL_OPERATORS);
    }
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(`${operator} needs a non-empty array of filters, e.g. { ${operator}: [{ status: 'a' }, { status: 'b' }] }, got ${show(value)} (at "${at}")`);
    }
    const parts = value.map((sub, i) => this.document(sub, `${at}[${i}]`));
    if (operator === '$and') return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
    const any = parts.length === 1 ? parts[0]! : parts.map((part) => `(${part})`).join(' OR ');
    return operator === '$or' ? `(${any})` : `(${any}) IS NOT 1`;
  }

  unknownOperator(operator: string, at: string, candidates: readonly string[]): never {
    if (UNSUPPORTED_OPERATORS.has(operator)) {
      this.fail(`operator ${operator} is not supported (at "${at}"); supported: ${[...FIELD_OPERATORS, ...LOGICAL_OPERATORS].join(' ')}`);
    }
    const suggestion = didYouMean(operator, candidates);
    this.fail(`unknown operator "${operator}" at "${at}"${suggestion ? `; ${suggestion}` : `; expected one of ${candidates.join(' ')}`}`);
  }

  field(path: string, condition: unknown, trail: string): string {
    const at = trail === '' ? path : `${trail}.${path}`;
    const ref = fieldRef(path, 'INVALID_FILTER', this.where);
    if (!isPlainObject(condition)) return this.equals(ref, comparable(condition, at, this.where));
    let operators = 0;
    let fields = 0;
    for (const key in condition) {
      if (key.startsWith('$')) operators++;
      else fields++;
    }
    if (operators === 0) return this.equals(ref, comparable(condition, at, this.where));
    if (fields > 0) {
      this.fail(`the condition for "${at}" mixes operators and field names (${Object.keys(condition).join(', ')}); use either { $gt: … } or an embedded document to match exactly`);
    }
    const clauses: string[] = [];
    for (const operator in condition) {
      clauses.push(this.operator(ref, operator, condition[operator], at));
    }
    return clauses.length === 1 ? clauses[0]! : clauses.join(' AND ');
  }

  operator(ref: FieldRef, operator: string, operand: unknown, at: string): string {
    switch (operator) {
      case '$eq':
        return this.equals(ref, comparable(operand, `${at}.$eq`, this.where));
      case '$ne': {
        const value = comparable(operand, `${at}.$ne`, this.where);
        if (value.kind === 'null') return `${ref.value} IS NOT NULL`;
        return `(${this.equals(ref, value)}) IS NOT 1`;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return this.range(ref, operator, comparable(operand, `${at}.${operator}`, this.where), at);
      case '$in':
        return this.in(ref, operand, `${at}.$in`);
      case '$nin': {
        const within = this.in(ref, operand, `${at}.$nin`);
        return within === '0' ? '1' : `(${within}) IS NOT 1`;
      }
      case '$exists': {
        if (typeof operand !== 'boolean' && operand !== 0 && operand !== 1) {
          this.fail(`$exists needs true or false (at "${at}"), got ${show(operand)}`);
        }
        if (ref.isId) return operand ? '1' : '0';
        return operand ? `${ref.type} IS NOT NULL` : `${ref.type} IS NULL`;
      }
      default:
        this.unknownOperator(operator, `${at}`, FIELD_OPERATORS);
    }
  }

  bind(param: unknown): string {
    this.params.push(param);
    return '?';
  }

  equals(ref: FieldRef, value: Comparable): string {
    switch (value.kind) {
      case 'null':
        return ref.isId ? '0' : `${ref.value} IS NULL`;
      case 'scalar':
        // json_extract gives 1/0 for true/false too: for these two numbers, check the type.
        if ((value.param === 1 || value.param === 0) && !ref.isId) {
          return `(${ref.value} = ${this.bind(value.param)} AND ${ref.type} IN ('integer', 'real'))`;
        }
        return `${ref.value} = ${this.bind(value.param)}`;
      case 'boolean':
        if (ref.isId) return '0';
        return `(${ref.value} = ${this.bind(value.param)} AND ${ref.type} = '${value.jsonType}')`;
      case 'json':
        if (ref.isId) return '0';
        return `(${ref.value} = json(${this.bind(value.param)}) AND ${ref.type} = '${value.jsonType}')`;
    }
  }

  range(ref: FieldRef, operator: keyof typeof RANGE_SQL, value: Comparable, at: string): string {
    const sql = RANGE_SQL[operator];
    switch (value.kind) {
      case 'null':
        // Mongo: $gte/$lte null match null and missing fields; $gt/$lt null match nothing.
        return operator === '$gte' || operator === '$lte' ? (ref.isId ? '0' : `${ref.value} IS NULL`) : '0';
      case 'scalar': {
        const compare = `${ref.value} ${sql} ${this.bind(value.param)}`;
        if (ref.isId) return compare;
        // Keep to the value's type: every number sorts below every string in SQLite.
        if (typeof value.param === 'string') return operator === '$lt' || operator === '$lte' ? `${compare} AND ${ref.value} >= ''` : compare;
        return operator === '$gt' || operator === '$gte' ? `${compare} AND ${ref.value} < ''` : compare;
      }
      case 'boolean':
        if (ref.isId) return '0';
        return `(${ref.value} ${sql} ${this.bind(value.param)} AND ${ref.type} IN ('true', 'false'))`;
      case 'json':
        this.fail(`${operator} needs a number, string, Date, boolean or null (at "${at}"), got ${value.jsonType === 'array' ? 'an array' : 'an object'}`);
    }
  }

  in(ref: FieldRef, operand: unknown, at: string): string {
    if (!Array.isArray(operand)) this.fail(`${at.slice(at.lastIndexOf('.') + 1)} needs an array of values (at "${at}"), got ${show(operand)}`);
    if (operand.length === 0) return '0';
    const scalars: (string | number | bigint)[] = [];
    const others: Comparable[] = [];
    for (let i = 0; i < operand.length; i++) {
      const value = comparable(operand[i], `${at}[${i}]`, this.where);
      if (value.kind === 'scalar' && value.param !== 0 && value.param !== 1) scalars.push(value.param);
      else others.push(value);
    }
    // Parameters are bound in the order they appear in the SQL.
    const parts: string[] = [];
    if (scalars.length === 1) parts.push(`${ref.value} = ${this.bind(scalars[0])}`);
    else if (scalars.length > IN_LIST_LIMIT && scalars.every((v) => typeof v !== 'bigint')) {
      parts.push(`${ref.value} IN (SELECT value FROM json_each(${this.bind(JSON.stringify(scalars))}))`);
    } else if (scalars.length > 0) {
      parts.push(`${ref.value} IN (${scalars.map((v) => this.bind(v)).join(', ')})`);
    }
    for (const value of others) parts.push(this.equals(ref, value));
    return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  }
}

/** The WHERE condition for a filter (undefined or {} → ''). `where` names the call in errors. */
export function compileFilter(filter: unknown, where: string): SqlCondition {
  if (filter === undefined || filter === null) return { sql: '', params: [] };
  const compiler = new FilterCompiler(where);
  const sql = compiler.document(filter, '');
  return { sql: sql === '1' ? '' : sql, params: compiler.params };
}

/**
 * The fields a filter pins to one value (top-level equality and $eq, also inside $and), as a
 * document: the start of an upserted document.
 */
export function equalityFields(filter: unknown): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const visit = (part: unknown): void => {
    if (!isPlainObject(part)) return;
    for (const key in part) {
      const value = part[key];
      if (key === '$and' && Array.isArray(value)) value.forEach(visit);
      if (key.startsWith('$')) continue;
      if (isPlainObject(value)) {
        const keys = Object.keys(value);
        if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
          if ('$eq' in value) setPath(document, key, value.$eq);
          continue;
        }
      }
      setPath(document, key, value);
    }
  };
  visit(filter);
  return document;
}

export function setPath(document: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = document;
  for (let i = 0; i < segments.length - 1; i++) {
    const next = node[segments[i]!];
    if (isPlainObject(next)) node = next;
    else {
      const created: Record<string, unknown> = {};
      node[segments[i]!] = created;
      node = created;
    }
  }
  node[segments[segments.length - 1]!] = value instanceof Date ? value.toISOString() : value;
}
