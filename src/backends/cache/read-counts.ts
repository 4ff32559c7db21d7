// Cache reads counted per level: a read (get, has) that finds the key is a hit, one that finds
// nothing (absent or expired) a miss. Plain integers the levels bump as they answer; whoever owns
// the counts (an instance) reads and resets them. Failed reads (bad key, Redis unavailable) count
// as neither.

export interface CacheReadCounts {
  hits: number;
  misses: number;
}

export function createReadCounts(): CacheReadCounts {
  return { hits: 0, misses: 0 };
}
