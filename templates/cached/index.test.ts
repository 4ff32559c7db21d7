import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@neo-service/sdk/testing';
import { __fn__ } from './index';

describe('__fn__', () => {
  let t: TestContext | undefined;

  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('misses on the first call, then serves from memory (L1)', async () => {
    t = await createTestContext();

    const first = await __fn__({ symbol: 'gas' }, t.context);
    expect(first).toMatchObject({ symbol: 'GAS', usd: expect.any(Number), cached: false });
    let counters = t.metrics.snapshot().counters;
    expect(counters['cache.miss']).toBe(1);
    expect(counters['cache.l1.hit'] ?? 0).toBe(0);

    const second = await __fn__({ symbol: 'GAS' }, t.context);
    expect(second).toEqual({ ...first, cached: true });
    counters = t.metrics.snapshot().counters;
    expect(counters['cache.l1.hit']).toBe(1);
    expect(counters['cache.miss']).toBe(1); // the source was not called again

    // Both levels hold the quote; the Redis client adds its prefix.
    const { cached: _, ...quote } = first;
    expect(await t.context.cache.memory.get('quote:GAS')).toEqual(quote);
    expect(await t.context.cache.redis.get('__fn__:quote:GAS')).toEqual(quote);
  });

  it('fills memory from Redis (L2) when this instance has not seen the key', async () => {
    t = await createTestContext();
    const first = await __fn__({ symbol: 'NEO' }, t.context);

    // As on another instance: Redis has the quote, this instance's memory does not.
    await t.context.cache.memory.delete('quote:NEO');

    const fromRedis = await __fn__({ symbol: 'NEO' }, t.context);
    expect(fromRedis).toEqual({ ...first, cached: true });
    expect(t.metrics.snapshot().counters['cache.l2.hit']).toBe(1);
    expect(await t.context.cache.memory.has('quote:NEO')).toBe(true);

    await __fn__({ symbol: 'NEO' }, t.context);
    const counters = t.metrics.snapshot().counters;
    expect(counters['cache.l1.hit']).toBe(1);
    expect(counters['cache.l2.hit']).toBe(1);
    expect(counters['cache.miss']).toBe(1);
  });

  it('rejects a malformed symbol and reports an unknown one as NOT_FOUND, caching nothing', async () => {
    t = await createTestContext();

    await expect(__fn__({ symbol: 'not a symbol!' }, t.context)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(__fn__({ symbol: 'NOPE' }, t.context)).rejects.toMatchObject({ code: 'NOT_FOUND', statusCode: 404 });
    expect(await t.context.cache.redis.has('__fn__:quote:NOPE')).toBe(false);
  });
});
