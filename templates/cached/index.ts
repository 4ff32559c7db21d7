import { NeoError, type NeoFunction } from '@neo-service/sdk/function';
import type { Cache, CacheLevel } from '@neo-service/sdk';
import { MultiLevelCache } from './multi-level-cache';
import { fetchQuote, type Quote } from './source';

export interface PriceInput {
  symbol: string;
}

export interface Price extends Quote {
  /** true when the answer came from a cache level rather than the source. */
  cached: boolean;
}

// Prices move: keep them briefly in this instance's memory, a little longer in Redis.
const TTL = { l1Ttl: 30, l2Ttl: 300 };

// Use global scope for reusable resources: one prefixed Redis client per instance, created on
// first use (the context only exists inside a call) instead of on every request.
const redisClients = new WeakMap<Cache, CacheLevel>();

function redisFor(cache: Cache): CacheLevel {
  let client = redisClients.get(cache);
  if (!client) {
    // Every key of this client is stored as '__fn__:<key>', with a default TTL of one hour.
    client = cache.createClient({ prefix: '__fn__:', ttl: 3600 });
    redisClients.set(cache, client);
  }
  return client;
}

export const __fn__: NeoFunction<PriceInput, Price> = async (input, context) => {
  const symbol = parseSymbol(input?.symbol);
  const key = `quote:${symbol}`;
  const cache = new MultiLevelCache(context, redisFor(context.cache));

  // Handle cache failures: a cache that is down costs speed, not availability.
  let cached: Quote | null = null;
  try {
    cached = await cache.get<Quote>(key);
  } catch (error) {
    context.logger.warn('Cache read failed; using the source', { key, error: String(error) });
  }
  if (cached !== null) {
    return { ...cached, cached: true };
  }

  context.metrics.increment('cache.miss');
  const timer = context.metrics.startTimer();
  const quote = await fetchQuote(symbol);
  context.metrics.histogram('__fn__.source.duration', timer.end());

  try {
    await cache.set(key, quote, TTL);
  } catch (error) {
    context.logger.warn('Cache write failed', { key, error: String(error) });
  }
  return { ...quote, cached: false };
};

function parseSymbol(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,12}$/.test(value)) {
    throw new NeoError('INVALID_INPUT', 'symbol must be 1 to 12 letters or digits, e.g. "GAS"', { symbol: value });
  }
  return value.toUpperCase();
}
