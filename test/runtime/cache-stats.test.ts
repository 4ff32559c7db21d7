// Cache hits and misses: counted by the levels in each instance, reported to the host as deltas on
// messages the instance sends anyway, summed per function (all instances, all versions) in stats().
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCache } from '../../src/backends/cache/cache.js';
import { createMemoryCache } from '../../src/backends/cache/memory-cache.js';
import { createReadCounts } from '../../src/backends/cache/read-counts.js';
import { createRedisCache } from '../../src/backends/cache/redis-cache.js';
import { openRedisConnection } from '../../src/backends/cache/redis-connection.js';
import type { CacheStats, InstanceEvent } from '../../src/runtime/index.js';
import { CacheReads } from '../../src/runtime/worker/cache-reads.js';
import { closeRuntimes, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);

const stats = (memoryHits: number, memoryMisses: number, redisHits: number, redisMisses: number): CacheStats => ({
  memory: { hits: memoryHits, misses: memoryMisses },
  redis: { hits: redisHits, misses: redisMisses },
});

type Op = [string, string, ...unknown[]];

describe('cache read counts in the runtime', () => {
  it('counts hits and misses per level across two instances and a reload', async () => {
    const scaling = { targetConcurrency: 1, maxInstances: 2 };
    const runtime = startRuntime({ reads: fn('reads', 'cache-reads.mjs', { scaling }) });
    const cache = () => runtime.stats('reads').cache;
    const k = `cache-stats:${randomUUID()}`;
    const invoke = async (ops: Op[], extra: Record<string, unknown> = {}) => {
      const outcome = await runtime.invoke('reads', { ops, prefix: `${k}:`, ...extra });
      if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
      return outcome.value as { results: unknown[]; threadId: number };
    };

    // No reads: nothing counted.
    await invoke([]);
    expect(cache()).toEqual(stats(0, 0, 0, 0));

    // Two requests at once, on two instances: each instance's memory level starts empty.
    const both = await Promise.all(
      [1, 2].map((n) =>
        invoke(
          [
            ['memory', 'get', 'm'],
            ['memory', 'set', 'm', { n }],
            ['memory', 'get', 'm'],
            ['memory', 'has', 'm'],
            ['redis', 'get', `${k}:r${n}`],
          ],
          { ms: 300 },
        ),
      ),
    );
    expect(new Set(both.map((value) => value.threadId)).size).toBe(2);
    expect(both.map((value) => value.results)).toEqual([
      [null, undefined, { n: 1 }, true, null],
      [null, undefined, { n: 2 }, true, null],
    ]);
    expect(runtime.stats('reads').instances).toBe(2);
    expect(cache()).toEqual(stats(4, 2, 0, 2));

    // context.cache's own get/has and createClient's clients count as redis.
    const third = await invoke([
      ['redis', 'set', `${k}:r1`, { v: 1 }],
      ['redis', 'get', `${k}:r1`],
      ['cache', 'get', `${k}:r1`],
      ['cache', 'has', `${k}:nope`],
      ['client', 'get', 'r1'],
      ['client', 'has', 'r2'],
      ['memory', 'get', 'm'],
      ['memory', 'has', 'absent'],
    ]);
    expect(third.results).toEqual([undefined, { v: 1 }, { v: 1 }, false, { v: 1 }, false, expect.anything(), false]);
    expect(cache()).toEqual(stats(5, 3, 3, 4));

    // An expired entry is a miss.
    await invoke([
      ['memory', 'set', 'e', 1, { ttl: 0.01 }],
      ['-', 'sleep', 30],
      ['memory', 'get', 'e'],
    ]);
    expect(cache()).toEqual(stats(5, 4, 3, 4));

    // A new version: new instances (an empty memory level), the same totals going on.
    await runtime.reload('reads', fn('reads', 'cache-reads.mjs', { scaling }));
    expect(runtime.stats('reads').version).toBe(2);
    const afterReload = await invoke([
      ['memory', 'get', 'm'],
      ['redis', 'get', `${k}:r1`],
    ]);
    expect(afterReload.results).toEqual([null, { v: 1 }]);
    expect(cache()).toEqual(stats(5, 5, 4, 4));

    // A failed request still reports its reads; a read that throws (a bad key) counts as neither.
    const failed = await runtime.invoke('reads', { ops: [['redis', 'get', `${k}:r1`], ['memory', 'get', '']] });
    expect(failed).toMatchObject({ ok: false, error: { code: 'CACHE_INVALID_KEY' } });
    expect(cache()).toEqual(stats(5, 5, 5, 4));
  });

  it('reads outside a request ride on the next response, or on the last message when the instance stops', async () => {
    const runtime = startRuntime({ reads: fn('reads', 'cache-reads.mjs') });
    const cache = () => runtime.stats('reads').cache;
    const k = `cache-stats:${randomUUID()}`;
    const later: Op[] = [
      ['memory', 'get', 'x'],
      ['redis', 'get', `${k}:x`],
    ];
    expect(await runtime.invoke('reads', { later })).toMatchObject({ ok: true });
    // The reads happen after the answer; no message is sent for them on their own.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cache()).toEqual(stats(0, 0, 0, 0));
    expect(await runtime.invoke('reads', {})).toMatchObject({ ok: true });
    expect(cache()).toEqual(stats(0, 1, 0, 1));

    expect(await runtime.invoke('reads', { later })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stops: InstanceEvent[] = [];
    runtime.events.on('instance', (event) => event.type === 'stop' && stops.push(event));
    await runtime.reload('reads', fn('reads', 'cache-reads.mjs'));
    await waitFor(() => stops.some((event) => event.version === 1), 5000, 'the old version to stop');
    expect(cache()).toEqual(stats(0, 2, 0, 2));
  });

  it('keeps totals per function', async () => {
    const runtime = startRuntime({ one: fn('one', 'cache-reads.mjs', { exportName: 'reads' }), two: fn('two', 'cache-reads.mjs', { exportName: 'reads' }) });
    await runtime.invoke('one', { ops: [['memory', 'get', 'a']] });
    await runtime.invoke('two', { ops: [['memory', 'set', 'a', 1], ['memory', 'get', 'a'], ['memory', 'get', 'a']] });
    expect(runtime.stats('one').cache).toEqual(stats(0, 1, 0, 0));
    expect(runtime.stats('two').cache).toEqual(stats(2, 0, 0, 0));
  });
});

describe('cache read counts in the levels', () => {
  it('the memory level counts get and has; set and delete are not reads', async () => {
    const reads = createReadCounts();
    const memory = createMemoryCache({ reads });
    expect(await memory.get('a')).toBeNull();
    await memory.set('a', { x: 1 });
    expect(await memory.get('a')).toEqual({ x: 1 });
    expect(await memory.has('a')).toBe(true);
    expect(await memory.has('b')).toBe(false);
    expect(await memory.delete('a')).toBe(true);
    await expect(memory.get('')).rejects.toMatchObject({ code: 'CACHE_INVALID_KEY' });
    expect(reads).toEqual({ hits: 2, misses: 2 });
  });

  it('the redis level counts what Redis answers, not the errors', async () => {
    const connection = openRedisConnection({ isolated: true });
    try {
      const reads = createReadCounts();
      const memoryReads = createReadCounts();
      const cache = createCache({ memory: createMemoryCache({ reads: memoryReads }), redisClient: connection.client, redisReads: reads });
      const client = cache.createClient({ prefix: 'p:' });
      expect(await cache.redis.get('k')).toBeNull();
      await client.set('k', 'text');
      expect(await cache.get('p:k')).toBe('text');
      expect(await client.get('k')).toBe('text');
      expect(await client.has('k')).toBe(true);
      expect(await cache.has('k')).toBe(false);
      // A stored JSON null is a key that exists: a hit, as Redis counts it.
      await cache.set('n', null);
      expect(await cache.get('n')).toBeNull();
      // A key holding a hash (WRONGTYPE) is an error, not a read.
      await connection.client.hset('h', 'f', 'v');
      await expect(cache.get('h')).rejects.toMatchObject({ code: 'CACHE_COMMAND_FAILED' });
      expect(reads).toEqual({ hits: 4, misses: 2 });
      expect(memoryReads).toEqual({ hits: 0, misses: 0 });
    } finally {
      await connection.close();
    }
    // A closed connection: unavailable, not a miss.
    const reads = createReadCounts();
    const level = createRedisCache(connection.client, { reads });
    await expect(level.get('k')).rejects.toMatchObject({ code: 'CACHE_UNAVAILABLE' });
    expect(reads).toEqual({ hits: 0, misses: 0 });
  });

  it('an instance hands over nothing until something was read, then the delta once', () => {
    const reads = new CacheReads();
    expect(reads.take()).toBeUndefined();
    reads.memory.hits += 2;
    reads.redis.misses++;
    expect(reads.take()).toEqual([2, 0, 0, 1]);
    expect(reads.take()).toBeUndefined();
  });
});
