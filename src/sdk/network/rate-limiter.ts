// RateLimiter: a fixed window per key, in memory or shared through a cache level (e.g. context.cache.redis).
import type { CacheLevel } from '../cache-types.js';
import { NeoError } from '../neo-error.js';
import type { RateLimiterOptions } from '../network-types.js';
import { positiveNumber } from './backoff.js';

/** A key's window: `count` calls since it opened; it closes at `resetAt` (epoch ms). */
interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed windows, each opened by a key's first call and lasting `windowMs`: up to `max` calls pass, the
 * next ones are refused with NeoError('RATE_LIMITED') until the window ends, and the count starts again.
 * (A fixed window can let up to 2·max calls through around a window's end; in return a key costs one
 * small record, in memory or in the store, instead of a timestamp per call.) Refused calls are not counted.
 *
 * With `store`, the record lives there (`<prefix><key>`, value { count, resetAt }, ttl = the window's
 * rest) so that every instance sharing the store shares the count. A CacheLevel offers no atomic
 * increment, so the update is a get then a set: calls on one instance are serialised per key, but two
 * instances updating the same key at the same moment can both read n and both write n + 1 — under
 * contention a few more than `max` calls may pass. The limit is a guard, not an exact quota.
 */
export class RateLimiter {
  readonly #windowMs: number;
  readonly #max: number;
  readonly #message: string;
  readonly #prefix: string;
  readonly #store: CacheLevel | undefined;
  readonly #windows = new Map<string, Window>();
  /** Per key, the tail of this instance's store updates (so they do not race each other). */
  readonly #queues = new Map<string, Promise<void>>();
  #nextSweep = 0;

  constructor(options: RateLimiterOptions & { store?: CacheLevel }) {
    this.#windowMs = positiveNumber('RateLimiter windowMs', options.windowMs, undefined);
    this.#max = positiveNumber('RateLimiter max', options.max, undefined, { integer: true });
    this.#message = options.message ?? 'Too many requests';
    this.#prefix = options.prefix ?? 'ratelimit:';
    this.#store = options.store;
  }

  /** Resolves while key is under its limit; rejects with NeoError 'RATE_LIMITED' past it. */
  checkLimit(key: string): Promise<void> {
    if (!this.#store) {
      try {
        this.#count(this.#memoryWindow(key, Date.now()));
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const store = this.#store;
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const result = previous.then(() => this.#checkStore(store, key));
    const tail = result.then(() => undefined, () => undefined);
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return result;
  }

  async #checkStore(store: CacheLevel, key: string): Promise<void> {
    const storeKey = this.#prefix + key;
    const now = Date.now();
    let window = parseWindow(await store.get<unknown>(storeKey));
    if (!window || window.resetAt <= now) window = { count: 0, resetAt: now + this.#windowMs };
    this.#count(window);
    const ttl = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    await store.set(storeKey, window, { ttl });
  }

  /** Counts one call in the window, or throws when it is full. */
  #count(window: Window): void {
    if (window.count >= this.#max) {
      const retryAfterMs = Math.max(0, window.resetAt - Date.now());
      throw new NeoError('RATE_LIMITED', this.#message, { limit: this.#max, windowMs: this.#windowMs, retryAfterMs });
    }
    window.count++;
  }

  #memoryWindow(key: string, now: number): Window {
    if (now >= this.#nextSweep) {
      // Keys that are never seen again (e.g. one per request) must not pile up.
      for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
      this.#nextSweep = now + this.#windowMs;
    }
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.#windowMs };
      this.#windows.set(key, window);
    }
    return window;
  }
}

function parseWindow(value: unknown): Window | null {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const { count, resetAt } = value as Partial<Window>;
  return typeof count === 'number' && typeof resetAt === 'number' ? { count, resetAt } : null;
}
