// Update documents → one SQL expression computing the new JSON from the stored `doc` (json_set /
// json_insert / json_replace / json_remove), plus the checks a matched document must pass first.
// Supported, following MongoDB's update operator pages:
//   $set $unset $inc $push (with $each) $addToSet (with $each) $rename $setOnInsert (only when an
//   upsert inserts: collection.ts applies `onInsert` to the inserted document).
// Field paths: a numeric segment ("byBlock.100", "items.2") is an array index when the field is an
// array in the stored document and an object key otherwise (a missing parent is created as an
// object), decided per document in SQL. $set/$inc/$push/$addToSet past an array's end pad it with
// null up to the index; $unset of an array element sets it to null (the array keeps its length).
// Not supported (clear error): $pull $pullAll $pop $min $max $mul $currentDate $bit, positional
// $ / $[] / $[<id>], $push modifiers other than $each.
import { didYouMean } from '../../util/suggest.js';
import { serializeValue } from './document.js';
import { DatabaseError, describeType, show } from './errors.js';
import { type FieldRef, fieldRef, sqlString } from './paths.js';
import { isPlainObject } from './values.js';

const UPDATE_OPERATORS = ['$set', '$unset', '$inc', '$push', '$addToSet', '$rename', '$setOnInsert'] as const;
const UNSUPPORTED = new Set(['$pull', '$pullAll', '$pop', '$min', '$max', '$mul', '$currentDate', '$bit']);
/** A segment that is an array position when its parent is an array (same bound as paths.ts). */
const ARRAY_POSITION = /^(?:0|[1-9][0-9]{0,8})$/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** At most this many nulls are added to pad an array (MongoDB would hit its document size limit). */
const MAX_PADDING = 100_000;
/** A JSON path that never exists in a document (always an object): json_set/json_replace/json_remove ignore it. */
const NO_PATH = `'$[0]'`;

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
  /** The update to apply to a document an upsert inserts (with $setOnInsert), when it differs. */
  onInsert?: CompiledUpdate;
}

interface Target {
  operator: string;
  path: string;
  ref: FieldRef;
  /** $rename's paths: every segment is an object key. */
  keysOnly?: boolean;
  /** $rename's source: removed, so its parents need not be objects. */
  source?: boolean;
}

function keyStep(segment: string): string {
  return PLAIN_KEY.test(segment) ? `.${segment}` : `."${segment}"`;
}

/**
 * The SQL for the JSON path of `segments` in the stored doc: a literal when no segment is numeric,
 * otherwise an expression choosing `[n]` or `."n"` by the type of the parent in that document.
 */
function pathSql(segments: readonly string[], keysOnly = false): string {
  let expr: string | undefined;
  let pending = '$';
  const current = (): string => (expr === undefined ? sqlString(pending) : pending === '' ? expr : `(${expr} || ${sqlString(pending)})`);
  for (const segment of segments) {
    if (!keysOnly && ARRAY_POSITION.test(segment)) {
      const parent = current();
      expr = `(${parent} || CASE WHEN json_type(doc, ${parent}) = 'array' THEN '[${segment}]' ELSE ${sqlString(keyStep(segment))} END)`;
      pending = '';
    } else {
      pending += keyStep(segment);
    }
  }
  return current();
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
  for (const operator of keys) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(operator)) {
      if (UNSUPPORTED.has(operator)) fail(`update operator ${operator} is not supported; supported: ${UPDATE_OPERATORS.join(' ')}`);
      const suggestion = didYouMean(operator, UPDATE_OPERATORS);
      fail(`unknown update operator "${operator}"${suggestion ? `; ${suggestion}` : `; expected one of ${UPDATE_OPERATORS.join(' ')}`}`);
    }
  }
  const compiled = compileOperators(record, keys, false, where, fail);
  if (keys.includes('$setOnInsert')) compiled.onInsert = compileOperators(record, keys, true, where, fail);
  return compiled;
}

