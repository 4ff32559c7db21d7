// Bad input at every cache level rejects with a CacheError the function can catch, naming what
// was wrong and which key; nothing is stored.
import { describe, expect, it } from 'vitest';
import { createCache } from '../../../src/backends/cache/cache.js';
import { CacheError, isCacheError } from '../../../src/backends/cache/errors.js';
import { createMemoryCache } from '../../../src/backends/cache/memory-cache.js';
import { createRedisCache } from '../../../src/backends/cache/redis-cache.js';
import { NeoError } from '../../../src/sdk/neo-error.js';
import type { CacheLevel } from '../../../src/sdk/index.js';
import { redisBackends, useRedisBackend } from './backends.js';

/** Calls `call` and returns what it rejected with, failing when it threw synchronously or resolved. */
async function rejection(call: () => Promise<unknown>): Promise<CacheError> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`threw synchronously instead of rejecting: ${String(error)}`);
  }
  try {
    await promise;
  } catch (error) {
    expect(isCacheError(error)).toBe(true);
    expect(error).toBeInstanceOf(NeoError);
    return error as CacheError;
  }
  throw new Error('resolved instead of rejecting');
}

const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;

const badValues: [string, unknown, RegExp][] = [
  ['BigInt', 10n, /BigInt/],
  ['nested BigInt', { amount: 10n }, /BigInt/],
  ['function', () => 1, /function/],
  ['symbol', Symbol('s'), /symbol/],
  ['circular', circular, /circular/i],
  ['undefined', undefined, /undefined/],
  ['toJSON returning undefined', { toJSON: () => undefined }, /serialis/],
];

const badTtls: [string, unknown, string][] = [
  ['negative', -1, '-1'],
  ['zero', 0, '0'],
  ['NaN', Number.NaN, 'NaN'],
  ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
  ['a string', '60', '"60"'],
  ['null', null, 'null'],
];

const badKeys: [string, unknown][] = [
  ['empty', ''],
  ['number', 42],
  ['undefined', undefined],
  ['null', null],
  ['object', { id: 1 }],
];

function badInputCases(levels: () => Record<string, CacheLevel>) {
  for (const [what, value, reason] of badValues) {
    it(`set of a ${what} value rejects with CACHE_INVALID_VALUE naming the key`, async () => {
      for (const [name, level] of Object.entries(levels())) {
        const error = await rejection(() => level.set('bad:value', value));
        expect(error.code, name).toBe('CACHE_INVALID_VALUE');
        expect(error.message, name).toMatch(/key "bad:value"/);
        expect(error.message, name).toMatch(reason);
        expect(error.details.key, name).toBe('bad:value');
        expect(await level.has('bad:value'), name).toBe(false);
      }
    });
  }

  for (const [what, ttl, shown] of badTtls) {
    it(`a ${what} ttl rejects with CACHE_INVALID_TTL naming the key and the value`, async () => {
      for (const [name, level] of Object.entries(levels())) {
        const error = await rejection(() => level.set('bad:ttl', 'v', { ttl: ttl as number }));
        expect(error.code, name).toBe('CACHE_INVALID_TTL');
        expect(error.message, name).toContain('key "bad:ttl"');
        expect(error.message, name).toContain(`got ${shown}`);
        expect(await level.has('bad:ttl'), name).toBe(false);
      }
    });
  }

  for (const [what, key] of badKeys) {
    it(`a ${what} key rejects with CACHE_INVALID_KEY in get, set, delete and has`, async () => {
      for (const [name, level] of Object.entries(levels())) {
        for (const call of [() => level.get(key as string), () => level.set(key as string, 1), () => level.delete(key as string), () => level.has(key as string)]) {
          const error = await rejection(call);
          expect(error.code, name).toBe('CACHE_INVALID_KEY');
          expect(error.message, name).toMatch(/key must be a non-empty string/);
        }
      }
    });
  }

  it('options that are not an object (a bare ttl) reject with CACHE_INVALID_OPTIONS', async () => {
    for (const [name, level] of Object.entries(levels())) {
      const error = await rejection(() => level.set('k', 'v', 60 as never));
      expect(error.code, name).toBe('CACHE_INVALID_OPTIONS');
      expect(error.message, name).toMatch(/key "k".*\{ ttl: 300 \}.*got 60/);
    }
  });

  it('a function can catch them, as the guide asks ("handle cache failures")', async () => {
    const level = Object.values(levels())[0]!;
    const fn = async () => {
      try {
        await level.set('k', 1n);
        return 'stored';
      } catch (error) {
        return (error as CacheError).code;
      }
    };
    expect(await fn()).toBe('CACHE_INVALID_VALUE');
  });
}

describe('bad input to the memory cache', () => {
  badInputCases(() => ({ memory: createMemoryCache() }));
});

for (const backend of redisBackends) {
  describe.skipIf(backend.skip)(`bad input to the redis levels on ${backend.title}`, () => {
    const redis = useRedisBackend(backend);
    const levels = () => {
      const cache = createCache({ memory: createMemoryCache(), redisClient: redis.client });
      return { 'cache.redis': cache.redis, 'cache itself': cache, 'prefixed client': cache.createClient({ prefix: 'fn:', ttl: 60 }) };
    };
    badInputCases(levels);

    it('a prefixed client names the stored key too', async () => {
      const client = createCache({ memory: createMemoryCache(), redisClient: redis.client }).createClient({ prefix: 'fn:' });
      const error = await rejection(() => client.set('k', 1n));
      expect(error.message).toContain('key "k" (stored as "fn:k")');
    });

    it('createClient refuses a bad default ttl or prefix at once', () => {
      const cache = createCache({ memory: createMemoryCache(), redisClient: redis.client });
      for (const ttl of [-5, 0, Number.NaN, '60']) {
        expect(() => cache.createClient({ ttl: ttl as number }), String(ttl)).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_TTL', message: expect.stringContaining('default ttl') }));
      }
      expect(() => cache.createClient({ prefix: 5 as never })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTIONS' }));
    });

    it('after close, operations reject with CACHE_UNAVAILABLE', async () => {
      const { openRedisConnection } = await import('../../../src/backends/cache/redis-connection.js');
      const connection = openRedisConnection(redis.server ? { url: redis.server.url } : {});
      const level = createRedisCache(connection.client);
      await level.set('k', 1);
      await connection.close();
      await connection.close(); // twice is fine
      const error = await rejection(() => level.get('k'));
      expect(error.code).toBe('CACHE_UNAVAILABLE');
      expect(error.message).toMatch(/key "k".*(ioredis-mock|redis:\/\/127\.0\.0\.1).*closed/);
    });
  });
}
