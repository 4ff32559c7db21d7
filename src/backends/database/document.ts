// Documents → the JSON text stored in a collection's `doc` column. JSON.stringify silently drops
// functions and turns NaN, Maps and RegExps into null or {}; a quick walk rejects those first
// (INVALID_DOCUMENT naming the field), and only a failing document pays for the careful walk that
// finds the path.
import { DatabaseError, describeType } from './errors.js';
import { generateId } from './object-id.js';

export interface SerializedDocument {
  id: string;
  json: string;
}

const MAX_QUICK_DEPTH = 32;
const MAX_DEPTH = 200;

function quickValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return value === null || quickObject(value, depth + 1);
    default:
      return false;
  }
}

function quickObject(value: object, depth: number): boolean {
  if (depth > MAX_QUICK_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!quickValue(value[i], depth)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (value instanceof Date) return !Number.isNaN(value.getTime());
    if (unsupportedObject(value) !== undefined) return false;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  }
  for (const key in value) {
    if (!quickValue((value as Record<string, unknown>)[key], depth)) return false;
  }
  return true;
}

/** Objects JSON.stringify turns into something else without complaint. */
function unsupportedObject(value: object): string | undefined {
  if (value instanceof Map) return 'a Map (convert it first, e.g. Object.fromEntries(map))';
  if (value instanceof Set) return 'a Set (convert it to an array first)';
  if (value instanceof RegExp) return 'a RegExp (store its source as a string)';
  if (ArrayBuffer.isView(value) && !Buffer.isBuffer(value)) {
    return `a ${describeType(value).slice(2)} (convert it to an array or a hex/base64 string)`;
  }
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer (convert it to a hex/base64 string)';
  if (value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise) return describeType(value);
  return undefined;
}

interface Problem {
  path: string;
  problem: string;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The first field JSON cannot represent faithfully, with its dotted path. */
function findProblem(value: unknown, path: string, ancestors: object[], ancestorPaths: string[] = []): Problem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path, problem: `is ${value} (JSON has no NaN or Infinity)` };
    case 'bigint':
      return { path, problem: `is a BigInt (${value}n; JSON has no BigInt: store it as a string, or as a number if it fits)` };
    case 'function':
      return { path, problem: 'is a function (functions cannot be stored)' };
    case 'symbol':
      return { path, problem: 'is a Symbol (symbols cannot be stored)' };
  }
  if (value === null) return undefined;
  const object = value as object;
  const seenAt = ancestors.indexOf(object);
  if (seenAt >= 0) {
    const target = seenAt === 0 ? 'the document itself' : `"${ancestorPaths[seenAt]}"`;
    return { path, problem: `is a circular reference (back to ${target})` };
  }
  if (ancestors.length > MAX_DEPTH) return { path, problem: `is nested more than ${MAX_DEPTH} levels deep` };
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? { path, problem: 'is an invalid Date' } : undefined;
  const unsupported = unsupportedObject(object);
  if (unsupported !== undefined) return { path, problem: `is ${unsupported}` };
  if (!Array.isArray(object) && typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) return undefined;
  }
  ancestors.push(object);
  ancestorPaths.push(path);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const found = findProblem(object[i], join(path, String(i)), ancestors, ancestorPaths);
        if (found) return found;
      }
    } else {
      for (const key in object) {
        const found = findProblem((object as Record<string, unknown>)[key], join(path, key), ancestors, ancestorPaths);
        if (found) return found;
      }
    }
    return undefined;
  } finally {
    ancestors.pop();
    ancestorPaths.pop();
  }
}

function invalid(what: string, problem: Problem | undefined, fallback: unknown): DatabaseError {
  if (problem) {
    return new DatabaseError('INVALID_DOCUMENT', `${what} is not JSON-serialisable: field "${problem.path}" ${problem.problem}`);
  }
  const reason = fallback instanceof Error ? fallback.message : String(fallback);
  return new DatabaseError('INVALID_DOCUMENT', `${what} is not JSON-serialisable: ${reason}`, { cause: fallback });
}

/**
 * Serialise a document for storage into `out`: the JSON text, with a generated _id put first when
 * the document has none. `what(index)` names the document in errors ("document 3").
 */
export function serializeDocument(document: unknown, what: (index: number) => string, index: number, out: SerializedDocument): void {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DatabaseError('INVALID_DOCUMENT', `${what(index)} must be an object, got ${describeType(document)}`);
  }
  let json: string;
  if (!quickObject(document, 0)) {
    const problem = findProblem(document, '', []);
    if (problem) throw invalid(what(index), problem, undefined);
  }
  try {
    json = JSON.stringify(document);
  } catch (error) {
    throw invalid(what(index), findProblem(document, '', []), error);
  }
  if (json.charCodeAt(0) !== 123 /* { */) {
    throw new DatabaseError('INVALID_DOCUMENT', `${what(index)} must serialise to a JSON object; its toJSON() returned ${json.slice(0, 40)}`);
  }
  const given = (document as { _id?: unknown })._id;
  if (given === undefined) {
    const id = generateId();
    out.id = id;
    out.json = json.length === 2 ? `{"_id":"${id}"}` : `{"_id":"${id}",${json.slice(1)}`;
    return;
  }
  if (typeof given !== 'string' || given === '') {
    throw new DatabaseError('INVALID_DOCUMENT', `${what(index)} has _id ${typeof given === 'string' ? '""' : describeType(given)}: an _id must be a non-empty string (leave it out to have one generated)`);
  }
  out.id = given;
  out.json = json;
}

/**
 * The JSON text of a value stored inside a document ($set, $push, filter equality on an embedded
 * document), undefined for undefined; INVALID_DOCUMENT naming `label` (e.g. `$set."meta"`) otherwise.
 */
export function serializeValue(value: unknown, label: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  const fine = typeof value === 'object' && value !== null ? quickObject(value, 0) : quickValue(value, 0);
  if (!fine) {
    const problem = findProblem(value, '', []);
    if (problem) {
      const at = problem.path === '' ? label : `${label}.${problem.path}`;
      throw new DatabaseError('INVALID_DOCUMENT', `${where}: the value of ${at} is not JSON-serialisable: it ${problem.problem}`);
    }
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new DatabaseError('INVALID_DOCUMENT', `${where}: the value of ${label} is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
}
