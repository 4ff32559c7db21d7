// Plain-object checks and query() parameter binding for the SQLite engine (filter values are
// classified in query/filter-model.ts).

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A parameter for query(): better-sqlite3 binds numbers, strings, bigints, Buffers and null only. */
export function bindParameter(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
