// query(sql, params): SQL straight to SQLite with bound parameters. Reads return their rows and
// rowCount = rows.length; writes return no rows and rowCount = changes.
// Documents written here bypass the collections' path-type map (path-type-registry.ts): filters
// may miss array elements or booleans such writes introduce.
import type { QueryResult } from '../../sdk/database-types.js';
import type { Connection, Statement } from './connection.js';
import { DatabaseError, describeType, sqlError } from './errors.js';
import { bindParameter, isPlainObject } from './values.js';

const SCHEMA_CHANGE = /^\s*(?:DROP|ALTER|CREATE|VACUUM|ATTACH|DETACH)\b/i;

export function runQuery<R>(connection: Connection, sql: unknown, params: unknown, operation = 'query'): QueryResult<R> {
  if (typeof sql !== 'string') throw new DatabaseError('INVALID_ARGUMENT', `${operation}: the SQL must be a string, got ${describeType(sql)}`);
  connection.assertOpen(operation);
  let bound: unknown;
  if (params === undefined || params === null) bound = [];
  else if (Array.isArray(params)) bound = params.map(bindParameter);
  else if (isPlainObject(params)) bound = [Object.fromEntries(Object.entries(params).map(([key, value]) => [key, bindParameter(value)]))];
  else throw new DatabaseError('INVALID_ARGUMENT', `${operation}: params must be an array (or an object of named parameters), got ${describeType(params)}`);
  let statement: Statement;
  try {
    statement = connection.rows.get(sql);
  } catch (error) {
    throw sqlError(error, sql);
  }
  try {
    if (statement.reader) {
      const rows = statement.all(...(bound as unknown[])) as R[];
      return { rows, rowCount: rows.length };
    }
    const { changes } = statement.run(...(bound as unknown[]));
    if (SCHEMA_CHANGE.test(sql)) connection.schemaChanged();
    return { rows: [], rowCount: changes };
  } catch (error) {
    throw sqlError(error, sql);
  }
}
