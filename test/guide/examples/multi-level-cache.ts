// The guide's example "Caching 3. Multi-Level Cache", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import type { CacheOptions, Context } from '@neo-service/sdk';

// --- guide example ---
// Multi-level cache implementation
class MultiLevelCache {
  constructor(private context: Context) {}

  async get(key: string): Promise<any> {
    // Check L1 (memory)
    const l1Cache = this.context.cache.memory;
    const l1Data = await l1Cache.get(key);
    if (l1Data) {
      this.context.metrics.increment('cache.l1.hit');
      return l1Data;
    }

    // Check L2 (Redis)
    const l2Cache = this.context.cache.redis;
    const l2Data = await l2Cache.get(key);
    if (l2Data) {
      // Populate L1
      await l1Cache.set(key, l2Data, { ttl: 300 });
      this.context.metrics.increment('cache.l2.hit');
      return l2Data;
    }

    return null;
  }

  async set(key: string, value: any, options?: CacheOptions): Promise<void> {
    // Set L1
    await this.context.cache.memory.set(key, value, {
      ttl: options?.l1Ttl || 300
    });

    // Set L2
    await this.context.cache.redis.set(key, value, {
      ttl: options?.l2Ttl || 3600
    });
  }
}
// --- end of guide example ---

export { MultiLevelCache };
