// The memory level: per instance, TTLs on the fake clock, LRU eviction, values as JSON copies.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from '../../../src/backends/cache/memory-cache.js';

describe('memory cache', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('misses, then hits what was set', async () => {
    const cache = createMemoryCache();
    expect(await cache.get('k')).toBeNull();
    expect(await cache.has('k')).toBe(false);
    await cache.set('k', { a: 1 });
    expect(await cache.get('k')).toEqual({ a: 1 });
    expect(await cache.has('k')).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('reads back objects, arrays, numbers, booleans and strings; strings stay strings', async () => {
    const cache = createMemoryCache();
    const values: [string, unknown][] = [
      ['object', { a: 1, nested: { list: [1, 'two', null, true] } }],
      ['array', [1, 2, { three: 3 }]],
      ['number', -1.5],
      ['zero', 0],
      ['false', false],
      ['string', 'text'],
      ['empty string', ''],
      ['numeric string', '42'],
      ['json-looking string', '{"a":1}'],
    ];
    for (const [key, value] of values) await cache.set(key, value);
    for (const [key, value] of values) expect(await cache.get(key), key).toStrictEqual(value);
  });

  it('stores JSON: a copy comes back, never the stored object, and JSON rules apply (as in Redis)', async () => {
    const cache = createMemoryCache();
    const original = { list: [1], when: new Date('2025-01-02T03:04:05Z'), gone: undefined };
    await cache.set('k', original);
    original.list.push(2);
    const first = await cache.get('k');
    const second = await cache.get('k');
    expect(first).toEqual({ list: [1], when: '2025-01-02T03:04:05.000Z' });
    expect(first).not.toBe(second);
    first.list.push(3);
    expect(await cache.get('k')).toEqual({ list: [1], when: '2025-01-02T03:04:05.000Z' });
  });

  it('expires entries after their ttl in seconds (get, has and delete all see it)', async () => {
    const cache = createMemoryCache();
    await cache.set('short', 'v', { ttl: 1 });
    await cache.set('half', 'v', { ttl: 0.5 });
    await cache.set('forever', 'v');
    vi.advanceTimersByTime(499);
    expect(await cache.get('half')).toBe('v');
    vi.advanceTimersByTime(1);
    expect(await cache.get('half')).toBeNull();
    vi.advanceTimersByTime(499);
    expect(await cache.has('short')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(await cache.has('short')).toBe(false);
    expect(await cache.delete('short')).toBe(false);
    vi.advanceTimersByTime(365 * 24 * 3600 * 1000);
    expect(await cache.get('forever')).toBe('v');
    expect(cache.size).toBe(1);
  });

  it('a write without ttl makes the key permanent again', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 1, { ttl: 1 });
    await cache.set('k', 2);
    vi.advanceTimersByTime(5000);
    expect(await cache.get('k')).toBe(2);
  });

  it('evicts the least recently used entry beyond maxEntries (a get counts as use)', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(await cache.get('a')).toBe(1); // order now b, c, a
    await cache.set('d', 4); // evicts b
    expect(await cache.has('b')).toBe(false);
    await cache.set('c', 30); // overwriting is use: order a, d, c
    await cache.set('e', 5); // evicts a
    expect(await cache.has('a')).toBe(false);
    expect(await cache.get('c')).toBe(30);
    expect(await cache.get('d')).toBe(4);
    expect(await cache.get('e')).toBe(5);
    expect(cache.size).toBe(3);
  });

  it('drops expired entries before evicting live ones', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    await cache.set('b', 2);
    await cache.set('c', 3);
    await cache.set('a', 1, { ttl: 1 }); // most recently used, but about to expire
    vi.advanceTimersByTime(2000);
    await cache.set('d', 4);
    expect(await cache.get('b')).toBe(2);
    expect(await cache.get('c')).toBe(3);
    expect(await cache.get('d')).toBe(4);
  });

  it('size counts live entries only, expired ones unread included', async () => {
    const cache = createMemoryCache();
    for (let i = 0; i < 1000; i++) await cache.set(`k${i}`, i, { ttl: 1 });
    expect(cache.size).toBe(1000);
    vi.advanceTimersByTime(1500);
    await cache.set('live', true);
    expect(cache.size).toBe(1);
  });

  it('keeps each instance apart, and clear() empties one', async () => {
    const one = createMemoryCache();
    const two = createMemoryCache();
    await one.set('k', 1);
    expect(await two.get('k')).toBeNull();
    one.clear();
    expect(await one.get('k')).toBeNull();
    expect(one.size).toBe(0);
  });

  it('refuses a maxEntries that is not a positive integer', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => createMemoryCache({ maxEntries }), String(maxEntries)).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTIONS' }));
    }
  });
});
