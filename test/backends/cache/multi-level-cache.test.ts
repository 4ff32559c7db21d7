// The guide's MultiLevelCache (Caching Strategies, 3. Multi-Level Cache; kept verbatim in
// test/guide/examples), on the cache facade over ioredis-mock and (where redis-server exists) a real Redis.
import { describe, expect, it } from 'vitest';
import { createCache } from '../../../src/backends/cache/cache.js';
import { createMemoryCache } from '../../../src/backends/cache/memory-cache.js';
import type { Context } from '../../../src/sdk/index.js';
import { MultiLevelCache } from '../../guide/examples/multi-level-cache.js';
import { redisBackends, useRedisBackend } from './backends.js';


for (const backend of redisBackends) {
  describe.skipIf(backend.skip)(`the guide's MultiLevelCache on ${backend.title}`, () => {
    const redis = useRedisBackend(backend);

    /** One function instance: its own memory level, the shared Redis, counters for the metrics. */
    function instance() {
      const counters: Record<string, number> = {};
      const cache = createCache({ memory: createMemoryCache(), redisClient: redis.client });
      const metrics = { increment: (name: string, value = 1) => void (counters[name] = (counters[name] ?? 0) + value) };
      const context = { cache, metrics } as unknown as Context;
      return { cache, counters, multi: new MultiLevelCache(context) };
    }

    it('set writes both levels with their TTLs; get hits L1', async () => {
      const { cache, counters, multi } = instance();
      await multi.set('price:NEO', { usd: 12.5, at: 1 }, { l1Ttl: 60, l2Ttl: 600 });
      expect(await cache.memory.get('price:NEO')).toEqual({ usd: 12.5, at: 1 });
      expect(await cache.redis.get('price:NEO')).toEqual({ usd: 12.5, at: 1 });
      const ttl = await redis.client.ttl('price:NEO');
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
      expect(await multi.get('price:NEO')).toEqual({ usd: 12.5, at: 1 });
      expect(counters).toEqual({ 'cache.l1.hit': 1 });
    });

    it('an L1 miss and L2 hit fills L1 (another instance wrote it)', async () => {
      const writer = instance();
      const reader = instance();
      await writer.multi.set('block:100', { hash: '0xabc', txs: ['a', 'b'] });
      expect(await redis.client.ttl('block:100')).toBeGreaterThan(3590);
      expect(await reader.cache.memory.get('block:100')).toBeNull();

      expect(await reader.multi.get('block:100')).toEqual({ hash: '0xabc', txs: ['a', 'b'] });
      expect(reader.counters).toEqual({ 'cache.l2.hit': 1 });
      expect(await reader.cache.memory.get('block:100')).toEqual({ hash: '0xabc', txs: ['a', 'b'] });

      expect(await reader.multi.get('block:100')).toEqual({ hash: '0xabc', txs: ['a', 'b'] });
      expect(reader.counters).toEqual({ 'cache.l2.hit': 1, 'cache.l1.hit': 1 });
    });

    it('misses on both levels: null, no hit counted', async () => {
      const { counters, multi } = instance();
      expect(await multi.get('nothing')).toBeNull();
      expect(counters).toEqual({});
    });

    it('works with strings and arrays too', async () => {
      const { multi } = instance();
      await multi.set('s', 'a string');
      await multi.set('a', [1, 2, 3]);
      expect(await instance().multi.get('s')).toBe('a string');
      expect(await instance().multi.get('a')).toEqual([1, 2, 3]);
    });
  });
}
