// find() on PostgreSQL → a lazy cursor, as on SQLite (../cursor.ts): select/sort/limit/skip record
// what to do; the query runs when the cursor is awaited or toArray() is called.
import type { FindCursor, Projected, SortSpec, WithId } from '../../../sdk/database-types.js';
import type { FindSpec } from '../cursor.js';
import { DatabaseError, show } from '../errors.js';

export interface AsyncCursorSource {
  findAll(spec: FindSpec): Promise<unknown[]>;
  findSql(spec: FindSpec): Promise<{ sql: string; params: unknown[] }>;
}

function count(value: unknown, method: 'limit' | 'skip'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new DatabaseError('INVALID_ARGUMENT', `${method}() needs a whole number ≥ 0, got ${show(value)}`);
  }
  return value;
}

export class PostgresCursor<T = Record<string, unknown>> implements FindCursor<T> {
  private readonly spec: FindSpec;

  constructor(
    private readonly source: AsyncCursorSource,
    filter: unknown,
  ) {
    this.spec = { filter };
  }

  select<const F extends string | readonly string[]>(fields: F): FindCursor<Projected<T, F>> {
    this.spec.select = fields;
    return this as unknown as FindCursor<Projected<T, F>>;
  }

  sort(spec: SortSpec): FindCursor<T> {
    this.spec.sort = spec;
    return this;
  }

  /** At most `count` documents; 0 means no limit (as in MongoDB). */
  limit(value: number): FindCursor<T> {
    this.spec.limit = count(value, 'limit');
    return this;
  }

  skip(value: number): FindCursor<T> {
    this.spec.skip = count(value, 'skip');
    return this;
  }

  toArray(): Promise<WithId<T>[]> {
    return this.source.findAll(this.spec) as Promise<WithId<T>[]>;
  }

  then<R1 = WithId<T>[], R2 = never>(
    onfulfilled?: ((value: WithId<T>[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.toArray().then(onfulfilled, onrejected);
  }

  /** Not part of the SDK: the SQL this cursor runs (with the collection's current path types), e.g. for EXPLAIN. */
  toSQL(): Promise<{ sql: string; params: unknown[] }> {
    return this.source.findSql(this.spec);
  }
}
