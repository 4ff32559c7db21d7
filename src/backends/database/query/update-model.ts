// Update documents → an engine-neutral model: the operations in the order written, validated, plus
// the per-document checks a matched document must pass before anything is written. The SQLite
// engine compiles the model to SQL (update.ts); the PostgreSQL engine applies it in JS
// (apply-update.ts). Both read the same model, so both accept and refuse the same updates with the
// same messages.
// Supported, following MongoDB's update operator pages:
//   $set $unset $inc $push (with $each) $addToSet (with $each) $rename $setOnInsert (only when an
//   upsert inserts).
// Not supported (clear error): $pull $pullAll $pop $min $max $mul $currentDate $bit, positional
// $ / $[] / $[<id>], $push modifiers other than $each.
import { didYouMean } from '../../../util/suggest.js';
import { serializeValue } from '../document.js';
import { DatabaseError, describeType, show } from '../errors.js';
import { type FieldRef, fieldRef } from '../paths.js';
import { isPlainObject } from '../values.js';
import { type PathTypes, TYPE_ARRAY, TYPE_NULL, TYPE_OBJECT, collectValueTypes, typesAt } from './path-types.js';

export const UPDATE_OPERATORS = ['$set', '$unset', '$inc', '$push', '$addToSet', '$rename', '$setOnInsert'] as const;
const UNSUPPORTED = new Set(['$pull', '$pullAll', '$pop', '$min', '$max', '$mul', '$currentDate', '$bit']);
/** A segment that is an array position when its parent is an array (same bound as paths.ts). */
export const ARRAY_POSITION = /^(?:0|[1-9][0-9]{0,8})$/;
/** At most this many nulls are added to pad an array (MongoDB would hit its document size limit). */
export const MAX_PADDING = 100_000;

/** One operator applied to one field path, in the order the update names them. */
export type UpdateOperation =
  /** `json` undefined: the value is undefined, and the field is left as it is. */
  | { operator: '$set'; path: string; ref: FieldRef; json: string | undefined }
  /** `json` is only computed for the inserting form (undefined otherwise and for undefined values). */
  | { operator: '$setOnInsert'; path: string; ref: FieldRef; value: unknown; json: string | undefined }
  | { operator: '$unset'; path: string; ref: FieldRef }
  | { operator: '$inc'; path: string; ref: FieldRef; amount: number }
  /** `jsons`: the values to add, as JSON text (for $addToSet without duplicates among themselves). */
  | { operator: '$push' | '$addToSet'; path: string; ref: FieldRef; jsons: string[] }
  | { operator: '$rename'; path: string; ref: FieldRef; to: string; toRef: FieldRef };

export interface UpdateModel {
  operations: UpdateOperation[];
  /** $set: { _id } — allowed only when it does not change the _id. */
  setId?: string;
  /** $setOnInsert: { _id } — the inserted document's _id when an upsert inserts. */
  setOnInsertId?: string;
  /** Whether the update has $setOnInsert (an upsert then applies the inserting form). */
  hasSetOnInsert: boolean;
}

/** A field path an operation writes (or, for $rename's source, removes). */
export interface UpdateTarget {
  operator: string;
  path: string;
  ref: FieldRef;
  /** $rename's paths: every segment is an object key. */
  keysOnly?: boolean;
  /** $rename's source: removed, so its parents need not be objects. */
  source?: boolean;
}

/**
 * The paths an update changes (for the conflict check, and for the parent checks and paddings of
 * the form that applies when `inserting` or not).
 */
