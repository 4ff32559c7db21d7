import type { CacheLevel, CacheOptions, Context } from '@neo-service/sdk';

/**
 * The performance guide's multi-level cache: L1 is this instance's memory (fastest, private),
 * L2 is Redis (shared by every instance, so one instance's miss fills the others' cache).
 *
 * Changed from the guide for strict TypeScript and correctness: values are typed; a hit is
 * `!== null` (so a cached 0, '' or false counts); TTL defaults use `??`; and L2 can be any
 * cache level, such as a prefixed client from `context.cache.createClient()`
 * (default `context.cache.redis`, as in the guide).
 */
export class MultiLevelCache {
  constructor(
    private readonly context: Context,
    private readonly l2: CacheLevel = context.cache.redis,
  ) {}

  async get<T = unknown>(key: string): Promise<T | null> {
    // Check L1 (memory)
    const l1Cache = this.context.cache.memory;
    const l1Data = await l1Cache.get<T>(key);
    if (l1Data !== null) {
      this.context.metrics.increment('cache.l1.hit');
      return l1Data;
    }

    // Check L2 (Redis)
    const l2Data = await this.l2.get<T>(key);
    if (l2Data !== null) {
      // Populate L1, so this instance's next read stays in memory
      await l1Cache.set(key, l2Data, { ttl: 300 });
      this.context.metrics.increment('cache.l2.hit');
      return l2Data;
    }

    return null;
  }

  async set(key: string, value: unknown, options?: CacheOptions): Promise<void> {
    // Set L1
    await this.context.cache.memory.set(key, value, {
      ttl: options?.l1Ttl ?? 300,
    });

    // Set L2
    await this.l2.set(key, value, {
      ttl: options?.l2Ttl ?? 3600,
    });
  }
}
