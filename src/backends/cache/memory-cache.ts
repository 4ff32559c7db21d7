// The memory level: per instance, a Map in least-recently-used order with TTLs (seconds). Values
// are kept as JSON text, like Redis keeps them, so a stored object comes back as an equal copy.
import type { CacheLevel, CacheOptions } from '../../sdk/cache-types.js';
import { decodeValue, encodeValue } from './encoding.js';
import { CacheError } from './errors.js';
import type { CacheReadCounts } from './read-counts.js';
import { checkKey, describeValue, ttlOfOptions } from './validate.js';

export interface MemoryCacheOptions {
  /** Entries kept before the least recently used is evicted. Default 10000. */
  maxEntries?: number;
  /** Bumped by each get and has: a hit when the key is live, a miss when it is absent or expired. */
  reads?: CacheReadCounts;
}

export type MemoryCache = CacheLevel & {
  /** Removes every entry. */
  clear(): void;
  /** Live (unexpired) entries. */
  readonly size: number;
};

interface Entry {
  /** The string itself when `isString`, else JSON text. */
  text: string;
  isString: boolean;
  /** Epoch ms; Infinity when the entry does not expire. */
  expiresAt: number;
}

/** How often (ms) writes may sweep out expired entries that nobody reads any more. */
const SWEEP_INTERVAL_MS = 1000;
/** The same at capacity, where an expired entry would otherwise push out a live one. */
const FULL_SWEEP_INTERVAL_MS = 10;

export function createMemoryCache({ maxEntries = 10000, reads }: MemoryCacheOptions = {}): MemoryCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new CacheError('CACHE_INVALID_OPTIONS', `memory cache: maxEntries must be a positive integer, got ${describeValue(maxEntries)}`);
  }
  // Map iteration order is insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();
  // No entry expires before this (a lower bound: deletes and overwrites do not raise it).
  let nextExpiry = Infinity;
  let lastSweep = 0;

  const sweep = (now: number) => {
    lastSweep = now;
    nextExpiry = Infinity;
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= now) entries.delete(key);
      else if (entry.expiresAt < nextExpiry) nextExpiry = entry.expiresAt;
    }
  };

  /** The live entry of a key, dropping it when it has expired. */
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    async get<T = any>(key: string): Promise<T | null> {
      checkKey('get', key);
      const entry = live(key);
      if (entry === undefined) {
        if (reads !== undefined) reads.misses++;
        return null;
      }
      if (reads !== undefined) reads.hits++;
      entries.delete(key);
      entries.set(key, entry);
      return (entry.isString ? entry.text : decodeValue<T>(entry.text)) as T;
    },

    async set(key: string, value: unknown, options?: CacheOptions): Promise<void> {
      checkKey('set', key);
      const ttl = ttlOfOptions(key, options);
      const isString = typeof value === 'string';
      const text = isString ? value : encodeValue(key, value);
      const now = Date.now();
      const expiresAt = ttl === undefined ? Infinity : now + ttl * 1000;
      entries.delete(key);
      entries.set(key, { text, isString, expiresAt });
      if (expiresAt < nextExpiry) nextExpiry = expiresAt;
      const full = entries.size > maxEntries;
      if (now >= nextExpiry && now - lastSweep >= (full ? FULL_SWEEP_INTERVAL_MS : SWEEP_INTERVAL_MS)) sweep(now);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },

    async delete(key: string): Promise<boolean> {
      checkKey('delete', key);
      const existed = live(key) !== undefined;
      entries.delete(key);
      return existed;
    },

    async has(key: string): Promise<boolean> {
      checkKey('has', key);
      const found = live(key) !== undefined;
      if (reads !== undefined) {
        if (found) reads.hits++;
        else reads.misses++;
      }
      return found;
    },

    clear() {
      entries.clear();
      nextExpiry = Infinity;
    },

    get size() {
      sweep(Date.now());
      return entries.size;
    },
  };
}
