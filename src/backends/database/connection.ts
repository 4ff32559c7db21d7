// One better-sqlite3 connection per DocumentDatabase: WAL (for files), synchronous=NORMAL, a busy
// timeout so that several connections (worker threads) on one file take turns writing, and caches
// of prepared statements keyed by their SQL.
import Sqlite from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { DatabaseError, closedError } from './errors.js';

export const BUSY_TIMEOUT_MS = 5000;
const STATEMENT_CACHE_SIZE = 500;

export type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** A Map of prepared statements that forgets the oldest past a size. */
class StatementCache {
  private readonly statements = new Map<string, Statement>();
  constructor(
    private readonly prepare: (sql: string) => Statement,
    private readonly size = STATEMENT_CACHE_SIZE,
  ) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.prepare(sql);
      if (this.statements.size >= this.size) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  clear(): void {
    this.statements.clear();
  }
}

export class Connection {
  readonly db: BetterSqlite3.Database;
  /** Bumped when query() runs DDL: tables and indexes this connection made sure of may be gone. */
  schemaGeneration = 0;
  /** Statements returning row objects (query(), pool clients). */
  readonly rows: StatementCache;
  /** Internal statements returning the first column only (writes: as they are). */
  readonly pluck: StatementCache;
  /** Internal statements returning rows as arrays (writes: as they are). */
  readonly raw: StatementCache;
  private readonly runInTransaction: BetterSqlite3.Transaction<(body: () => unknown) => unknown>;

  constructor(readonly file: string) {
    try {
      this.db = new Sqlite(file, { timeout: BUSY_TIMEOUT_MS });
    } catch (error) {
      throw new DatabaseError('OPEN_FAILED', `cannot open the database ${JSON.stringify(file)}: ${(error as Error).message}`, { cause: error });
    }
    try {
      if (file !== ':memory:' && file !== '') this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    } catch (error) {
      this.db.close();
      throw new DatabaseError('OPEN_FAILED', `cannot set up the database ${JSON.stringify(file)}: ${(error as Error).message}`, { cause: error });
    }
    registerRegexp(this.db);
    this.rows = new StatementCache((sql) => this.db.prepare(sql));
    this.pluck = new StatementCache((sql) => {
      const statement = this.db.prepare(sql);
      return statement.reader ? statement.pluck() : statement;
    });
    this.raw = new StatementCache((sql) => {
      const statement = this.db.prepare(sql);
      return statement.reader ? statement.raw() : statement;
    });
    this.runInTransaction = this.db.transaction((body: () => unknown) => body());
  }

  get open(): boolean {
    return this.db.open;
  }

  assertOpen(operation: string): void {
    if (!this.db.open) throw closedError(operation);
  }

  /**
   * Run `body` in a write transaction (BEGIN IMMEDIATE, so that another connection's writer makes
   * us wait on the busy timeout rather than fail on lock upgrade); inside a transaction already,
   * in a savepoint, so that a failing body undoes only its own writes.
   */
  write<R>(body: () => R): R {
    return (this.db.inTransaction ? this.runInTransaction(body) : this.runInTransaction.immediate(body)) as R;
  }

  /** Run `body` as part of the current transaction, or in a new write transaction if there is none. */
  writeWithin<R>(body: () => R): R {
    return this.db.inTransaction ? body() : (this.runInTransaction.immediate(body) as R);
  }

  /** After DDL through query(): forget what this connection knew about tables and indexes. */
  schemaChanged(): void {
    this.schemaGeneration++;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize');
    } catch {
      // Best effort: optimize needs a write lock another connection may hold.
    }
    this.rows.clear();
    this.pluck.clear();
    this.raw.clear();
    this.db.close();
  }
}

const regexpCache = new Map<string, RegExp>();

/**
 * regexp(pattern, value[, flags]) for filters' $regex (and `value REGEXP pattern` in raw SQL): 1 when
 * the string `value` matches, 0 otherwise (also for non-strings). Patterns were checked by
 * query/filter-model.ts; a bad one in raw SQL is an SQL error.
 */
function registerRegexp(db: BetterSqlite3.Database): void {
  db.function('regexp', { deterministic: true, varargs: true }, (pattern: unknown, value: unknown, flags: unknown = '') => {
    if (typeof value !== 'string' || typeof pattern !== 'string') return 0;
    const key = `${String(flags)}/${pattern}`;
    let regexp = regexpCache.get(key);
    if (regexp === undefined) {
      regexp = new RegExp(pattern, typeof flags === 'string' ? flags : '');
      if (regexpCache.size >= 200) regexpCache.delete(regexpCache.keys().next().value!);
      regexpCache.set(key, regexp);
    }
    return regexp.test(value) ? 1 : 0;
  });
}
