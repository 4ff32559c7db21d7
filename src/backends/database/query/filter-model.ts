// A MongoDB-style filter, parsed and validated once into an engine-neutral tree (FilterNode) that
// each SQL dialect emits (SQLite: ../filter.ts, PostgreSQL: ../postgres/filter-sql.ts). Every
// validation and every error message lives here, so both engines refuse the same filters with the
// same words. Semantics (what each node matches) are MongoDB's, as the manual's "Query an Array",
// "Query an Array of Embedded Documents", "Query for Null or Missing Fields" and the operator pages
// describe; the emitters implement them.
//
// Values are normalised: Dates become their ISO string (as stored), embedded documents and arrays
// carry their JSON text. A RegExp value is a $regex condition, as in MongoDB.
//
// $regex: JavaScript syntax, limited to what JavaScript (SQLite's regexp()), PostgreSQL's AREs and
// PCRE (MongoDB) read alike: escapes \d \s \w (and negations), \n \t \r \f \v and escaped
// punctuation; groups (…) (?:…) (?=…) (?!…); flags i m s x (x is applied here). Known remaining
// differences: PCRE's $ also matches before a final newline (JavaScript's and PostgreSQL's do not);
// without s, PostgreSQL's [^…] does not match a newline either.
// $type: JSON has one number type, so double, int, long, decimal and number all mean "a number".
import { closestMatch, didYouMean, editDistance } from '../../../util/suggest.js';
import { serializeValue } from '../document.js';
import { DatabaseError, describeType, show } from '../errors.js';
import { checkFieldPath } from '../paths.js';
import { isPlainObject } from '../values.js';
import { TYPE_ARRAY, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from './path-types.js';

/** A value a filter compares with. */
export type FilterValue =
  | { type: 'null' }
  | { type: 'number'; value: number | bigint }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  /** An array or embedded document, matched exactly (same elements / fields, same order). */
  | { type: 'array' | 'object'; value: unknown; json: string };

export type RangeOperator = '$gt' | '$gte' | '$lt' | '$lte';

/** One condition on a field's value (MongoDB applies most of them to each element of an array too). */
export type FieldCondition =
  | { op: '$eq'; value: FilterValue }
  | { op: '$ne'; value: FilterValue }
  /** The operand is never an array or object (refused here). */
  | { op: RangeOperator; value: FilterValue }
  | { op: '$in'; values: FilterValue[] }
  | { op: '$nin'; values: FilterValue[] }
  | { op: '$exists'; exists: boolean }
  | { op: '$size'; size: number }
  /** $all: every condition holds (each an $eq or an $elemMatch); an empty list matches nothing. */
  | { op: '$all'; conditions: FieldCondition[] }
  | { op: '$elemMatch'; element: ElementMatch }
  /** `source` is the pattern as given (x already applied), `flags` a subset of "ims". */
  | { op: '$regex'; source: string; flags: string }
  /** Matches when the conditions (ANDed) do not all hold, including when the field is missing. */
  | { op: '$not'; conditions: FieldCondition[] }
  /** OR of TYPE_* bits (path-types.ts); `names` as the user wrote them, for messages. */
  | { op: '$type'; types: number; names: string[] };

/** What $elemMatch asks of one element: operators on the element itself, or a filter on an embedded document. */
export type ElementMatch =
  | { kind: 'value'; conditions: FieldCondition[] }
  | { kind: 'document'; filter: FilterNode };

export type FilterNode =
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] }
  | { kind: 'nor'; children: FilterNode[] }
  /** All `conditions` hold for the field at `path` (dotted, as the user wrote it). */
  | { kind: 'field'; path: string; conditions: FieldCondition[] };

export const FIELD_OPERATORS = [
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$size', '$all', '$elemMatch', '$regex', '$options', '$not', '$type',
] as const;
export const LOGICAL_OPERATORS = ['$and', '$or', '$nor'] as const;
const UNSUPPORTED_OPERATORS = new Set([
  '$mod', '$text', '$where', '$expr', '$jsonSchema', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$bitsAllSet', '$bitsAnySet',
  '$bitsAllClear', '$bitsAnyClear', '$comment',
]);
const fieldOperatorSet = new Set<string>(FIELD_OPERATORS);

