// find() → a lazy cursor: select/sort/limit/skip only record what to do; the query runs when the
// cursor is awaited or toArray() is called (once per call), so the order of the calls does not matter.
import type { FindCursor, Projected, SortSpec, WithId } from '../../sdk/database-types.js';
import { DatabaseError, show } from './errors.js';

export interface FindSpec {
  filter: unknown;
  /** The select() argument, parsed when the query runs. */
  select?: unknown;
  sort?: unknown;
  limit?: number;
  skip?: number;
}

export interface CursorSource {
  /** Runs the query (synchronously; the cursor wraps it in a promise). */
  findAll(spec: FindSpec): unknown[];
  /** The SQL and parameters the query would run, for EXPLAIN QUERY PLAN in tests and debugging. */
  findSql(spec: FindSpec): { sql: string; params: unknown[] };
}

function count(value: unknown, method: 'limit' | 'skip'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new DatabaseError('INVALID_ARGUMENT', `${method}() needs a whole number ≥ 0, got ${show(value)}`);
  }
  return value;
}

/**
 * What both engines' cursors share: select/sort/limit/skip record the spec (limit and skip checked
 * at once), and awaiting the cursor runs toArray().
 */
export abstract class LazyFindCursor<T> implements FindCursor<T> {
  protected readonly spec: FindSpec;

  constructor(filter: unknown) {
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

  abstract toArray(): Promise<WithId<T>[]>;

  then<R1 = WithId<T>[], R2 = never>(
    onfulfilled?: ((value: WithId<T>[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.toArray().then(onfulfilled, onrejected);
  }
}

/** The SQLite cursor: the query runs synchronously, its result wrapped in a promise. */
export class DocumentCursor<T = Record<string, unknown>> extends LazyFindCursor<T> {
  constructor(
    private readonly source: CursorSource,
    filter: unknown,
  ) {
    super(filter);
  }

  toArray(): Promise<WithId<T>[]> {
    try {
      return Promise.resolve(this.source.findAll(this.spec) as WithId<T>[]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Not part of the SDK: the SQL this cursor runs, e.g. for `EXPLAIN QUERY PLAN`. */
  toSQL(): { sql: string; params: unknown[] } {
    const { sql, params } = this.source.findSql(this.spec);
    return { sql, params };
  }
}
