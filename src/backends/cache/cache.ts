// context.cache: the memory level, the redis level, prefixed redis clients, and get/set/delete/has
// on the cache itself.
import type { Redis } from 'ioredis';
import type { Cache, CacheClientOptions, CacheLevel } from '../../sdk/cache-types.js';
import { createRedisCache } from './redis-cache.js';

export interface CreateCacheOptions {
  /** This instance's memory level (createMemoryCache). */
  memory: CacheLevel;
  /** The shared Redis (openRedisConnection().client). */
  redisClient: Redis;
}

export function createCache({ memory, redisClient }: CreateCacheOptions): Cache {
  const redis = createRedisCache(redisClient);
  return {
    memory,
    redis,
    createClient(options?: CacheClientOptions) {
      return createRedisCache(redisClient, { prefix: options?.prefix, ttl: options?.ttl });
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