/** MongoDB's $type names and numbers, for the JSON types a document can hold here. */
const TYPE_NAMES: Record<string, number> = {
  double: TYPE_NUMBER, int: TYPE_NUMBER, long: TYPE_NUMBER, decimal: TYPE_NUMBER, number: TYPE_NUMBER,
  string: TYPE_STRING, object: TYPE_OBJECT, array: TYPE_ARRAY, bool: TYPE_BOOLEAN, null: TYPE_NULL,
};
const TYPE_NUMBERS: Record<number, string> = { 1: 'double', 2: 'string', 3: 'object', 4: 'array', 8: 'bool', 10: 'null', 16: 'int', 18: 'long', 19: 'decimal' };
/** BSON types no stored JSON can have. */
const NOT_STORED_TYPES: Record<string, string> = {
  date: 'Dates are stored as ISO strings: use "string" (or a range on the string)',
  objectId: '_id values are strings here: use "string"',
  binData: 'binary data cannot be stored', regex: 'regular expressions cannot be stored', timestamp: 'BSON timestamps cannot be stored',
  undefined: 'undefined is not stored', javascript: 'code cannot be stored', minKey: 'MinKey cannot be stored', maxKey: 'MaxKey cannot be stored',
  dbPointer: 'DBPointers cannot be stored', symbol: 'symbols cannot be stored',
};

/**
 * Escapes a $regex pattern may use: their meaning is the same in JavaScript (SQLite's REGEXP),
 * PostgreSQL's regular expressions and PCRE (MongoDB). Others (\b, \p{…}, \z …) differ between
 * them and are refused rather than answered differently per engine.
 */
const REGEX_ESCAPES = new Set([...'dDsSwWntrfv.\\*+?()[]{}|^$/-']);

class FilterParser {
  constructor(readonly where: string) {}

  fail(message: string): never {
    throw new DatabaseError('INVALID_FILTER', `${this.where}: ${message}`);
  }

  document(filter: unknown, trail: string): FilterNode {
    if (!isPlainObject(filter)) {
      this.fail(`${trail === '' ? 'the filter' : trail} must be an object like { status: 'confirmed' }, got ${describeType(filter)}`);
    }
    const children: FilterNode[] = [];
    for (const key in filter) {
      const value = filter[key];
      if (key.startsWith('$')) children.push(this.logical(key, value, trail));
      else children.push(this.field(key, value, trail));
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  logical(operator: string, value: unknown, trail: string): FilterNode {
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
    const children = value.map((sub, i) => this.document(sub, `${at}[${i}]`));
    return { kind: operator.slice(1) as 'and' | 'or' | 'nor', children };
  }

  unknownOperator(operator: string, at: string, candidates: readonly string[]): never {
    if (UNSUPPORTED_OPERATORS.has(operator)) {
      this.fail(`operator ${operator} is not supported (at "${at}"); supported: ${[...FIELD_OPERATORS, ...LOGICAL_OPERATORS].join(' ')}`);
    }
    // Operator names are short: only a one-letter slip reads as a typo ("$foo" is not "$not").
    const close = closestMatch(operator, candidates);
    const suggestion = close !== undefined && editDistance(operator, close) <= Math.max(1, Math.floor((operator.length - 1) / 3)) ? didYouMean(operator, [close]) : undefined;
    this.fail(`unknown operator "${operator}" at "${at}"${suggestion ? `; ${suggestion}` : `; expected one of ${candidates.join(' ')}`}`);
  }

  field(path: string, condition: unknown, trail: string): FilterNode {
    const at = trail === '' ? path : `${trail}.${path}`;
    checkFieldPath(path, 'INVALID_FILTER', this.where);
    return { kind: 'field', path, conditions: this.conditions(condition, at) };
  }

  /** The conditions of a field: a value (equality), a RegExp, or an object of operators. */
  conditions(condition: unknown, at: string): FieldCondition[] {
    if (condition instanceof RegExp) return [this.regex(condition, undefined, at)];
    if (!isPlainObject(condition)) return [{ op: '$eq', value: this.value(condition, at) }];
    let operators = 0;
    let fields = 0;
    for (const key in condition) {
      if (key.startsWith('$')) operators++;
      else fields++;
    }
    if (operators === 0) return [{ op: '$eq', value: this.value(condition, at) }];
    if (fields > 0) {
      this.fail(`the condition for "${at}" mixes operators and field names (${Object.keys(condition).join(', ')}); use either { $gt: … } or an embedded document to match exactly`);
    }
    const conditions: FieldCondition[] = [];
    for (const operator in condition) {
      if (operator === '$options') {
        if (!('$regex' in condition)) this.fail(`$options needs a $regex next to it (at "${at}")`);
        continue;
      }
      conditions.push(this.operator(operator, condition[operator], at, condition));
    }
    return conditions;
  }

  operator(operator: string, operand: unknown, at: string, all: Record<string, unknown>): FieldCondition {
    switch (operator) {
      case '$eq':
      case '$ne':
        return { op: operator, value: this.value(operand, `${at}.${operator}`) };
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        if (operand instanceof RegExp) this.fail(`${operator} needs a number, string, Date, boolean or null (at "${at}"), got a regular expression`);
        const value = this.value(operand, `${at}.${operator}`);
        if (value.type === 'array' || value.type === 'object') {
          this.fail(`${operator} needs a number, string, Date, boolean or null (at "${at}"), got ${value.type === 'array' ? 'an array' : 'an object'}`);
        }
        return { op: operator, value };
      }
      case '$in':
      case '$nin':
        return { op: operator, values: this.values(operand, `${at}.${operator}`) };
      case '$exists':
        if (typeof operand !== 'boolean' && operand !== 0 && operand !== 1) {
          this.fail(`$exists needs true or false (at "${at}"), got ${show(operand)}`);
        }
        return { op: '$exists', exists: Boolean(operand) };
      case '$size':
        if (typeof operand !== 'number' || !Number.isInteger(operand) || operand < 0) {
          this.fail(`$size needs a whole number of at least 0 (at "${at}"), got ${show(operand)}`);
        }
        return { op: '$size', size: operand };
      case '$all': {
        if (!Array.isArray(operand)) this.fail(`$all needs an array of values (at "${at}"), got ${show(operand)}`);
        const conditions = operand.map((item, i): FieldCondition => {
          const itemAt = `${at}.$all[${i}]`;
          if (isPlainObject(item) && Object.keys(item).some((k) => k.startsWith('$'))) {
            const keys = Object.keys(item);
            if (keys.length !== 1 || keys[0] !== '$elemMatch') {
              this.fail(`$all takes values or { $elemMatch: … } objects (at "${itemAt}"), got ${show(item)}`);
            }
            return this.elemMatch(item.$elemMatch, itemAt);
          }
          if (item instanceof RegExp) return this.regex(item, undefined, itemAt);
          return { op: '$eq', value: this.value(item, itemAt) };
        });
        return { op: '$all', conditions };
      }
      case '$elemMatch':
        return this.elemMatch(operand, at);
      case '$regex':
        return this.regex(operand, all.$options, at);
      case '$not': {
        if (operand instanceof RegExp) return { op: '$not', conditions: [this.regex(operand, undefined, `${at}.$not`)] };
        if (!isPlainObject(operand) || Object.keys(operand).length === 0 || !Object.keys(operand).every((k) => k.startsWith('$'))) {
          this.fail(`$not needs an operator expression or a regular expression, e.g. { $not: { $gt: 5 } } or { $not: /^a/ } (at "${at}"), got ${show(operand)}`);
        }
        return { op: '$not', conditions: this.conditions(operand, `${at}.$not`) };
      }
      case '$type':
        return this.type(operand, at);
      default:
        this.unknownOperator(operator, at, FIELD_OPERATORS);
    }
  }

  elemMatch(operand: unknown, at: string): FieldCondition {
    if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
      this.fail(`$elemMatch needs a condition object, e.g. { $gte: 80, $lt: 85 } or { qty: 5 } (at "${at}"), got ${show(operand)}`);
    }
    const keys = Object.keys(operand);
    const fieldOperators = keys.filter((k) => k.startsWith('$') && !(LOGICAL_OPERATORS as readonly string[]).includes(k));
    if (fieldOperators.length === 0) return { op: '$elemMatch', element: { kind: 'document', filter: this.document(operand, `${at}.$elemMatch`) } };
    if (fieldOperators.length !== keys.length) this.fail(`$elemMatch at "${at}" mixes operators and field names (${keys.join(', ')})`);
    return { op: '$elemMatch', element: { kind: 'value', conditions: this.conditions(operand, `${at}.$elemMatch`) } };
  }

