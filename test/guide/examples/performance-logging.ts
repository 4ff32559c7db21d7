// The guide's example "Monitoring 3. Performance Logging", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// fill-in: the values the snippet logs.
const startTime = performance.now();
const duration = 250;
const threshold = 100;

// --- guide example ---
// Log performance data
context.logger.info('Performance metrics', {
  duration: performance.now() - startTime,
  memory: process.memoryUsage(),
  cpu: process.cpuUsage()
});

// Log slow operations
if (duration > threshold) {
  context.logger.warn('Slow operation detected', {
    operation: 'processRequest',
    duration,
    threshold
  });
}
// --- end of guide example ---
