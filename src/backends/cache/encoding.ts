// How values are stored: as JSON text at every level, so that what comes back is an equal copy
// (never the stored object itself) and the memory level behaves like Redis.
import { CacheError } from './errors.js';
import { describeKey } from './validate.js';

/**
 * The JSON text of a value, or a CACHE_INVALID_VALUE naming the key. As with JSON.stringify,
 * nested `undefined` and functions are dropped and NaN/Infinity become null; what cannot be JSON
 * at all (undefined, a function or symbol at the top, a BigInt, a cycle) is refused.
 */
export function encodeValue(key: string, value: unknown, prefix = ''): string {
  if (value === undefined) throw invalid(key, prefix, 'the value is undefined, which JSON cannot store (use delete() to remove a key)');
  if (typeof value === 'function') throw invalid(key, prefix, 'the value is a function, which is not JSON-serialisable');
  if (typeof value === 'symbol') throw invalid(key, prefix, 'the value is a symbol, which is not JSON-serialisable');
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw invalid(key, prefix, `the value is not JSON-serialisable (${reason})`, error);
  }
  // A toJSON() may still produce nothing.
  if (text === undefined) throw invalid(key, prefix, 'the value is not JSON-serialisable (it serialises to nothing)');
  return text;
}

function invalid(key: string, prefix: string, why: string, cause?: unknown): CacheError {
  return new CacheError('CACHE_INVALID_VALUE', `cache set of ${describeKey(key, prefix)}: ${why}`, { operation: 'set', key }, cause);
}

/**
 * The value of stored text. Text that is not JSON (written by another Redis client) comes back
 * as the string it is.
 */
export function decodeValue<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}
