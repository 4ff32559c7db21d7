// CacheError: what a cache operation rejects with, so that a function can catch cache failures
// ("handle cache failures", the performance guide) and tell them apart by `code`.
import { NeoError } from '../../sdk/neo-error.js';

export type CacheErrorCode =
  /** Redis is down, unreachable, timed out, or its connection was closed. */
  | 'CACHE_UNAVAILABLE'
  /** The value cannot be stored as JSON (undefined, a function, a symbol, a BigInt, a cycle). */
  | 'CACHE_INVALID_VALUE'
  /** `ttl` is not a positive, finite number of seconds. */
  | 'CACHE_INVALID_TTL'
  /** The key is not a non-empty string. */
  | 'CACHE_INVALID_KEY'
  /** The options argument (or a cache's own configuration) is malformed. */
  | 'CACHE_INVALID_OPTIONS'
  /** Redis answered with an error (e.g. WRONGTYPE: the key holds a non-cache value). */
  | 'CACHE_COMMAND_FAILED';

export interface CacheErrorDetails {
  /** get, set, delete, has, … */
  operation?: string;
  /** The key as the caller gave it (before any client prefix). */
  key?: unknown;
  /** The Redis URL, password redacted. */
  url?: string;
  ttl?: unknown;
}

// Two copies of this module can meet (bundled CLI shell vs command modules): a registered symbol,
// not instanceof, tells a CacheError.
const cacheErrorBrand = Symbol.for('neosl.CacheError');

export function isCacheError(value: unknown): value is CacheError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[cacheErrorBrand] === true;
}

export class CacheError extends NeoError {
  readonly [cacheErrorBrand] = true;
  declare readonly code: CacheErrorCode;
  declare readonly details: CacheErrorDetails;

  constructor(code: CacheErrorCode, message: string, details: CacheErrorDetails = {}, cause?: unknown) {
    super(code, message, details);
    this.name = 'CacheError';
    if (cause !== undefined) this.cause = cause;
  }
}
