// Cache levels a function sees: memory (this instance), redis (shared), and prefixed clients.

export interface CacheOptions {
  /** Time to live in seconds. Absent: the level's default (no expiry unless the client sets one). */
  ttl?: number;
  /** For multi-level caches written by user code: the L1 (memory) TTL in seconds. */
  l1Ttl?: number;
  /** For multi-level caches written by user code: the L2 (redis) TTL in seconds. */
  l2Ttl?: number;
}

export interface CacheLevel {
  /** The stored value (strings as strings, other values parsed from JSON), or null when absent or expired. */
  get<T = any>(key: string): Promise<T | null>;
  /** Stores a string or a JSON-serialisable value. A negative ttl is rejected. */
  set(key: string, value: unknown, options?: CacheOptions): Promise<void>;
  /** Removes the key; resolves true when it existed. */
  delete(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
}

export interface CacheClientOptions {
  /** Prepended to every key of this client. */
  prefix?: string;
  /** Default TTL in seconds for this client's writes. */
  ttl?: number;
}

export interface Cache extends CacheLevel {
  /** Per instance, bounded in size with LRU eviction. */
  readonly memory: CacheLevel;
  /** Shared by all instances (Redis, or the in-process fake). */
  readonly redis: CacheLevel;
  /** A redis-backed client whose keys are prefixed and whose writes default to `ttl`. */
  createClient(options?: CacheClientOptions): CacheLevel;
}
