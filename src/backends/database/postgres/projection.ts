// select() on PostgreSQL: applied in JS to each fetched document, with the SQLite engine's results
// (projection.ts): inclusion keeps _id and the chosen fields (fields a document lacks are left out,
// as MongoDB does), exclusion removes the named fields.
import type { Projection } from '../projection.js';
import { ARRAY_POSITION } from '../query/update-model.js';
import { isPlainObject } from '../values.js';

type Json = Record<string, unknown>;

/** The value at a dotted path: digits index an array, otherwise they are object keys. */
function valueAt(document: unknown, segments: readonly string[]): unknown {
  let node = document;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!ARRAY_POSITION.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (isPlainObject(node)) {
      node = Object.hasOwn(node, segment) ? node[segment] : undefined;
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function include(document: Json, paths: readonly string[]): Json {
  const result: Json = { _id: document._id };
  for (const path of paths) {
    const segments = path.split('.');
    const value = valueAt(document, segments);
    if (value === undefined) continue;
    let node = result;
    for (let i = 0; i < segments.length - 1; i++) {
      const next = node[segments[i]!];
      if (isPlainObject(next)) node = next;
      else node = node[segments[i]!] = {};
    }
    node[segments[segments.length - 1]!] = value;
  }
  return result;
}

function exclude(document: Json, paths: readonly string[]): Json {
  for (const path of paths) {
    const segments = path.split('.');
    const parent = segments.length === 1 ? document : valueAt(document, segments.slice(0, -1));
    const last = segments[segments.length - 1]!;
    if (Array.isArray(parent)) {
      if (ARRAY_POSITION.test(last) && Number(last) < parent.length) parent.splice(Number(last), 1);
    } else if (isPlainObject(parent)) {
      delete parent[last];
    }
  }
  return document;
}

/** The returned document for a parsed select(); `document` may be changed (it is a fresh copy from the driver). */
export function applyProjection(document: Json, projection: Projection | undefined): Json {
  if (projection === undefined) return document;
  return projection.kind === 'include' ? include(document, projection.paths) : exclude(document, projection.paths);
}
