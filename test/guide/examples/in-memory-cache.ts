// The guide's example "Caching 1. In-Memory Cache", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import type { NeoFunction } from '@neo-service/sdk/function';

// --- guide example ---
// Simple in-memory cache
const cache = new Map();

export const cachedFunction: NeoFunction = async (input, context) => {
  const cacheKey = `${input.type}:${input.id}`;
  
  // Check cache
  const cached = cache.get(cacheKey);
  if (cached && Date.now() - cached.timestamp < 60000) {
    context.metrics.increment('cache.hit');
    return cached.data;
  }
  
  // Get fresh data
  const data = await getFreshData(input);
  
  // Update cache
  cache.set(cacheKey, {
    data,
    timestamp: Date.now()
  });
  
  context.metrics.increment('cache.miss');
  return data;
};
// --- end of guide example ---

// fill-in
export let freshDataCalls = 0;
async function getFreshData(input: any) {
  freshDataCalls++;
  return { type: input.type, id: input.id, loadedAt: freshDataCalls };
}
