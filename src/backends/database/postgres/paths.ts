// Dotted field paths → PostgreSQL jsonb expressions over a collection table
// (_id text PRIMARY KEY, doc jsonb NOT NULL). createIndex builds its btree expression indexes from
// postgresField(), and filters and sorts use the very same text, so the planner can match them.
import { sqlString } from '../paths.js';

const ARRAY_POSITION = /^(?:0|[1-9][0-9]{0,8})$/;

/**
 * The jsonb expression of a validated field path in `source` (default: the doc column):
 * doc->'meta'->'kind'. Segments in `positions` are array positions (->2); every other segment is an
 * object key, digits too (->'100'). '_id' at the top is the _id column (text, not jsonb).
 */
export function postgresField(path: string, positions: ReadonlySet<number> = new Set(), source = 'doc'): string {
  if (path === '_id' && source === 'doc') return '_id';
  return postgresFieldOf(path.split('.'), positions, source);
}

/** postgresField for path segments. */
export function postgresFieldOf(segments: readonly string[], positions: ReadonlySet<number> = new Set(), source = 'doc'): string {
  let expression = source;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    expression += positions.has(i) && ARRAY_POSITION.test(segment) ? `->${segment}` : `->${sqlString(segment)}`;
  }
  return expression;
}

/** The text of a jsonb scalar (a string without its quotes): for regular expressions and text ranges. */
export function postgresText(jsonbExpression: string): string {
  return `(${jsonbExpression} #>> '{}')`;
}
