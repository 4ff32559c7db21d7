// The guide's example "Monitoring 1. Performance Metrics", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// Track execution time
const timer = context.metrics.startTimer();
try {
  // Function logic
} finally {
  const duration = timer.end();
  context.metrics.histogram('function.duration', duration);
}

// Track resource usage
context.metrics.gauge('function.memory', process.memoryUsage().heapUsed);
context.metrics.gauge('function.cpu', process.cpuUsage().user);
// --- end of guide example ---

export { timer };
