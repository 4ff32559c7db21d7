// Applies a parsed update (update-model.ts) to a document in JS, with exactly the semantics the
// SQLite engine's SQL has (update.ts): the PostgreSQL engine reads the matched documents, applies
// the update here and writes them back. A numeric segment is an array position when its parent is
// an array in the document and an object key otherwise (missing parents are created as objects);
// writing past an array's end pads it with null; $unset of an array element sets it to null.
// Every value an operator computes ($inc's sum, $push's array, $rename's value) is read from the
// document as it was before the update, as the one SQL expression does.
import { DatabaseError } from '../errors.js';
import { isPlainObject } from '../values.js';
import { ARRAY_POSITION, type CheckedPath, MAX_PADDING, type UpdateModel, updateChecks, updateParents, updateSetId } from './update-model.js';

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** The step into `node` for `segment`: an array index, an object key, or nothing (a scalar, or a key on an array). */
function step(node: Json, segment: string, keysOnly: boolean): { container: Container; key: string | number } | undefined {
  if (Array.isArray(node)) {
    if (keysOnly || !ARRAY_POSITION.test(segment)) return undefined;
    return { container: node, key: Number(segment) };
  }
  if (isPlainObject(node)) return { container: node, key: segment };
  return undefined;
}

/** The value at a path, undefined when missing (or when the path runs through a scalar). */
export function valueAt(document: Json, at: CheckedPath): Json {
  let node = document;
  for (const segment of at.segments) {
    const next = step(node, segment, at.keysOnly);
    if (next === undefined) return undefined;
    node = Array.isArray(next.container) ? next.container[next.key as number] : Object.hasOwn(next.container, next.key) ? next.container[next.key as string] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** json_set: creates missing parents as objects; does nothing when a parent is a scalar or an array is too short. */
function setAt(document: Record<string, Json>, at: CheckedPath, value: Json): void {
  let node: Json = document;
  const last = at.segments.length - 1;
  for (let i = 0; i < last; i++) {
    const next = step(node, at.segments[i]!, at.keysOnly);
    if (next === undefined) return;
    if (Array.isArray(next.container)) {
      const index = next.key as number;
      if (index > next.container.length) return;
      if (next.container[index] === undefined) next.container[index] = {};
      node = next.container[index];
    } else {
      const key = next.key as string;
      if (!Object.hasOwn(next.container, key) || next.container[key] === undefined) next.container[key] = {};
      node = next.container[key];
    }
  }
  const target = step(node, at.segments[last]!, at.keysOnly);
  if (target === undefined) return;
  if (Array.isArray(target.container)) {
    const index = target.key as number;
    if (index <= target.container.length) target.container[index] = value;
  } else {
    target.container[target.key as string] = value;
  }
}

/** json_remove: an object key goes; an array element would be spliced out (never asked for here). */
function removeAt(document: Record<string, Json>, at: CheckedPath): void {
  const parent = at.segments.length === 1 ? document : valueAt(document, { segments: at.segments.slice(0, -1), keysOnly: at.keysOnly });
  const target = step(parent, at.segments[at.segments.length - 1]!, at.keysOnly);
  if (target === undefined) return;
  if (Array.isArray(target.container)) {
    if ((target.key as number) < target.container.length) target.container.splice(target.key as number, 1);
  } else {
    delete target.container[target.key as string];
  }
}

const typeOf = (value: Json): string => (value === undefined ? 'missing' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * The first check of the update the document fails: its position in the update's check list
 * (both engines report the same check first) and its message. Undefined when every check passes.
 */
export function failedCheck(document: Record<string, Json>, model: UpdateModel, inserting: boolean): { index: number; message: string } | undefined {
  const id = String(document._id);
  const checks = updateChecks(model, inserting);
  for (let index = 0; index < checks.length; index++) {
    const check = checks[index]!;
    let failed: boolean;
    if (check.kind === 'id') {
      failed = document._id !== check.id;
    } else {
      const type = typeOf(valueAt(document, check.at));
      switch (check.kind) {
        case 'number':
          failed = type !== 'missing' && type !== 'number';
          break;
        case 'array':
          failed = type !== 'missing' && type !== 'array';
          break;
        case 'not-array':
          failed = type === 'array';
          break;
        case 'parent':
          failed = type !== 'missing' && type !== 'object' && !(check.allowArray && type === 'array');
          break;
        case 'padding': {
          const array = valueAt(document, check.at);
          failed = Array.isArray(array) && check.position - array.length > MAX_PADDING;
          break;
        }
      }
    }
    if (failed) return { index, message: check.message(id) };
  }
  return undefined;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

export interface ApplyOptions {
  /** The form for a document an upsert inserts ($setOnInsert applies). */
  inserting: boolean;
  /** Prefix of the INVALID_UPDATE message ("updateOne on "tx""). */
  where?: string;
}

/**
 * The document after the update (a new object; `document` is left as it is), or INVALID_UPDATE
 * when the document fails one of the update's checks.
 */
export function applyUpdate(document: Record<string, Json>, model: UpdateModel, options: ApplyOptions): Record<string, Json> {
  const failure = failedCheck(document, model, options.inserting);
  if (failure !== undefined) throw new DatabaseError('INVALID_UPDATE', options.where === undefined ? failure.message : `${options.where}: ${failure.message}`);
  const original = document;
  const result = copy(document);

  // Arrays written past their end are padded with null first.
  for (const pad of updateParents(model, options.inserting).pads) {
    const array = valueAt(result, pad.at);
    if (Array.isArray(array) && array.length < pad.position) while (array.length < pad.position) array.push(null);
  }

  const nulls: CheckedPath[] = [];
  const removals: CheckedPath[] = [];
  for (const operation of model.operations) {
    const at: CheckedPath = { segments: operation.ref.segments, keysOnly: false };
    switch (operation.operator) {
      case '$setOnInsert':
      case '$set':
        if (operation.operator === '$setOnInsert' && !options.inserting) break;
        if (operation.json === undefined) break;
        setAt(result, at, JSON.parse(operation.json));
        break;
      case '$unset': {
        const segments = operation.ref.segments;
        if (segments.length > 1 && ARRAY_POSITION.test(segments[segments.length - 1]!) && Array.isArray(valueAt(original, { segments: segments.slice(0, -1), keysOnly: false }))) {
          nulls.push(at);
        } else {
          removals.push(at);
        }
        break;
      }
      case '$inc': {
        const current = valueAt(original, at);
        setAt(result, at, (typeof current === 'number' ? current : 0) + operation.amount);
        break;
      }
      case '$push':
      case '$addToSet': {
        const current = valueAt(original, at);
        const array = Array.isArray(current) ? copy(current) : [];
        const present = operation.operator === '$addToSet' ? new Set(array.map((element) => JSON.stringify(element))) : undefined;
        for (const json of operation.jsons) {
          if (present?.has(json)) continue;
          array.push(JSON.parse(json));
        }
        setAt(result, at, array);
        break;
      }
      case '$rename': {
        const from: CheckedPath = { segments: operation.ref.segments, keysOnly: true };
        const value = valueAt(original, from);
        // A missing source changes nothing (the destination is left as it is).
        if (value !== undefined) setAt(result, { segments: operation.toRef.segments, keysOnly: true }, copy(value));
        removals.push(from);
        break;
      }
    }
  }
  for (const at of nulls) {
    const parent = valueAt(result, { segments: at.segments.slice(0, -1), keysOnly: false });
    const index = Number(at.segments[at.segments.length - 1]);
    if (Array.isArray(parent) && index < parent.length) parent[index] = null;
  }
  for (const at of removals) removeAt(result, at);
  if (updateSetId(model, options.inserting) !== undefined) result._id = original._id;
  return result;
}
