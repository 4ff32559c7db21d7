// The instance's cache reads, counted per level by the levels themselves (plain integer bumps, see
// backends/cache/read-counts.ts) and handed to the host as deltas on messages it sends anyway: a
// request that reads no cache pays four comparisons, no allocation and no message field.
import { createReadCounts, type CacheReadCounts } from '../../backends/cache/read-counts.js';
import type { CacheReadDelta } from '../protocol.js';

export class CacheReads {
  /** Given to the memory level. */
  readonly memory: CacheReadCounts = createReadCounts();
  /** Given to the redis level, context.cache's own get/has and createClient's clients. */
  readonly redis: CacheReadCounts = createReadCounts();

  /** The reads since the last take (and zeroes the counts), or undefined when there were none. */
  take(): CacheReadDelta | undefined {
    const { memory, redis } = this;
    if (memory.hits === 0 && memory.misses === 0 && redis.hits === 0 && redis.misses === 0) return undefined;
    const delta: CacheReadDelta = [memory.hits, memory.misses, redis.hits, redis.misses];
    memory.hits = memory.misses = redis.hits = redis.misses = 0;
    return delta;
  }
}
