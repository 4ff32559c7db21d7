import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisConnection } from '../../src/backends/cache/redis-connection.js';
import { RedisSnapshotter } from '../../src/emulator/redis-persistence.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('RedisSnapshotter', () => {
  it('saves every type with its expiry atomically and loads it into a fresh fake', async () => {
    const file = join(makeTempDir(), 'state', 'redis.json');
    const first = openRedisConnection({ isolated: true });
    const c = first.client;
    await c.set('s', 'v');
    await c.set('ttl', 'x', 'PX', 60_000);
    await c.hset('h', { a: '1' });
    await c.rpush('l', 'a', 'b');
    await c.sadd('set', 'x', 'y');
    await c.zadd('z', 2, 'two', 1, 'one');
    const saver = new RedisSnapshotter(c, file);
    expect(await saver.save()).toBe(true);
    expect(await saver.save()).toBe(false); // unchanged: not written again
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries).toHaveLength(6);
    await first.close();

    const second = openRedisConnection({ isolated: true });
    expect(await new RedisSnapshotter(second.client, file).load()).toBe(6);
    const d = second.client;
    expect(await d.get('s')).toBe('v');
    expect(await d.pttl('ttl')).toBeGreaterThan(50_000);
    expect(await d.hgetall('h')).toEqual({ a: '1' });
    expect(await d.lrange('l', 0, -1)).toEqual(['a', 'b']);
    expect((await d.smembers('set')).sort()).toEqual(['x', 'y']);
    expect(await d.zrange('z', 0, -1)).toEqual(['one', 'two']);
    await second.close();
  });

  it('starts empty from a missing or corrupt file', async () => {
    const connection = openRedisConnection({ isolated: true });
    expect(await new RedisSnapshotter(connection.client, join(makeTempDir(), 'none.json')).load()).toBe(0);
    await connection.close();
  });
});
