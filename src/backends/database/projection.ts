// select('a b.c') / select(['a', '-b']) → the SQL that builds each returned document, so only the
// chosen fields leave SQLite. Inclusion builds a new object with json_object, and the fields a
// document does not have are dropped (Mongo omits them; it does not return null); exclusion is
// json_remove.
import { DatabaseError, describeType } from './errors.js';
import { fieldRef, sqlString } from './paths.js';

export type Projection = { kind: 'include'; paths: string[] } | { kind: 'exclude'; paths: string[] };

/** The SQL expression for a whole stored document. */
export const WHOLE_DOCUMENT = 'doc';

/** Parse a select() argument: 'a b c', 'a,b', ['a', 'b'], or exclusions '-a -b'. */
export function parseProjection(fields: unknown, where: string): Projection {
  let words: string[];
  if (typeof fields === 'string') words = fields.split(/[\s,]+/).filter((word) => word !== '');
  else if (Array.isArray(fields) && fields.every((field) => typeof field === 'string')) words = fields.map((field: string) => field.trim());
  else throw new DatabaseError('INVALID_PROJECTION', `${where}: select() takes a string like 'hash status' or an array of field names, got ${describeType(fields)}`);
  if (words.length === 0) throw new DatabaseError('INVALID_PROJECTION', `${where}: select() needs at least one field name`);
  const excluded = words.filter((word) => word.startsWith('-'));
  if (excluded.length > 0 && excluded.length < words.length) {
    throw new DatabaseError('INVALID_PROJECTION', `${where}: select(${JSON.stringify(fields)}) mixes included and excluded (-) fields; use one or the other`);
  }
  const kind = excluded.length > 0 ? 'exclude' : 'include';
  const paths: string[] = [];
  for (const word of words) {
    const path = kind === 'exclude' ? word.slice(1) : word.startsWith('+') ? word.slice(1) : word;
    if (path === '_id') {
      if (kind === 'exclude') throw new DatabaseError('INVALID_PROJECTION', `${where}: select() cannot exclude _id: it is always returned`);
      continue;
    }
    fieldRef(path, 'INVALID_PROJECTION', `${where}: select()`);
    if (!paths.includes(path)) paths.push(path);
  }
  for (const a of paths) {
    for (const b of paths) {
      if (b.startsWith(`${a}.`)) {
        throw new DatabaseError('INVALID_PROJECTION', `${where}: select() has both "${a}" and "${b}", which overlap; keep one`);
      }
    }
  }
  return { kind, paths };
}

interface Node {
  segments: string[];
  children: Map<string, Node>;
}

/**
 * What json_object puts for a selected field the document lacks (doc -> path is NULL only for
 * missing fields; a JSON null comes back as 'null'): a string no real document holds, removed in
 * JS after parsing. Checking presence in SQL instead (json_type per field) costs a third of the query.
 */
export const MISSING = '\u0000neosl:missing';
const MISSING_SQL = `json('"\\u0000neosl:missing"')`;

export interface CompiledProjection {
  /** The SQL expression yielding the JSON text of each returned document. */
  sql: string;
  /** Removes the MISSING markers from a parsed document (in place); undefined when there are none. */
  strip?: (document: Record<string, unknown>) => void;
}

/** Removes markers under `node`; true when every selected field below it was missing. */
function stripNode(object: Record<string, unknown>, node: Node): boolean {
  let allMissing = true;
  for (const [key, child] of node.children) {
    const value = object[key];
    if (child.children.size === 0) {
      if (value === MISSING) delete object[key];
      else allMissing = false;
    } else if (typeof value === 'object' && value !== null && stripNode(value as Record<string, unknown>, child)) {
      delete object[key];
    } else {
      allMissing = false;
    }
  }
  return allMissing;
}

export function compileProjection(projection: Projection | undefined): CompiledProjection {
  if (projection === undefined) return { sql: WHOLE_DOCUMENT };
  if (projection.kind === 'exclude') {
    return { sql: `json_remove(doc, ${projection.paths.map((path) => sqlString(fieldRef(path, 'INVALID_PROJECTION', 'select()').jsonPath)).join(', ')})` };
  }
  if (projection.paths.length === 0) return { sql: `json_object('_id', _id)` };
  const root: Node = { segments: [], children: new Map() };
  for (const path of projection.paths) {
    let node = root;
    for (const segment of path.split('.')) {
      let child = node.children.get(segment);
      if (!child) {
        child = { segments: [...node.segments, segment], children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
  }
  const build = (node: Node): string => {
    const members: string[] = [];
    for (const [key, child] of node.children) {
      const source = fieldRef(child.segments.join('.'), 'INVALID_PROJECTION', 'select()');
      members.push(sqlString(key), child.children.size === 0 ? `coalesce(doc -> ${sqlString(source.jsonPath)}, ${MISSING_SQL})` : build(child));
    }
    return `json_object(${members.join(', ')})`;
  };
  const sql = build(root).replace(/^json_object\(/, `json_object('_id', _id, `);
  const flat = [...root.children.values()].every((child) => child.children.size === 0);
  if (flat) {
    const keys = [...root.children.keys()];
    return {
      sql,
      strip(document) {
        for (let i = 0; i < keys.length; i++) if (document[keys[i]!] === MISSING) delete document[keys[i]!];
      },
    };
  }
  return { sql, strip: (document) => void stripNode(document, root) };
}
