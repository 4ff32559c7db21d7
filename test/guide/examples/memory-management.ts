// The guide's example "2. Memory Management", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import type { Context } from '@neo-service/sdk';
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// Monitor memory usage
const memoryUsage = process.memoryUsage();
context.metrics.gauge('function.memory.heap', memoryUsage.heapUsed);
context.metrics.gauge('function.memory.total', memoryUsage.heapTotal);

// Handle large datasets
async function processLargeDataset(data: any[], context: Context) {
  const batchSize = 100;
  const results = [];

  for (let i = 0; i < data.length; i += batchSize) {
    const batch = data.slice(i, i + batchSize);
    
    // Process batch
    const batchResults = await Promise.all(
      batch.map(item => processItem(item))
    );
    
    results.push(...batchResults);
    
    // Clear references
    batch.length = 0;
    
    // Log progress
    context.logger.debug('Batch processed', {
      progress: `${i + batchSize}/${data.length}`
    });
  }

  return results;
}
// --- end of guide example ---

// fill-in
async function processItem(item: any) {
  return item * 2;
}

export { processLargeDataset };
