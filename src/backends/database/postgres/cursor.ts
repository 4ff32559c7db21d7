// find() on PostgreSQL → a lazy cursor, as on SQLite (../cursor.ts, whose LazyFindCursor records
// select/sort/limit/skip); the query runs when the cursor is awaited or toArray() is called.
import type { WithId } from '../../../sdk/database-types.js';
import { type FindSpec, LazyFindCursor } from '../cursor.js';

export interface AsyncCursorSource {
  findAll(spec: FindSpec): Promise<unknown[]>;
  findSql(spec: FindSpec): Promise<{ sql: string; params: unknown[] }>;
}

export class PostgresCursor<T = Record<string, unknown>> extends LazyFindCursor<T> {
  constructor(
    private readonly source: AsyncCursorSource,
    filter: unknown,
  ) {
    super(filter);
  }

  toArray(): Promise<WithId<T>[]> {
    return this.source.findAll(this.spec) as Promise<WithId<T>[]>;
  }

  /** Not part of the SDK: the SQL this cursor runs (with the collection's current path types), e.g. for EXPLAIN. */
  toSQL(): Promise<{ sql: string; params: unknown[] }> {
    return this.source.findSql(this.spec);
  }
}
