// The guide's example "3. Async Operations", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import type { Context } from '@neo-service/sdk';

// --- guide example ---
// Parallel execution
async function processParallel(items: any[], context: Context) {
  // Execute in parallel with concurrency limit
  const concurrency = 5;
  const results = [];
  
  for (let i = 0; i < items.length; i += concurrency) {
    const batch = items.slice(i, i + concurrency);
    const batchResults = await Promise.all(
      batch.map(item => processItem(item))
    );
    results.push(...batchResults);
  }

  return results;
}

// Sequential execution when needed
async function processSequential(items: any[], context: Context) {
  const results = [];
  
  for (const item of items) {
    const result = await processItem(item);
    results.push(result);
  }

  return results;
}
// --- end of guide example ---

// fill-in: tracks how many items are in flight at once.
export const concurrency = { current: 0, max: 0 };
async function processItem(item: any) {
  concurrency.current++;
  concurrency.max = Math.max(concurrency.max, concurrency.current);
  await new Promise((resolve) => setTimeout(resolve, 5 - (item % 5)));
  concurrency.current--;
  return item * 10;
}

export { processParallel, processSequential };
