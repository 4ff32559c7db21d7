// openRedisConnection: the shared fake, isolated fakes, and a real Redis that is missing or goes
// away: operations reject quickly with CACHE_UNAVAILABLE naming the URL, never hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../../src/backends/cache/redis-cache.js';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { REDIS_COMMAND_TIMEOUT_MS, openRedisConnection, type RedisConnection } from '../../../src/backends/cache/redis-connection.js';
import type { CacheError } from '../../../src/backends/cache/errors.js';
import { sleep } from './backends.js';
import { freePort } from '../../helpers/free-port.js';
import { realRedisSkipReason, redisServerBinary, startRedisServer, type RedisServer } from './redis-server.js';

async function timedRejection(promise: Promise<unknown>): Promise<{ error: CacheError; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error: error as CacheError, ms: performance.now() - started };
  }
  throw new Error('resolved instead of rejecting');
}

describe('the fake (ioredis-mock)', () => {
  it('is shared by every connection of the process', async () => {
    const one = openRedisConnection();
    const two = openRedisConnection();
    expect(one.kind).toBe('fake');
    await createRedisCache(one.client).set('shared:k', { v: 1 });
    expect(await createRedisCache(two.client).get('shared:k')).toEqual({ v: 1 });
    await one.close();
    expect(await createRedisCache(two.client).get('shared:k')).toEqual({ v: 1 });
    await two.close();
    const three = openRedisConnection();
    expect(await createRedisCache(three.client).get('shared:k')).toEqual({ v: 1 });
    await three.client.del('shared:k');
    await three.close();
  });

  it('isolated fakes keep to themselves and drop their data on close', async () => {
    const shared = openRedisConnection();
    const a = openRedisConnection({ isolated: true });
    const b = openRedisConnection({ isolated: true });
    await createRedisCache(a.client).set('iso:k', 'a');
    expect(await createRedisCache(b.client).get('iso:k')).toBeNull();
    expect(await createRedisCache(shared.client).get('iso:k')).toBeNull();
    await a.close();
    await Promise.all([b.close(), shared.close()]);
  });
});

describe('an unreachable Redis', () => {
  let connection: RedisConnection | undefined;
  afterAll(async () => {
    await connection?.close();
  });

  it('rejects quickly with CACHE_UNAVAILABLE naming the URL, at the first command and after', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    connection = openRedisConnection({ url });
    expect(connection.kind).toBe('real');
    const level = createRedisCache(connection.client, { prefix: 'fn:' });
    for (const call of [() => level.get('k'), () => level.set('k', 1), () => level.has('k'), () => level.delete('k')]) {
      const { error, ms } = await timedRejection(call());
      expect(error.code).toBe('CACHE_UNAVAILABLE');
      expect(error.message).toContain(url);
      expect(error.message).toMatch(/key "k" \(stored as "fn:k"\)/);
      expect(error.message).toMatch(/ECONNREFUSED/);
      expect(error.details.url).toBe(url);
      expect(ms).toBeLessThan(1500);
    }
  });

  it('does not show a password from the URL', async () => {
    const port = await freePort();
    const withPassword = openRedisConnection({ url: `redis://user:s3cret@127.0.0.1:${port}/2` });
    try {
      const { error } = await timedRejection(createRedisCache(withPassword.client).get('k'));
      expect(error.code).toBe('CACHE_UNAVAILABLE');
      expect(error.message).toContain(`redis://user:***@127.0.0.1:${port}/2`);
      expect(error.message).not.toContain('s3cret');
    } finally {
      await withPassword.close();
    }
  });

  it('a server that accepts connections but never answers: rejects after the command timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const hanging = openRedisConnection({ url });
    try {
      const { error, ms } = await timedRejection(createRedisCache(hanging.client).get('k'));
      expect(error.code).toBe('CACHE_UNAVAILABLE');
      expect(error.message).toContain(url);
      expect(error.message).toContain(`no reply within ${REDIS_COMMAND_TIMEOUT_MS} ms`);
      expect(ms).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1000);
    } finally {
      await hanging.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a URL that is not redis:// or rediss://', () => {
    expect(() => openRedisConnection({ url: 'http://127.0.0.1:6379' })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTIONS' }));
    expect(() => openRedisConnection({ url: 'localhost:6379' })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTIONS' }));
  });
});

describe.skipIf(!redisServerBinary)(`a real Redis that goes away and comes back${realRedisSkipReason}`, () => {
  let server: RedisServer;
  let connection: RedisConnection;
  beforeAll(async () => {
    server = await startRedisServer();
    connection = openRedisConnection({ url: server.url });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('works, fails fast while Redis is down, and recovers when it is back', async () => {
    const level = createRedisCache(connection.client);
    // Used straight after opening: the command waits for the first connection.
    await level.set('k', { up: true });
    expect(await level.get('k')).toEqual({ up: true });

    await server.stop();
    await sleep(50);
    for (let i = 0; i < 3; i++) {
      const { error, ms } = await timedRejection(level.get('k'));
      expect(error.code).toBe('CACHE_UNAVAILABLE');
      expect(error.message).toContain(server.url);
      expect(ms).toBeLessThan(500);
    }

    await server.restart();
    const deadline = Date.now() + 5000;
    let value: unknown;
    while (Date.now() < deadline) {
      try {
        await level.set('k', { up: 'again' });
        value = await level.get('k');
        break;
      } catch {
        await sleep(100);
      }
    }
    expect(value).toEqual({ up: 'again' });
  });
});
