// The guide's example "Database 1. Query Optimization", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// fill-in: the collection the query reads, and its start time.
const startTime = 1_700_000_000_000;
await context.database.transactions.insertMany(
  Array.from({ length: 300 }, (_, i) => ({
    hash: `0x${i.toString(16).padStart(64, '0')}`,
    status: i % 3 === 0 ? 'pending' : 'confirmed',
    timestamp: startTime - 100_000 + i * 1_000,
    amount: i,
  })),
);

// --- guide example ---
// Use indexes
await context.database.createIndex('transactions', {
  hash: 1,
  timestamp: -1
});

// Efficient queries
const result = await context.database.transactions
  .find({
    timestamp: { $gt: startTime },
    status: 'confirmed'
  })
  .select('hash status timestamp')
  .limit(100)
  .sort({ timestamp: -1 });
// --- end of guide example ---

export { result, startTime };
