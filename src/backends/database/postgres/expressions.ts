// The one place the PostgreSQL engine turns a parsed filter / sort / field path into SQL, over the
// dialect files shared with the other helpers (filter-sql.ts, sort-sql.ts, paths.ts): the
// collection and the indexes call these only, so an index is built on exactly the expressions
// the queries use.
import { parseFilter } from '../query/filter-model.js';
import type { PathTypes } from '../query/path-types.js';
import { parseSort } from '../query/sort-model.js';
import { compilePostgresFilter } from './filter-sql.js';
import { postgresField } from './paths.js';
import { compilePostgresSort } from './sort-sql.js';

export type ParsedFilter = ReturnType<typeof parseFilter>;
export type ParsedSort = ReturnType<typeof parseSort>;

export interface PostgresCondition {
  /** '' for no condition; parameters are $1 … $n. */
  sql: string;
  params: unknown[];
}

/** The jsonb expression of a field path for indexes: doc->'a'->'b' (as the filters and sorts emit it). */
export function jsonbExpression(path: string): string {
  return postgresField(path);
}

export function parsePostgresFilter(filter: unknown, where: string): ParsedFilter {
  return parseFilter(filter, where);
}

export function parsePostgresSort(spec: unknown, where: string): ParsedSort {
  return spec === undefined ? [] : parseSort(spec, where);
}

/** WHERE condition for a parsed filter, parameters numbered from $1. */
export function filterSql(node: ParsedFilter, types: PathTypes): PostgresCondition {
  const params: unknown[] = [];
  const sql = compilePostgresFilter(node, types, params);
  return { sql, params };
}

/** ORDER BY list for parsed sort keys ('' for none). */
export function sortSql(keys: ParsedSort, types: PathTypes): string {
  return keys.length === 0 ? '' : compilePostgresSort(keys, types);
}
