// Update documents ($set $unset $inc $push) → one SQL expression computing the new JSON from the
// stored `doc` (json_set / json_insert / json_remove), plus the checks a matched document must pass
// first ($inc on a number, $push on an array, a dotted path through an object).
import { didYouMean } from '../../util/suggest.js';
import { serializeValue } from './document.js';
import { DatabaseError, describeType, show } from './errors.js';
import { type FieldRef, fieldRef, sqlString } from './paths.js';
import { isPlainObject } from './values.js';

const UPDATE_OPERATORS = ['$set', '$unset', '$inc', '$push'] as const;
const UNSUPPORTED = new Set(['$setOnInsert', '$pull', '$pullAll', '$addToSet', '$pop', '$rename', '$min', '$max', '$mul', '$currentDate', '$bit']);
const ARRAY_POSITION = /^(?:0|[1-9][0-9]*)$/;

export interface UpdateCheck {
  /** True (1) for a matched document the update cannot apply to. */
  sql: string;
  params: unknown[];
  /** What is wrong, for the document with this _id. */
  message(id: string): string;
}

export interface CompiledUpdate {
  /** The new document, computed from the stored `doc`. */
  sql: string;
  params: unknown[];
  checks: UpdateCheck[];
  /** $set: { _id } — allowed only when it does not change the _id. */
  setId?: string;
}

interface Target {
  operator: string;
  path: string;
  ref: FieldRef;
}

export function compileUpdate(update: unknown, where: string): CompiledUpdate {
  const fail = (message: string): never => {
    throw new DatabaseError('INVALID_UPDATE', `${where}: ${message}`);
  };
  if (!isPlainObject(update)) fail(`the update must be an object of operators like { $set: { status: 'confirmed' } }, got ${describeType(update)}`);
  const record = update as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) fail('the update is empty; use operators like { $set: { status: \'confirmed\' } }');
  const fields = keys.filter((key) => !key.startsWith('$'));
  if (fields.length > 0) {
    const example = fields.slice(0, 2).map((field) => `${field}: …`).join(', ');
    fail(
      fields.length === keys.length
        ? `the update ${show(update)} is not an operator document: to change fields write { $set: { ${example} } } (replacing whole documents is not supported)`
        : `the update mixes operators and plain fields (${fields.join(', ')}): put the fields under $set`,
    );
  }

  const targets: Target[] = [];
  const pairs: string[] = [];
  const params: unknown[] = [];
  const removals: string[] = [];
  const checks: UpdateCheck[] = [];
  let setId: string | undefined;

  for (const operator of keys) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(operator)) {
      if (UNSUPPORTED.has(operator)) fail(`update operator ${operator} is not supported; supported: ${UPDATE_OPERATORS.join(' ')}`);
      const suggestion = didYouMean(operator, UPDATE_OPERATORS);
      fail(`unknown update operator "${operator}"${suggestion ? `; ${suggestion}` : `; expected one of ${UPDATE_OPERATORS.join(' ')}`}`);
    }
    const operand = record[operator];
    if (!isPlainObject(operand)) fail(`${operator} needs an object of field: value pairs, got ${describeType(operand)}`);
    for (const path in operand as Record<string, unknown>) {
      const value = (operand as Record<string, unknown>)[path];
      const at = `${operator}.${path}`;
      const ref = fieldRef(path, 'INVALID_UPDATE', `${where}: ${operator}`);
      if (ref.isId) {
        if (operator !== '$set') fail(`${at}: the _id of a document cannot be changed`);
        if (typeof value !== 'string') fail(`$set._id: the _id of a document cannot be changed (got ${show(value)})`);
        setId = value as string;
        continue;
      }
      targets.push({ operator, path, ref });
      const jsonPath = sqlString(ref.jsonPath);
      switch (operator) {
        case '$set': {
          const json = serializeValue(value, at, where);
          if (json === undefined) {
            targets.pop();
            break;
          }
          pairs.push(jsonPath, 'json(?)');
          params.push(json);
          break;
        }
        case '$unset':
          removals.push(jsonPath);
          break;
        case '$inc':
          if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${at} needs a finite number, got ${show(value)}`);
          pairs.push(jsonPath, `coalesce(${ref.value}, 0) + ?`);
          params.push(value);
          checks.push({
            sql: `${ref.type} NOT IN ('integer', 'real')`,
            params: [],
            message: (id) => `cannot apply $inc to "${path}" of the document with _id ${JSON.stringify(id)}: the field is not a number`,
          });
          break;
        case '$push': {
          let values: unknown[] = [value];
          let each = false;
          if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
            const modifiers = Object.keys(value);
            const other = modifiers.find((key) => key !== '$each');
            if (other !== undefined) fail(`${at}: the $push modifier ${other} is not supported (only $each)`);
            if (!Array.isArray(value.$each)) fail(`${at}.$each needs an array, got ${show(value.$each)}`);
            values = value.$each as unknown[];
            each = true;
          }
          const inserts: string[] = [];
          values.forEach((item, i) => {
            const json = serializeValue(item, each ? `${at}.$each[${i}]` : at, where) ?? 'null';
            inserts.push(`'$[#]', json(?)`);
            params.push(json);
          });
          const current = `coalesce(doc -> ${jsonPath}, '[]')`;
          pairs.push(jsonPath, inserts.length === 0 ? `json(${current})` : `json_insert(${current}, ${inserts.join(', ')})`);
          checks.push({
            sql: `${ref.type} <> 'array'`,
            params: [],
            message: (id) => `cannot apply $push to "${path}" of the document with _id ${JSON.stringify(id)}: the field is not an array`,
          });
          break;
        }
      }
    }
  }

  // Two operators on the same path (or a path and its parent) would conflict, as in MongoDB.
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i]!;
      const b = targets[j]!;
      if (a.path === b.path || b.path.startsWith(`${a.path}.`) || a.path.startsWith(`${b.path}.`)) {
        fail(`${a.operator}."${a.path}" and ${b.operator}."${b.path}" would both change "${a.path.length <= b.path.length ? a.path : b.path}"; change it once`);
      }
    }
  }

  // A dotted path must run through objects (or arrays, for a numeric segment): json_set would
  // otherwise leave the document unchanged without a word.
  const parents = new Map<string, string>();
  for (const target of targets) {
    if (target.operator === '$unset') continue;
    const segments = target.ref.segments;
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('.');
      const allowed = ARRAY_POSITION.test(segments[i]!) ? `('object', 'array')` : `('object')`;
      if (!parents.has(parent)) parents.set(parent, allowed);
    }
  }
  for (const [parent, allowed] of parents) {
    const ref = fieldRef(parent, 'INVALID_UPDATE', where);
    checks.push({
      sql: `${ref.type} NOT IN ${allowed}`,
      params: [],
      message: (id) => `cannot update inside "${parent}" of the document with _id ${JSON.stringify(id)}: it is not ${allowed.includes('array') ? 'an object or array' : 'an object'}`,
    });
  }
  if (setId !== undefined) {
    const id = setId;
    checks.push({
      sql: '_id IS NOT ?',
      params: [id],
      message: (current) => `$set._id would change the _id of the document with _id ${JSON.stringify(current)} to ${JSON.stringify(id)}; an _id cannot be changed`,
    });
  }

  let sql = 'doc';
  if (pairs.length > 0) sql = `json_set(doc, ${pairs.join(', ')})`;
  if (removals.length > 0) sql = `json_remove(${sql}, ${removals.join(', ')})`;
  return setId === undefined ? { sql, params, checks } : { sql, params, checks, setId };
}
