// The cache backends: memory (per instance), redis (real or in-process fake), and the
// context.cache facade over them.
export { createCache, type CreateCacheOptions } from './cache.js';
export { CacheError, isCacheError, type CacheErrorCode, type CacheErrorDetails } from './errors.js';
export { createMemoryCache, type MemoryCache, type MemoryCacheOptions } from './memory-cache.js';
export { createRedisCache, type RedisCacheOptions } from './redis-cache.js';
export { createReadCounts, type CacheReadCounts } from './read-counts.js';
export { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
