// The redis backends every cache case runs against: ioredis-mock always, a real Redis (started
// here) when redis-server is on PATH. Use inside a describe: it opens in beforeAll, closes in afterAll
// and empties the store before each test.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openRedisConnection, type RedisConnection } from '../../../src/backends/cache/redis-connection.js';
import { realRedisSkipReason, redisServerBinary, startRedisServer, type RedisServer } from './redis-server.js';

export interface RedisBackend {
  title: string;
  skip: boolean;
  kind: 'fake' | 'real';
}

export const redisBackends: RedisBackend[] = [
  { title: 'ioredis-mock', skip: false, kind: 'fake' },
  { title: `real Redis${realRedisSkipReason}`, skip: !redisServerBinary, kind: 'real' },
];

export interface OpenedBackend {
  readonly client: Redis;
  readonly connection: RedisConnection;
  /** The real server (undefined for the fake). */
  readonly server: RedisServer | undefined;
}

export function useRedisBackend(backend: RedisBackend): OpenedBackend {
  let connection: RedisConnection | undefined;
  let server: RedisServer | undefined;
  beforeAll(async () => {
    if (backend.kind === 'real') server = await startRedisServer();
    connection = openRedisConnection(server ? { url: server.url } : {});
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    await connection!.client.flushall();
  });
  return {
    get client() {
      return connection!.client;
    },
    get connection() {
      return connection!;
    },
    get server() {
      return server;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
