// The redis level, the context.cache facade and createClient, run alike against ioredis-mock and
// (where redis-server exists) a real Redis.
import { describe, expect, it } from 'vitest';
import { createCache } from '../../../src/backends/cache/cache.js';
import { createMemoryCache } from '../../../src/backends/cache/memory-cache.js';
import { createRedisCache } from '../../../src/backends/cache/redis-cache.js';
import type { Cache, Context } from '../../../src/sdk/index.js';
import { redisBackends, sleep, useRedisBackend } from './backends.js';

for (const backend of redisBackends) {
  describe.skipIf(backend.skip)(`redis cache on ${backend.title}`, () => {
    const redis = useRedisBackend(backend);
    const newCache = (): Cache => createCache({ memory: createMemoryCache(), redisClient: redis.client });

    it('misses, then hits what was set', async () => {
      const cache = newCache();
      expect(await cache.redis.get('user:1')).toBeNull();
      expect(await cache.redis.has('user:1')).toBe(false);
      await cache.redis.set('user:1', { name: 'Ada' });
      expect(await cache.redis.get('user:1')).toEqual({ name: 'Ada' });
      expect(await cache.redis.has('user:1')).toBe(true);
    });

    it('stores JSON text and reads back objects, arrays, numbers, booleans and strings', async () => {
      const cache = newCache();
      const values: [string, unknown][] = [
        ['object', { a: 1, nested: { list: [1, 'two', null, true] } }],
        ['array', [1, 2, { three: 3 }]],
        ['integer', 42],
        ['float', -1.5],
        ['zero', 0],
        ['true', true],
        ['false', false],
        ['string', 'plain text'],
        ['empty string', ''],
        ['numeric string', '42'],
        ['json-looking string', '{"a":1}'],
        ['unicode', 'Grüße, 世界 🚀'],
      ];
      for (const [key, value] of values) await cache.redis.set(key, value);
      for (const [key, value] of values) {
        expect(await cache.redis.get(key), key).toStrictEqual(value);
        expect(await redis.client.get(key), key).toBe(JSON.stringify(value));
      }
    });

    it('gives a copy: changing the original or the result does not change what is stored', async () => {
      const cache = newCache();
      const original = { list: [1] };
      await cache.redis.set('k', original);
      original.list.push(2);
      const first = await cache.redis.get<{ list: number[] }>('k');
      first!.list.push(3);
      expect(await cache.redis.get('k')).toEqual({ list: [1] });
    });

    it('reads text written by other Redis clients: JSON as values, anything else as the string', async () => {
      const cache = newCache();
      await redis.client.set('raw:json', '{"n":1}');
      await redis.client.set('raw:text', 'hello world');
      expect(await cache.redis.get('raw:json')).toEqual({ n: 1 });
      expect(await cache.redis.get('raw:text')).toBe('hello world');
    });

    it('deletes: true when the key existed, false after', async () => {
      const cache = newCache();
      await cache.redis.set('k', 1);
      expect(await cache.redis.delete('k')).toBe(true);
      expect(await cache.redis.delete('k')).toBe(false);
      expect(await cache.redis.get('k')).toBeNull();
    });

    it('expires a key after its ttl (whole and fractional seconds)', async () => {
      const cache = newCache();
      await cache.redis.set('whole', 'v', { ttl: 1 });
      await cache.redis.set('fraction', 'v', { ttl: 0.3 });
      await cache.redis.set('forever', 'v');
      expect(await redis.client.ttl('whole')).toBe(1);
      expect(await redis.client.pttl('fraction')).toBeGreaterThan(200);
      expect(await redis.client.pttl('fraction')).toBeLessThanOrEqual(300);
      expect(await redis.client.ttl('forever')).toBe(-1);
      await sleep(400);
      expect(await cache.redis.get('fraction')).toBeNull();
      expect(await cache.redis.has('fraction')).toBe(false);
      expect(await cache.redis.get('whole')).toBe('v');
      await sleep(750);
      expect(await cache.redis.get('whole')).toBeNull();
      expect(await cache.redis.has('whole')).toBe(false);
      expect(await cache.redis.get('forever')).toBe('v');
    });

    it('a write without ttl makes the key permanent again, as SET does', async () => {
      const cache = newCache();
      await cache.redis.set('k', 1, { ttl: 100 });
      await cache.redis.set('k', 2);
      expect(await redis.client.ttl('k')).toBe(-1);
    });

    it('context.cache.get/set/delete/has are the redis level (shared), not the memory one', async () => {
      const cache = newCache();
      await cache.set('shared', { v: 1 }, { ttl: 60 });
      expect(await cache.redis.get('shared')).toEqual({ v: 1 });
      expect(await cache.memory.get('shared')).toBeNull();
      expect(await cache.get('shared')).toEqual({ v: 1 });
      expect(await cache.has('shared')).toBe(true);
      // Another instance (own memory, same Redis) sees it.
      expect(await newCache().get('shared')).toEqual({ v: 1 });
      expect(await cache.delete('shared')).toBe(true);
      expect(await cache.has('shared')).toBe(false);
    });

    it('prefixes isolate clients', async () => {
      const cache = newCache();
      const a = cache.createClient({ prefix: 'a:' });
      const b = cache.createClient({ prefix: 'b:' });
      await a.set('k', 'from a');
      expect(await b.get('k')).toBeNull();
      expect(await b.has('k')).toBe(false);
      await b.set('k', 'from b');
      expect(await a.get('k')).toBe('from a');
      expect(await b.get('k')).toBe('from b');
      expect(await redis.client.get('a:k')).toBe('"from a"');
      expect(await cache.redis.get('a:k')).toBe('from a');
      expect(await cache.redis.get('k')).toBeNull();
      expect(await a.delete('k')).toBe(true);
      expect(await b.get('k')).toBe('from b');
    });

    it("applies createClient's default ttl to writes without one, and the write's own ttl over it", async () => {
      const cache = newCache();
      const client = cache.createClient({ prefix: 'function:', ttl: 3600 });
      await client.set('default', { a: 1 });
      await client.set('own', { a: 1 }, { ttl: 10 });
      const ttl = await redis.client.ttl('function:default');
      expect(ttl).toBeGreaterThan(3590);
      expect(ttl).toBeLessThanOrEqual(3600);
      expect(await redis.client.ttl('function:own')).toBeLessThanOrEqual(10);
      expect(await redis.client.ttl('function:own')).toBeGreaterThan(0);
      // No default: no expiry.
      await cache.createClient({ prefix: 'p:' }).set('k', 1);
      expect(await redis.client.ttl('p:k')).toBe(-1);
      // createClient() with no options is the unprefixed level.
      await cache.createClient().set('bare', 1);
      expect(await cache.redis.get('bare')).toBe(1);
    });

    it("runs the guide's Redis example: a JSON string in, the same string out, JSON.parse'd", async () => {
      const context = { cache: newCache() } as unknown as Context;
      // As in the guide (Caching Strategies, 2. Redis Cache), minus the metrics.
      const redisClient = context.cache.createClient({ prefix: 'function:', ttl: 3600 });
      const getFreshData = async (input: { id: number }) => ({ id: input.id, rows: [1, 2, 3], label: 'fresh' });
      let fetched = 0;
      const redisCachedFunction = async (input: { id: number }) => {
        const cacheKey = `data:${input.id}`;
        const cached = await redisClient.get(cacheKey);
        if (cached) {
          return JSON.parse(cached);
        }
        fetched++;
        const data = await getFreshData(input);
        await redisClient.set(cacheKey, JSON.stringify(data), { ttl: 3600 });
        return data;
      };
      const first = await redisCachedFunction({ id: 7 });
      const second = await redisCachedFunction({ id: 7 });
      expect(second).toEqual(first);
      expect(fetched).toBe(1);
      expect(typeof (await redisClient.get('data:7'))).toBe('string');
      expect(await redis.client.ttl('function:data:7')).toBeGreaterThan(3590);
    });

    it('reports a key of another Redis type as a command failure, like Redis (WRONGTYPE)', async () => {
      const cache = newCache();
      await redis.client.hset('hash', 'field', '1');
      await expect(cache.redis.get('hash')).rejects.toMatchObject({ code: 'CACHE_COMMAND_FAILED', message: expect.stringMatching(/key "hash".*WRONGTYPE/) });
    });

    it('a level made on a client of its own works the same (createRedisCache directly)', async () => {
      const level = createRedisCache(redis.client, { prefix: 'direct:', ttl: 5 });
      await level.set('k', [1, 2]);
      expect(await level.get('k')).toEqual([1, 2]);
      expect(await redis.client.ttl('direct:k')).toBeLessThanOrEqual(5);
    });
  });
}