export function updateTargets(model: UpdateModel, inserting: boolean, forConflicts = false): UpdateTarget[] {
  const targets: UpdateTarget[] = [];
  for (const operation of model.operations) {
    switch (operation.operator) {
      case '$set':
        if (operation.json !== undefined) targets.push({ operator: '$set', path: operation.path, ref: operation.ref });
        break;
      case '$setOnInsert':
        // Outside an insert it changes nothing, but still conflicts with other operators on its path.
        if (forConflicts || (inserting && operation.value !== undefined)) targets.push({ operator: '$setOnInsert', path: operation.path, ref: operation.ref });
        break;
      case '$rename':
        targets.push({ operator: '$rename', path: operation.path, ref: operation.ref, keysOnly: true, source: true });
        targets.push({ operator: '$rename', path: operation.to, ref: operation.toRef, keysOnly: true });
        break;
      default:
        targets.push({ operator: operation.operator, path: operation.path, ref: operation.ref });
    }
  }
  return targets;
}

/** The update's _id (from $set, or from $setOnInsert when inserting), if it names one. */
export function updateSetId(model: UpdateModel, inserting: boolean): string | undefined {
  if (inserting && model.setOnInsertId !== undefined) return model.setOnInsertId;
  return model.setId;
}

/**
 * Validates an update document; INVALID_UPDATE (or INVALID_DOCUMENT for a value JSON cannot hold)
 * naming `where` and what is wrong.
 */
