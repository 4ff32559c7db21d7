// The guide's example "Caching 2. Redis Cache", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import type { NeoFunction } from '@neo-service/sdk/function';
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// Redis cache configuration
const redis = context.cache.createClient({
  prefix: 'function:',
  ttl: 3600
});

export const redisCachedFunction: NeoFunction = async (input, context) => {
  const cacheKey = `data:${input.id}`;
  
  // Try cache
  const cached = await redis.get(cacheKey);
  if (cached) {
    context.metrics.increment('redis.hit');
    return JSON.parse(cached);
  }
  
  // Get fresh data
  const data = await getFreshData(input);
  
  // Cache with TTL
  await redis.set(cacheKey, JSON.stringify(data), {
    ttl: 3600 // 1 hour
  });
  
  context.metrics.increment('redis.miss');
  return data;
};
// --- end of guide example ---

// fill-in
export let freshDataCalls = 0;
async function getFreshData(input: any) {
  freshDataCalls++;
  return { id: input.id, price: 42 };
}