  regex(operand: unknown, options: unknown, at: string): FieldCondition {
    let source: string;
    let flags = '';
    if (operand instanceof RegExp) {
      source = operand.source;
      for (const flag of operand.flags) {
        if (flag === 'g' || flag === 'y' || flag === 'd') continue; // no meaning for a match test
        if (!'ims'.includes(flag)) this.fail(`regular expression flag "${flag}" is not supported (at "${at}"); supported: i m s x`);
        flags += flag;
      }
    } else if (typeof operand === 'string') source = operand;
    else this.fail(`$regex needs a string or a regular expression (at "${at}"), got ${show(operand)}`);
    if (options !== undefined) {
      if (typeof options !== 'string') this.fail(`$options needs a string of flags like "i" (at "${at}"), got ${show(options)}`);
      for (const flag of options) {
        if (!'imsx'.includes(flag)) this.fail(`$options flag "${flag}" is not supported (at "${at}"); supported: i m s x`);
        if (!flags.includes(flag)) flags += flag;
      }
    }
    if (flags.includes('x')) {
      source = stripExtended(source);
      flags = flags.replace('x', '');
    }
    this.checkPattern(source, at);
    return { op: '$regex', source, flags: [...flags].sort().join('') };
  }

  /** Refuses what JavaScript, PostgreSQL and PCRE read differently (or JavaScript cannot compile). */
  checkPattern(source: string, at: string): void {
    for (let i = 0; i < source.length; i++) {
      const char = source[i]!;
      if (char === '\\') {
        const next = source[i + 1];
        if (next === undefined) this.fail(`$regex pattern ${JSON.stringify(source)} ends with a lone backslash (at "${at}")`);
        if (!REGEX_ESCAPES.has(next)) {
          this.fail(`$regex escape "\\${next}" is not supported (at "${at}"): its meaning differs between the database engines; supported escapes: \\d \\D \\s \\S \\w \\W \\n \\t \\r and escaped punctuation`);
        }
        i++;
      } else if (char === '(' && source[i + 1] === '?') {
        const kind = source[i + 2];
        if (kind !== ':' && kind !== '=' && kind !== '!') {
          this.fail(`$regex group "(?${kind ?? ''}" is not supported (at "${at}"); supported: (…), (?:…), (?=…), (?!…); pass flags in $options`);
        }
      }
    }
    try {
      new RegExp(source);
    } catch (error) {
      this.fail(`$regex pattern ${JSON.stringify(source)} is not a valid regular expression (at "${at}"): ${(error as Error).message}`);
    }
  }