export function parseUpdate(update: unknown, where: string): UpdateModel {
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

  const model: UpdateModel = { operations: [], hasSetOnInsert: keys.includes('$setOnInsert') };
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
        if (operator === '$set') model.setId = value as string;
        else model.setOnInsertId = value as string;
        continue;
      }
      switch (operator) {
        case '$set':
          model.operations.push({ operator, path, ref, json: serializeValue(value, at, where) });
          break;
        case '$setOnInsert':
          model.operations.push({ operator, path, ref, value, json: undefined });
          break;
        case '$unset':
          model.operations.push({ operator, path, ref });
          break;
        case '$inc':
          if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${at} needs a finite number, got ${show(value)}`);
          model.operations.push({ operator, path, ref, amount: value as number });
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
          const jsons: string[] = [];
          const seen = new Set<string>();
          values.forEach((item, i) => {
            const json = serializeValue(item, each ? `${at}.$each[${i}]` : at, where) ?? 'null';
            if (operator === '$addToSet') {
              if (seen.has(json)) return;
              seen.add(json);
            }
            jsons.push(json);
          });
          model.operations.push({ operator, path, ref, jsons });
          break;
        }
        case '$rename': {
          if (typeof value !== 'string') fail(`${at} needs the new field name as a string, got ${show(value)}`);
          const to = fieldRef(value, 'INVALID_UPDATE', `${where}: ${at}`);
          if (to.isId) fail(`${at}: the _id of a document cannot be changed`);
          model.operations.push({ operator, path, ref, to: value as string, toRef: to });
          break;
        }
      }
    }
  }

  // Two operators on the same path (or a path and its parent) would conflict, as in MongoDB.
  const targets = updateTargets(model, false, true);
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i]!;
      const b = targets[j]!;
      if (a.path === b.path || b.path.startsWith(`${a.path}.`) || a.path.startsWith(`${b.path}.`)) {
        fail(`${a.operator}."${a.path}" and ${b.operator}."${b.path}" would both change "${a.path.length <= b.path.length ? a.path : b.path}"; change it once`);
      }
    }
  }

  // $setOnInsert's values are only needed (and checked) for the inserting form.
  for (const operation of model.operations) {
    if (operation.operator === '$setOnInsert') operation.json = serializeValue(operation.value, `$setOnInsert.${operation.path}`, where);
  }
  return model;
}

/**
 * The TYPE_* bits an update may write at which paths (to add to a collection's path types in the
 * write's transaction). A superset: every bit a document written by this update could hold at a
 * path it touches, including the parents it may create. $rename copies the source path's bits
 * (and everything under it) from `known`.
 */
export function updateWrites(model: UpdateModel, known: PathTypes): Map<string, number> {
  const writes = new Map<string, number>();
  const add = (path: string, bits: number): void => {
    if (bits !== 0) writes.set(path, (writes.get(path) ?? 0) | bits);
  };
  /**
   * Where a write to `path` may land: the path itself (digit segments as object keys) and, when
   * it has digit segments, the path with them read as array positions (dropped).
   */
  const readings = (path: string): string[] => {
    const segments = path.split('.');
    const positionless = segments.filter((segment, i) => i === 0 || !ARRAY_POSITION.test(segment)).join('.');
    return positionless === path ? [path] : [path, positionless];
  };
  /** The parents of a written path: objects it may create, arrays it may pad with null. */
  const addParents = (path: string): void => {
    const segments = path.split('.');
    for (let i = 1; i < segments.length; i++) add(segments.slice(0, i).join('.'), TYPE_OBJECT | (ARRAY_POSITION.test(segments[i]!) ? TYPE_ARRAY | TYPE_NULL : 0));
  };
  const addValue = (path: string, value: unknown): void => {
    for (const reading of readings(path)) {
      addParents(reading);
      collectValueTypes(value, reading, writes);
    }
  };
  for (const operation of model.operations) {
    switch (operation.operator) {
      case '$set':
      case '$setOnInsert':
        if (operation.json !== undefined) addValue(operation.path, JSON.parse(operation.json));
        break;
      case '$unset': {
        // An array element becomes null (its type belongs to the array's path).
        const segments = operation.path.split('.');
        if (segments.length > 1 && ARRAY_POSITION.test(segments[segments.length - 1]!)) {
          for (const reading of readings(segments.slice(0, -1).join('.'))) add(reading, TYPE_NULL);
        }
        break;
      }
      case '$inc':
        addValue(operation.path, 0);
        break;
      case '$push':
      case '$addToSet':
        addValue(operation.path, operation.jsons.map((json) => JSON.parse(json) as unknown));
        break;
      case '$rename': {
        const from = operation.path;
        for (const reading of readings(operation.to)) {
          addParents(reading);
          add(reading, typesAt(known, from));
          for (const [path, bits] of known) if (path.startsWith(`${from}.`)) add(`${reading}${path.slice(from.length)}`, bits);
        }
        break;
      }
    }
  }
  return writes;
}

// ---- the checks a matched document must pass, in the order both engines run them ----

/** A field path resolved in a document: digit segments are array positions where the parent is an array, unless keysOnly. */
export interface CheckedPath {
  segments: readonly string[];
  keysOnly: boolean;
}

export type UpdateCheckSpec =
  /** $inc: the field, when present, must be a number. */
  | { kind: 'number'; at: CheckedPath; message(id: string): string }
  /** $push / $addToSet: the field, when present, must be an array. */
  | { kind: 'array'; at: CheckedPath; message(id: string): string }
  /** $rename: the prefix must not be an array. */
  | { kind: 'not-array'; at: CheckedPath; message(id: string): string }
  /** A parent of a written path, when present, must be an object (or an array, for a numeric next segment). */
  | { kind: 'parent'; at: CheckedPath; allowArray: boolean; message(id: string): string }
  /** An array padded to `position` must not grow by more than MAX_PADDING nulls. */
  | { kind: 'padding'; at: CheckedPath; position: number; message(id: string): string }
  /** $set._id: the document's _id must be this one. */
  | { kind: 'id'; id: string; message(id: string): string };

/** An array a numeric segment writes past the end of: padded with null up to `position` first. */
export interface UpdatePad {
  at: CheckedPath;
  position: number;
  label: string;
}

export function incMessage(path: string, id: string): string {
  return `cannot apply $inc to "${path}" of the document with _id ${JSON.stringify(id)}: the field is not a number`;
}

export function arrayMessage(operator: string, path: string, id: string): string {
  return `cannot apply ${operator} to "${path}" of the document with _id ${JSON.stringify(id)}: the field is not an array`;
}

export function renameMessage(from: string, to: string, prefix: readonly string[], id: string): string {
  return `cannot $rename "${from}" to "${to}" in the document with _id ${JSON.stringify(id)}: "${prefix.join('.')}" is an array ($rename does not work inside arrays)`;
}

/** The proper prefixes of $rename's source and destination paths (each must not be an array). */
export function renamePrefixes(from: FieldRef, to: FieldRef): string[][] {
  const prefixes: string[][] = [];
  for (const ref of [from, to]) for (let i = 1; i < ref.segments.length; i++) prefixes.push(ref.segments.slice(0, i));
  return prefixes;
}

/**
 * The parents of every written path (checked to be objects or arrays) and the arrays to pad, for
 * the form of the update that applies when `inserting` or not.
 */
export function updateParents(model: UpdateModel, inserting: boolean): { parents: Extract<UpdateCheckSpec, { kind: 'parent' }>[]; pads: UpdatePad[] } {
  const parents = new Map<string, Extract<UpdateCheckSpec, { kind: 'parent' }>>();
  const pads = new Map<string, UpdatePad>();
  for (const target of updateTargets(model, inserting)) {
    if (target.operator === '$unset' || target.source) continue;
    const segments = target.ref.segments;
    const keysOnly = target.keysOnly === true;
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('.');
      const numeric = !keysOnly && ARRAY_POSITION.test(segments[i]!);
      const key = `${parent} ${numeric}`;
      if (!parents.has(key)) {
        parents.set(key, {
          kind: 'parent',
          at: { segments: segments.slice(0, i), keysOnly },
          allowArray: numeric,
          message: (id) => `cannot update inside "${parent}" of the document with _id ${JSON.stringify(id)}: it is not ${numeric ? 'an object or array' : 'an object'}`,
        });
      }
      if (numeric) {
        const position = Number(segments[i]);
        const pad = pads.get(parent);
        if (pad === undefined || pad.position < position) pads.set(parent, { at: { segments: segments.slice(0, i), keysOnly: false }, position, label: parent });
      }
    }
  }
  return { parents: [...parents.values()], pads: [...pads.values()] };
}

/** Every check of the update's form (`inserting` or not), in order: the first that fails is reported. */
export function updateChecks(model: UpdateModel, inserting: boolean): UpdateCheckSpec[] {
  const checks: UpdateCheckSpec[] = [];
  for (const operation of model.operations) {
    const { path } = operation;
    const at: CheckedPath = { segments: operation.ref.segments, keysOnly: false };
    switch (operation.operator) {
      case '$inc':
        checks.push({ kind: 'number', at, message: (id) => incMessage(path, id) });
        break;
      case '$push':
      case '$addToSet': {
        const operator = operation.operator;
        checks.push({ kind: 'array', at, message: (id) => arrayMessage(operator, path, id) });
        break;
      }
      case '$rename':
        for (const prefix of renamePrefixes(operation.ref, operation.toRef)) {
          checks.push({ kind: 'not-array', at: { segments: prefix, keysOnly: true }, message: (id) => renameMessage(path, operation.to, prefix, id) });
        }
        break;
      default:
        break;
    }
  }
  const { parents, pads } = updateParents(model, inserting);
  checks.push(...parents);
  for (const { at, position, label } of pads) {
    if (position > MAX_PADDING) {
      checks.push({
        kind: 'padding',
        at,
        position,
        message: (id) => `cannot update position ${position} of the array "${label}" of the document with _id ${JSON.stringify(id)}: it would add more than ${MAX_PADDING} nulls before it`,
      });
    }
  }
  const setId = updateSetId(model, inserting);
  if (setId !== undefined) {
    checks.push({
      kind: 'id',
      id: setId,
      message: (current) => `$set._id would change the _id of the document with _id ${JSON.stringify(current)} to ${JSON.stringify(setId)}; an _id cannot be changed`,
    });
  }
  return checks;
}