/** The update for a matched document, or (`inserting`) for the document an upsert inserts. */
function compileOperators(record: Record<string, unknown>, keys: string[], inserting: boolean, where: string, fail: (message: string) => never): CompiledUpdate {
  const targets: Target[] = [];
  const pairs: string[] = [];
  const params: unknown[] = [];
  const nulls: string[] = [];
  const removals: string[] = [];
  const checks: UpdateCheck[] = [];
  let setId: string | undefined;

  for (const operator of keys) {
    const operand = record[operator];
    if (!isPlainObject(operand)) fail(`${operator} needs an object of field: value pairs, got ${describeType(operand)}`);
    for (const path in operand as Record<string, unknown>) {
      const value = (operand as Record<string, unknown>)[path];
      const at = `${operator}.${path}`;
      const ref = fieldRef(path, 'INVALID_UPDATE', `${where}: ${operator}`);
      if (ref.isId) {
        if (operator !== '$set' && operator !== '$setOnInsert') fail(`${at}: the _id of a document cannot be changed`);
        if (typeof value !== 'string') fail(`${operator}._id: the _id of a document cannot be changed (got ${show(value)})`);
        if (operator === '$set' || inserting) setId = value as string;
        continue;
      }
      const target: Target = { operator, path, ref };
      targets.push(target);
      const jsonPath = pathSql(ref.segments);
      const type = `json_type(doc, ${jsonPath})`;
      switch (operator) {
        case '$setOnInsert': // $set when an upsert inserts; nothing otherwise
        case '$set': {
          if (operator === '$setOnInsert' && !inserting) break;
          const json = serializeValue(value, at, where);
          if (json === undefined) {
            targets.pop();
            break;
          }
          pairs.push(jsonPath, 'json(?)');
          params.push(json);
          break;
        }
        case '$unset': {
          const last = ref.segments[ref.segments.length - 1]!;
          if (ref.segments.length > 1 && ARRAY_POSITION.test(last)) {
            // An array element becomes null (MongoDB keeps the array's length); an object key goes.
            const parent = pathSql(ref.segments.slice(0, -1));
            nulls.push(`CASE WHEN json_type(doc, ${parent}) = 'array' THEN ${jsonPath} ELSE ${NO_PATH} END`);
            removals.push(`CASE WHEN json_type(doc, ${parent}) = 'array' THEN ${NO_PATH} ELSE ${jsonPath} END`);
          } else {
            removals.push(jsonPath);
          }
          break;
        }
        case '$inc':
          if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${at} needs a finite number, got ${show(value)}`);
          pairs.push(jsonPath, `coalesce(json_extract(doc, ${jsonPath}), 0) + ?`);
          params.push(value);
          checks.push({
            sql: `${type} NOT IN ('integer', 'real')`,
            params: [],
            message: (id) => `cannot apply $inc to "${path}" of the document with _id ${JSON.stringify(id)}: the field is not a number`,
          });
          break;
        case '$push':
        case '$addToSet': {
          let values: unknown[] = [value];
          let each = false;
          if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
            const other = Object.keys(value).find((key) => key !== '$each');
            if (other !== undefined) fail(`${at}: the ${operator} modifier ${other} is not supported (only $each)`);
            if (!Array.isArray(value.$each)) fail(`${at}.$each needs an array, got ${show(value.$each)}`);
            values = value.$each as unknown[];
            each = true;
          }
          const current = `coalesce(doc -> ${jsonPath}, '[]')`;
          const inserts: string[] = [];
          const seen = new Set<string>();
          values.forEach((item, i) => {
            const json = serializeValue(item, each ? `${at}.$each[${i}]` : at, where) ?? 'null';
            if (operator === '$push') {
              inserts.push(`'$[#]', json(?)`);
              params.push(json);
              return;
            }
            // $addToSet: add only values not already in the array (nor earlier in $each). When the
            // value is there, the array is not empty, so inserting at $[0] (which exists) does nothing.
            if (seen.has(json)) return;
            seen.add(json);
            inserts.push(`CASE WHEN EXISTS (SELECT 1 FROM json_each(${current}) AS e WHERE (${current} -> e.fullkey) = json(?)) THEN '$[0]' ELSE '$[#]' END, json(?)`);
            params.push(json, json);
          });
          pairs.push(jsonPath, inserts.length === 0 ? `json(${current})` : `json_insert(${current}, ${inserts.join(', ')})`);
          checks.push({
            sql: `${type} <> 'array'`,
            params: [],
            message: (id) => `cannot apply ${operator} to "${path}" of the document with _id ${JSON.stringify(id)}: the field is not an array`,
          });
          break;
        }
        case '$rename': {
          if (typeof value !== 'string') fail(`${at} needs the new field name as a string, got ${show(value)}`);
          const to = fieldRef(value, 'INVALID_UPDATE', `${where}: ${at}`);
          if (to.isId) fail(`${at}: the _id of a document cannot be changed`);
          target.keysOnly = true;
          target.source = true;
          targets.push({ operator, path: value as string, ref: to, keysOnly: true });
          const from = pathSql(ref.segments, true);
          // A missing source changes nothing (the destination is left as it is).
          pairs.push(`CASE WHEN json_type(doc, ${from}) IS NULL THEN ${NO_PATH} ELSE ${pathSql(to.segments, true)} END`, `doc -> ${from}`);
          removals.push(from);
          for (const refOf of [ref, to]) {
            for (let i = 1; i < refOf.segments.length; i++) {
              const prefix = refOf.segments.slice(0, i);
              checks.push({
                sql: `json_type(doc, ${pathSql(prefix, true)}) = 'array'`,
                params: [],
                message: (id) => `cannot $rename "${path}" to "${value as string}" in the document with _id ${JSON.stringify(id)}: "${prefix.join('.')}" is an array ($rename does not work inside arrays)`,
              });
            }
          }
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

  // A dotted path must run through objects, or arrays for a numeric segment: json_set would
  // otherwise leave the document unchanged without a word. An array shorter than a numeric
  // segment's position is padded with null first, as MongoDB does.
  const parents = new Map<string, { sql: string; allowed: string; parent: string }>();
  const pads = new Map<string, { parent: string; position: number; label: string }>();
  for (const target of targets) {
    if (target.operator === '$unset' || target.source || (target.operator === '$setOnInsert' && !inserting)) continue;
    const segments = target.ref.segments;
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('.');
      const numeric = !target.keysOnly && ARRAY_POSITION.test(segments[i]!);
      const allowed = numeric ? `('object', 'array')` : `('object')`;
      const parentSql = pathSql(segments.slice(0, i), target.keysOnly);
      if (!parents.has(`${parent} ${allowed}`)) parents.set(`${parent} ${allowed}`, { sql: parentSql, allowed, parent });
      if (numeric) {
        const position = Number(segments[i]);
        const pad = pads.get(parentSql);
        if (pad === undefined || pad.position < position) pads.set(parentSql, { parent: parentSql, position, label: parent });
      }
    }
  }
  for (const { sql, allowed, parent } of parents.values()) {
    checks.push({
      sql: `json_type(doc, ${sql}) NOT IN ${allowed}`,
      params: [],
      message: (id) => `cannot update inside "${parent}" of the document with _id ${JSON.stringify(id)}: it is not ${allowed.includes('array') ? 'an object or array' : 'an object'}`,
    });
  }
  let padded = 'doc';
  for (const { parent, position, label } of pads.values()) {
    const length = `json_array_length(doc, ${parent})`;
    const needed = `json_type(doc, ${parent}) = 'array' AND ${length} < ${position}`;
    const nullList = (count: string): string => `rtrim(replace(hex(zeroblob(${count})), '00', 'null,'), ',')`;
    const array = `(doc -> ${parent})`;
    const paddedArray = `CASE WHEN ${length} = 0 THEN '[' || ${nullList(String(position))} || ']' ELSE substr(${array}, 1, length(${array}) - 1) || ',' || ${nullList(`${position} - ${length}`)} || ']' END`;
    padded = `json_replace(${padded}, CASE WHEN ${needed} THEN ${parent} ELSE ${NO_PATH} END, CASE WHEN ${needed} THEN json(${paddedArray}) END)`;
    if (position > MAX_PADDING) {
      checks.push({
        sql: `json_type(doc, ${parent}) = 'array' AND ${position} - ${length} > ${MAX_PADDING}`,
        params: [],
        message: (id) => `cannot update position ${position} of the array "${label}" of the document with _id ${JSON.stringify(id)}: it would add more than ${MAX_PADDING} nulls before it`,
      });
    }
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
  if (pairs.length > 0) sql = `json_set(${padded}, ${pairs.join(', ')})`;
  if (nulls.length > 0) sql = `json_replace(${sql}, ${nulls.map((path) => `${path}, NULL`).join(', ')})`;
  if (removals.length > 0) sql = `json_remove(${sql}, ${removals.join(', ')})`;
  return setId === undefined ? { sql, params, checks } : { sql, params, checks, setId };
}
