// The redis level: values as JSON text (`SET key json [EX ttl]`), keys behind an optional prefix,
// writes defaulting to the level's TTL. Every failure is a CacheError the function can catch.
import type { Redis } from 'ioredis';
import type { CacheLevel, CacheOptions } from '../../sdk/cache-types.js';
import { decodeValue, encodeValue } from './encoding.js';
import { CacheError } from './errors.js';
import type { CacheReadCounts } from './read-counts.js';
import { redisClientInfo, type RedisClientInfo } from './redis-registry.js';
import { checkDefaultTtl, checkKey, describeKey, ttlOfOptions } from './validate.js';

export interface RedisCacheOptions {
  /** Prepended to every key. */
  prefix?: string;
  /** Seconds; applies to writes that give no ttl. Absent: such writes do not expire. */
  ttl?: number;
  /** Bumped by each get and has that Redis answers: a hit when the key exists, a miss when not. */
  reads?: CacheReadCounts;
}

const noReply = (): void => undefined;
const isPositive = (count: number): boolean => count > 0;
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/** Errors that only say "not connected"; the client's last error says why. */
function isConsequence(error: Error): boolean {
  return error.name === 'MaxRetriesPerRequestError' || /enableOfflineQueue|Connection is closed/.test(error.message);
}

function translate(error: unknown, operation: string, key: string, prefix: string, info: RedisClientInfo, timeoutMs?: number): CacheError {
  const where = `cache ${operation} of ${describeKey(key, prefix)} failed`;
  const details = { operation, key, url: info.url };
  if (error instanceof CacheError) return error;
  if (error instanceof Error && error.name === 'ReplyError') {
    return new CacheError('CACHE_COMMAND_FAILED', `${where}: Redis at ${info.url} answered ${error.message}`, details, error);
  }
  let message = error instanceof Error ? error.message : String(error);
  if (message === 'Command timed out' && timeoutMs !== undefined) message = `no reply within ${timeoutMs} ms`;
  const reason = error instanceof Error && isConsequence(error) ? (info.lastError?.message ?? 'not connected') : message;
  return new CacheError('CACHE_UNAVAILABLE', `${where}: Redis at ${info.url} is unavailable (${reason})`, details, error);
}

export function createRedisCache(client: Redis, { prefix = '', ttl: defaultTtl, reads }: RedisCacheOptions = {}): CacheLevel {
  if (typeof prefix !== 'string') {
    throw new CacheError('CACHE_INVALID_OPTIONS', `cache client: prefix must be a string, got ${typeof prefix}`, { operation: 'createClient' });
  }
  const levelTtl = checkDefaultTtl(defaultTtl);
  const info = redisClientInfo(client);

  // Plain promise chains rather than async functions: one hop per call, not three (the redis level
  // should cost little more than the client it wraps; see bench/suites/cache.ts).
  function run<R, V>(operation: string, key: string, command: () => Promise<R>, map: (reply: R) => V): Promise<V> {
    if (info.closed) {
      return Promise.reject(new CacheError('CACHE_UNAVAILABLE', `cache ${operation} of ${describeKey(key, prefix)} failed: Redis at ${info.url} is unavailable (the connection was closed)`, { operation, key, url: info.url }));
    }
    let pending: Promise<R>;
    try {
      pending = command();
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(map, (error: unknown) => {
      throw translate(error, operation, key, prefix, info, client.options?.commandTimeout);
    });
  }

  function decode<T>(key: string, text: string | null): T | null {
    if (text === null || text === undefined) return null;
    // ioredis-mock hands back a hash or list where real Redis answers WRONGTYPE.
    if (typeof text !== 'string') throw translate(Object.assign(new Error(WRONGTYPE), { name: 'ReplyError' }), 'get', key, prefix, info);
    return decodeValue<T>(text);
  }

  // Counting picks its reply mappers once, here: a level without counts maps replies as before.
  const decodeGet = reads === undefined
    ? decode
    : <T>(key: string, text: string | null): T | null => {
        const value = decode<T>(key, text);
        if (text === null || text === undefined) reads.misses++;
        else reads.hits++;
        return value;
      };
  const exists = reads === undefined
    ? isPositive
    : (count: number): boolean => {
        if (count > 0) {
          reads.hits++;
          return true;
        }
        reads.misses++;
        return false;
      };

  return {
    get<T = any>(key: string): Promise<T | null> {
      try {
        checkKey('get', key);
      } catch (error) {
        return Promise.reject(error);
      }
      return run('get', key, () => client.get(prefix + key), (text) => decodeGet<T>(key, text));
    },

    set(key: string, value: unknown, options?: CacheOptions): Promise<void> {
      let stored: string, text: string, ttl: number | undefined;
      try {
        checkKey('set', key);
        ttl = ttlOfOptions(key, options, prefix) ?? levelTtl;
        text = encodeValue(key, value, prefix);
        stored = prefix + key;
      } catch (error) {
        return Promise.reject(error);
      }
      return run('set', key, () => {
        if (ttl === undefined) return client.set(stored, text);
        // EX takes whole seconds only: fractions go as milliseconds.
        return Number.isInteger(ttl) ? client.set(stored, text, 'EX', ttl) : client.set(stored, text, 'PX', Math.max(1, Math.round(ttl * 1000)));
      }, noReply);
    },

    delete(key: string): Promise<boolean> {
      try {
        checkKey('delete', key);
      } catch (error) {
        return Promise.reject(error);
      }
      return run('delete', key, () => client.del(prefix + key), isPositive);
    },

    has(key: string): Promise<boolean> {
      try {
        checkKey('has', key);
      } catch (error) {
        return Promise.reject(error);
      }
      return run('has', key, () => client.exists(prefix + key), exists);
    },
  };
}
