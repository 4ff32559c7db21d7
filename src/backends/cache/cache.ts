// context.cache: the memory level, the redis level, prefixed redis clients, and get/set/delete/has
// on the cache itself.
import type { Redis } from 'ioredis';
import type { Cache, CacheClientOptions, CacheLevel } from '../../sdk/cache-types.js';
import type { CacheReadCounts } from './read-counts.js';
import { createRedisCache } from './redis-cache.js';

export interface CreateCacheOptions {
  /** This instance's memory level (createMemoryCache). */
  memory: CacheLevel;
  /** The shared Redis (openRedisConnection().client). */
  redisClient: Redis;
  /**
   * Counts the reads of the redis level, of context.cache's own get/has and of createClient's
   * clients (all redis). The memory level counts its own: see createMemoryCache's `reads`.
   */
  redisReads?: CacheReadCounts;
}

export function createCache({ memory, redisClient, redisReads }: CreateCacheOptions): Cache {
  const redis = createRedisCache(redisClient, { reads: redisReads });
  return {
    memory,
    redis,
    createClient(options?: CacheClientOptions) {
      return createRedisCache(redisClient, { prefix: options?.prefix, ttl: options?.ttl, reads: redisReads });
    },
    // context.cache.get/set/delete/has go to the redis level, not the memory one: a function runs
    // on several instances, and what one of them caches through `context.cache` should be seen by
    // the others (the platform's shared cache). The memory level stays one property away, as
    // `context.cache.memory`, for code that wants per-instance caching (the guide's L1).
    // (The level's methods are closures, not `this`-bound: they can be shared as they are.)
    get: redis.get,
    set: redis.set,
    delete: redis.delete,
    has: redis.has,
  };
}
