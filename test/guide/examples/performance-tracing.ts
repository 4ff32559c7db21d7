// The guide's example "Monitoring 2. Performance Tracing", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// fill-in: the request input the snippet measures.
const input = 'twelve chars';

// --- guide example ---
// Start performance trace
const trace = context.tracer.startSpan('processRequest');

try {
  // Add trace attributes
  trace.setAttribute('input.size', input.length);
  
  // Create child span
  const dbSpan = context.tracer.startSpan('database.query', {
    parent: trace
  });
  
  try {
    await context.database.query('SELECT 1' /* ... */);
  } finally {
    dbSpan.end();
  }
} finally {
  trace.end();
}
// --- end of guide example ---

export { trace };
