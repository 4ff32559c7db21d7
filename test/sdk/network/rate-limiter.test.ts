import { describe, expect, it } from 'vitest';
import type { CacheLevel, CacheOptions } from '../../../src/sdk/cache-types.js';
import { NeoError } from '../../../src/sdk/neo-error.js';
import { RateLimiter } from '../../../src/sdk/network.js';

/** A Map-backed CacheLevel, as the redis level behaves: JSON values, ttl in seconds. */
function mapStore(): CacheLevel & { data: Map<string, { value: string; expires: number }> } {
  const data = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const entry = data.get(key);
    if (entry && entry.expires <= Date.now()) data.delete(key);
    return data.get(key);
  };
  return {
    data,
    async get<T>(key: string) {
      const entry = live(key);
      return entry ? (JSON.parse(entry.value) as T) : null;
    },
    async set(key: string, value: unknown, options?: CacheOptions) {
      data.set(key, { value: JSON.stringify(value), expires: options?.ttl ? Date.now() + options.ttl * 1000 : Infinity });
    },
    async delete(key: string) {
      return data.delete(key);
    },
    async has(key: string) {
      return live(key) !== undefined;
    },
  };
}

async function outcomes(limiter: RateLimiter, key: string, calls: number): Promise<Array<'ok' | NeoError>> {
  const results: Array<'ok' | NeoError> = [];
  for (let i = 0; i < calls; i++) {
    results.push(await limiter.checkLimit(key).then(() => 'ok' as const, (error: NeoError) => error));
  }
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RateLimiter', () => {
  it('lets 100 calls through and refuses exactly the 101st with RATE_LIMITED', async () => {
    const limiter = new RateLimiter({ windowMs: 60_000, max: 100, message: 'Too many requests' });
    const results = await outcomes(limiter, 'client-1', 101);
    expect(results.slice(0, 100).every((r) => r === 'ok')).toBe(true);
    const refused = results[100];
    expect(refused).toBeInstanceOf(NeoError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many requests', statusCode: 429 });
    const details = (refused as NeoError).details as { limit: number; windowMs: number; retryAfterMs: number };
    expect(details).toMatchObject({ limit: 100, windowMs: 60_000 });
    expect(details.retryAfterMs).toBeGreaterThan(59_000);
    expect(details.retryAfterMs).toBeLessThanOrEqual(60_000);
    // Another key has its own count.
    await expect(limiter.checkLimit('client-2')).resolves.toBeUndefined();
  });

  it('counts concurrent calls exactly', async () => {
    const limiter = new RateLimiter({ windowMs: 60_000, max: 10 });
    const settled = await Promise.allSettled(Array.from({ length: 15 }, () => limiter.checkLimit('k')));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(10);
  });

  it('lets calls through again once the window has passed', async () => {
    const limiter = new RateLimiter({ windowMs: 100, max: 2 });
    expect(await outcomes(limiter, 'k', 3)).toEqual(['ok', 'ok', expect.any(NeoError)]);
    await sleep(130);
    expect(await outcomes(limiter, 'k', 3)).toEqual(['ok', 'ok', expect.any(NeoError)]);
  });

  it('shares the count between instances through a shared store', async () => {
    const store = mapStore();
    const a = new RateLimiter({ windowMs: 60_000, max: 3, store });
    const b = new RateLimiter({ windowMs: 60_000, max: 3, store });
    await a.checkLimit('user');
    await a.checkLimit('user');
    await b.checkLimit('user');
    await expect(b.checkLimit('user')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(a.checkLimit('user')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect([...store.data.keys()]).toEqual(['ratelimit:user']);
    // Without the store, instances count apart.
    const c = new RateLimiter({ windowMs: 60_000, max: 3 });
    const d = new RateLimiter({ windowMs: 60_000, max: 3 });
    await outcomes(c, 'user', 3);
    await expect(d.checkLimit('user')).resolves.toBeUndefined();
  });

  it('with a store: concurrent calls on one instance do not lose counts, and the window ends', async () => {
    const store = mapStore();
    const limiter = new RateLimiter({ windowMs: 100, max: 3, store, prefix: 'rl:' });
    const settled = await Promise.allSettled(Array.from({ length: 6 }, () => limiter.checkLimit('k')));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    expect(store.data.has('rl:k')).toBe(true);
    await sleep(130);
    await expect(limiter.checkLimit('k')).resolves.toBeUndefined();
  });

  it('refuses a configuration without a window or a max', () => {
    expect(() => new RateLimiter({ max: 10 } as never)).toThrow(/windowMs is required/);
    expect(() => new RateLimiter({ windowMs: 1000, max: 0 })).toThrow(/max/);
  });
});
