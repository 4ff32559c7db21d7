// The guide's example "Database 2. Connection Pooling", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// Configure connection pool
const pool = await context.database.createPool({
  min: 5,
  max: 20,
  idleTimeoutMillis: 30000
});

// Use pooled connection
async function executeQuery(query: string, params: any[]) {
  const client = await pool.connect();
  try {
    return await client.query(query, params);
  } finally {
    client.release();
  }
}
// --- end of guide example ---

export { pool, executeQuery };