  type(operand: unknown, at: string): FieldCondition {
    const list = Array.isArray(operand) ? operand : [operand];
    if (list.length === 0) this.fail(`$type needs a type name or number, or an array of them (at "${at}"), got []`);
    let types = 0;
    const names: string[] = [];
    for (const item of list) {
      const name = typeof item === 'number' ? TYPE_NUMBERS[item] : item;
      if (typeof name === 'string' && TYPE_NAMES[name] !== undefined) {
        types |= TYPE_NAMES[name];
        names.push(name);
        continue;
      }
      if (typeof name === 'string' && NOT_STORED_TYPES[name] !== undefined) {
        this.fail(`$type "${name}" never matches here (at "${at}"): ${NOT_STORED_TYPES[name]}`);
      }
      const suggestion = typeof item === 'string' ? didYouMean(item, Object.keys(TYPE_NAMES)) : undefined;
      this.fail(`$type ${show(item)} is not a type a stored document can hold (at "${at}")${suggestion ? `; ${suggestion}` : `; supported: ${Object.keys(TYPE_NAMES).join(' ')} (or their numbers)`}`);
    }
    return { op: '$type', types, names };
  }

  values(operand: unknown, at: string): FilterValue[] {
    if (!Array.isArray(operand)) this.fail(`${at.slice(at.lastIndexOf('.') + 1)} needs an array of values (at "${at}"), got ${show(operand)}`);
    return operand.map((v, i) => {
      if (v instanceof RegExp) this.fail(`regular expressions inside ${at.slice(at.lastIndexOf('.') + 1)} are not supported (at "${at}[${i}]"); use $or of { $regex: … } conditions`);
      return this.value(v, `${at}[${i}]`);
    });
  }

  /** A value to compare with; INVALID_FILTER for values no stored JSON can equal. */
  value(value: unknown, at: string): FilterValue {
    switch (typeof value) {
      case 'string':
        return { type: 'string', value };
      case 'bigint':
        return { type: 'number', value };
      case 'number':
        if (Number.isFinite(value)) return { type: 'number', value };
        this.fail(`the value for "${at}" is ${value}, which no stored document can hold (JSON has no NaN or Infinity)`);
      // falls through: fail() never returns
      case 'boolean':
        return { type: 'boolean', value };
      case 'undefined':
        this.fail(`the value for "${at}" is undefined (use null to match a missing or null field, or leave the key out)`);
    }
    if (value === null) return { type: 'null' };
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) this.fail(`the value for "${at}" is an invalid Date`);
      return { type: 'string', value: value.toISOString() };
    }
    if (value instanceof RegExp) this.fail(`the value for "${at}" is a regular expression, which is only allowed as the whole condition or in $regex, $not, $all`);
    if (Array.isArray(value) || isPlainObject(value)) {
      const json = serializeValue(value, at, this.where)!;
      return { type: Array.isArray(value) ? 'array' : 'object', value: JSON.parse(json), json };
    }
    this.fail(`the value for "${at}" is ${describeType(value)}, which cannot be compared with stored JSON`);
  }
}

/** The x ($options) flag: whitespace and #-comments are not part of the pattern (kept when escaped or in a class). */
function stripExtended(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      out += char + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
    } else if (char === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (!/\s/.test(char)) out += char;
  }
  return out;
}

/**
 * The filter as a tree; undefined when it matches every document (undefined, null or {}).
 * `where` names the call in errors ("find on \"items\"").
 */
export function parseFilter(filter: unknown, where: string): FilterNode | undefined {
  if (filter === undefined || filter === null) return undefined;
  const node = new FilterParser(where).document(filter, '');
  return node.kind === 'and' && node.children.length === 0 ? undefined : node;
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
      if (value instanceof RegExp) continue;
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
