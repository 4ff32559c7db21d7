// Opens the connection behind the redis level: a real Redis through ioredis when a URL is given
// (cache.redis.url / NEOSL_REDIS_URL), else ioredis-mock, an in-process fake whose data is shared
// by every mock client of this process.
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { CacheError } from './errors.js';
import { redactRedisUrl, registerRedisClient } from './redis-registry.js';

export interface RedisConnectionOptions {
  /** redis://[:password@]host:port[/db] or rediss://…; absent: the in-process fake. */
  url?: string;
  /**
   * Without a url: a fake of its own instead of the process-wide shared one (test contexts), whose
   * data is dropped on close. Ignored with a url.
   */
  isolated?: boolean;
}

export interface RedisConnection {
  client: Redis;
  /** Closes the client (the fake's data stays, shared with the process's other fake clients). */
  close(): Promise<void>;
  kind: 'real' | 'fake';
}

/** Longest wait for the TCP connection to a real Redis. */
export const REDIS_CONNECT_TIMEOUT_MS = 1000;
/** Longest wait for any reply, including a command queued while the first connection is made. */
export const REDIS_COMMAND_TIMEOUT_MS = 2000;
/** Longest pause between reconnection attempts while Redis is down. */
export const REDIS_MAX_RETRY_DELAY_MS = 1000;

// ioredis and ioredis-mock each take ~80 ms to load: load only the one a connection needs, when it
// is opened, rather than whenever a command imports the cache.
const requireModule = createRequire(import.meta.url);
type RedisConstructor = new (url: string, options: RedisOptions) => Redis;
type RedisMockConstructor = new (options?: { host?: string; port?: number }) => Redis;
// ioredis-mock shares data between clients of the same host:port; isolated fakes get their own.
let isolatedFakes = 0;

/**
 * How failures reach the function instead of hanging it:
 * - The first connection attempt starts at once; commands issued meanwhile wait in ioredis's
 *   offline queue (so a function may use the cache right after start-up).
 * - `maxRetriesPerRequest: 0`: when that attempt fails, the queued commands are rejected at once
 *   (a refused port fails in about a millisecond; an unanswered one after `connectTimeout`).
 * - From the moment the first attempt settles (ready, or failed), the offline queue is off: while
 *   Redis is down, every command rejects immediately rather than waiting for a reconnection.
 *   ioredis keeps reconnecting in the background (at most REDIS_MAX_RETRY_DELAY_MS apart), and
 *   commands work again once it is back.
 * - `commandTimeout` bounds everything else (a server that accepts but never answers).
 * - Errors the client emits are recorded (for the messages) rather than left unhandled.
 */
export function openRedisConnection({ url, isolated = false }: RedisConnectionOptions = {}): RedisConnection {
  if (url === undefined) {
    const RedisMock = requireModule('ioredis-mock') as RedisMockConstructor;
    const client = isolated ? new RedisMock({ host: `neosl-isolated-${++isolatedFakes}`, port: 6379 }) : new RedisMock();
    const info = registerRedisClient(client, isolated ? 'ioredis-mock (in-process, isolated)' : 'ioredis-mock (in-process)');
    return {
      client,
      kind: 'fake',
      async close() {
        if (info.closed) return;
        info.closed = true;
        if (isolated) await client.flushall();
        client.disconnect();
      },
    };
  }

  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
    throw new CacheError('CACHE_INVALID_OPTIONS', `redis cache: ${JSON.stringify(redactRedisUrl(url))} is not a redis:// or rediss:// URL`, { url: redactRedisUrl(url) });
  }

  const { Redis: RedisClient } = requireModule('ioredis') as { Redis: RedisConstructor };
  const client = new RedisClient(url, {
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, REDIS_MAX_RETRY_DELAY_MS),
  });
  const info = registerRedisClient(client, url);
  client.on('error', (error: Error) => {
    // The "max retries" flush is a consequence; keep the cause (refused, timed out, NOAUTH…).
    if (error.name !== 'MaxRetriesPerRequestError') info.lastError = error;
  });
  const failFast = () => {
    client.options.enableOfflineQueue = false;
  };
  client.once('ready', failFast);
  client.once('close', failFast);
  client.on('ready', () => {
    delete info.lastError;
  });

  return {
    client,
    kind: 'real',
    async close() {
      if (info.closed) return;
      info.closed = true;
      if (client.status === 'ready') {
        try {
          await client.quit();
        } catch {
          // Going away anyway.
        }
      }
      client.disconnect();
    },
  };
}
