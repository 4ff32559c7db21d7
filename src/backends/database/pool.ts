// createPool: pg-style pool semantics over the one in-process connection. At most `max` clients
// are out at a time; connect() waits (first come, first served) until one is released. Clients
// share the connection (SQLite runs in-process), so the pool is about bounding concurrency.
import type { Pool, PoolClient, PoolOptions, QueryResult } from '../../sdk/database-types.js';
import { DatabaseError, describeType, show } from './errors.js';
import { isPlainObject } from './values.js';

export type RunQuery = (sql: unknown, params: unknown, operation: string) => QueryResult<any>;

const DEFAULT_MAX = 10;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

interface Waiter {
  resolve(client: PoolClient): void;
  reject(error: Error): void;
}

function count(options: Record<string, unknown>, key: string, fallback: number, minimum: number): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new DatabaseError('INVALID_ARGUMENT', `createPool: ${key} must be a whole number ≥ ${minimum}, got ${show(value)}`);
  }
  return value;
}

export function parsePoolOptions(options: unknown): Required<PoolOptions> {
  if (options === undefined || options === null) return { min: 0, max: DEFAULT_MAX, idleTimeoutMillis: DEFAULT_IDLE_TIMEOUT_MS };
  if (!isPlainObject(options)) throw new DatabaseError('INVALID_ARGUMENT', `createPool: options must be an object like { max: 20 }, got ${describeType(options)}`);
  const max = count(options, 'max', DEFAULT_MAX, 1);
  const min = count(options, 'min', 0, 0);
  const idleTimeoutMillis = count(options, 'idleTimeoutMillis', DEFAULT_IDLE_TIMEOUT_MS, 0);
  if (min > max) throw new DatabaseError('INVALID_ARGUMENT', `createPool: min (${min}) is greater than max (${max})`);
  return { min, max, idleTimeoutMillis };
}

export class DocumentPool implements Pool {
  private active = 0;
  /** Idle "connections": only their count and idle timers, since all clients share one connection. */
  private idle: ReturnType<typeof setTimeout>[] = [];
  private readonly waiters: Waiter[] = [];
  private ended = false;
  private readonly options: Required<PoolOptions>;

  constructor(
    private readonly run: RunQuery,
    options: PoolOptions | undefined,
  ) {
    this.options = parsePoolOptions(options);
  }

  /** Clients checked out plus idle ones kept for reuse (at most max). */
  get totalCount(): number {
    return this.active + this.idle.length;
  }

  /** Clients checked out now. */
  get activeCount(): number {
    return this.active;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  get waitingCount(): number {
    return this.waiters.length;
  }

  connect(): Promise<PoolClient> {
    if (this.ended) return Promise.reject(new DatabaseError('POOL_ENDED', 'pool.connect(): the pool has ended'));
    if (this.active < this.options.max) return Promise.resolve(this.checkOut());
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private checkOut(): PoolClient {
    const timer = this.idle.pop();
    if (timer !== undefined) clearTimeout(timer);
    this.active++;
    return this.client();
  }

  private client(): PoolClient {
    let released = false;
    const client: PoolClient = {
      query: async <R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> => {
        if (released) throw new DatabaseError('CLIENT_RELEASED', 'client.query(): this client has been released to the pool; call pool.connect() again');
        return this.run(sql, params, 'client.query') as QueryResult<R>;
      },
      release: () => {
        if (released) throw new DatabaseError('CLIENT_RELEASED', 'client.release(): this client was already released');
        released = true;
        this.checkIn();
      },
    };
    return client;
  }

  private checkIn(): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      // Straight to the next in line: the slot stays taken.
      waiter.resolve(this.client());
      return;
    }
    this.active--;
    if (this.ended) return;
    const timer = setTimeout(() => {
      const at = this.idle.indexOf(timer);
      if (at >= 0 && this.totalCount > this.options.min) this.idle.splice(at, 1);
    }, this.options.idleTimeoutMillis || 2 ** 31 - 1);
    timer.unref();
    this.idle.push(timer);
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.idle.splice(0)) clearTimeout(timer);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new DatabaseError('POOL_ENDED', 'pool.connect(): the pool ended while waiting for a client'));
  }
}
