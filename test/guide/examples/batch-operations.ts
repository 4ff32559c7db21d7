// The guide's example "Database 3. Batch Operations", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// Batch inserts
async function batchInsert(records: any[]) {
  const batchSize = 1000;
  for (let i = 0; i < records.length; i += batchSize) {
    const batch = records.slice(i, i + batchSize);
    await context.database.collection.insertMany(batch, {
      ordered: false
    });
  }
}

// Batch updates
async function batchUpdate(updates: any[]) {
  const operations = updates.map(update => ({
    updateOne: {
      filter: { id: update.id },
      update: { $set: update }
    }
  }));

  await context.database.collection.bulkWrite(operations, {
    ordered: false
  });
}
// --- end of guide example ---

export { batchInsert, batchUpdate };
