// Argument checks shared by every cache level: keys, options and TTLs, with messages that name
// the operation, the key and the offending value.
import type { CacheOptions } from '../../sdk/cache-types.js';
import { CacheError } from './errors.js';

/** A short, printable description of any value, for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n (a BigInt)`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return `a symbol (${value.description ?? ''})`;
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** How a key appears in messages: `key "k"`, with the stored name when a client prefix applies. */
export function describeKey(key: string, prefix = ''): string {
  return prefix ? `key ${JSON.stringify(key)} (stored as ${JSON.stringify(prefix + key)})` : `key ${JSON.stringify(key)}`;
}

export function checkKey(operation: string, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new CacheError('CACHE_INVALID_KEY', `cache ${operation}: the key must be a non-empty string, got ${describeValue(key)}`, { operation, key });
  }
}

/**
 * A TTL in seconds must be a positive, finite number (fractions allowed: 0.5 is 500 ms).
 * `undefined` means "none given"; everything else that is not such a number is rejected.
 */
export function checkTtl(operation: string, key: string, ttl: unknown, prefix = ''): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    throw new CacheError('CACHE_INVALID_TTL', `cache ${operation} of ${describeKey(key, prefix)}: ttl must be a positive number of seconds, got ${describeValue(ttl)}`, { operation, key, ttl });
  }
  return ttl;
}

/** The ttl of a `set` call's options (which must be absent or an object). */
export function ttlOfOptions(key: string, options: unknown, prefix = ''): number | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CacheError('CACHE_INVALID_OPTIONS', `cache set of ${describeKey(key, prefix)}: options must be an object such as { ttl: 300 }, got ${describeValue(options)}`, { operation: 'set', key });
  }
  return checkTtl('set', key, (options as CacheOptions).ttl, prefix);
}

/** A level's default TTL (createClient's `ttl`), checked once when the level is made. */
export function checkDefaultTtl(ttl: unknown): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    throw new CacheError('CACHE_INVALID_TTL', `cache client: the default ttl must be a positive number of seconds, got ${describeValue(ttl)}`, { operation: 'createClient', ttl });
  }
  return ttl;
}
