// Response times in fixed buckets: 10 µs wide below 10 ms, 0.1 ms below 100 ms, 1 ms below 10 s.
// Recording is one array increment (it runs for every response of a load test); percentiles are read
// from the counts, exact to the bucket width. (autocannon's own histogram keeps whole milliseconds,
// which reads as "p50 0 ms" for a function that answers in 300 µs.)
import type { LatencySummary } from './events.js';

const FINE_LIMIT = 10;
const MEDIUM_LIMIT = 100;
const COARSE_LIMIT = 10_000;
const FINE_BUCKETS = FINE_LIMIT * 100;
const MEDIUM_BUCKETS = (MEDIUM_LIMIT - FINE_LIMIT) * 10;
const COARSE_BUCKETS = COARSE_LIMIT - MEDIUM_LIMIT;
const BUCKETS = FINE_BUCKETS + MEDIUM_BUCKETS + COARSE_BUCKETS + 1;

function bucketOf(ms: number): number {
  if (ms < FINE_LIMIT) return Math.max(0, Math.floor(ms * 100));
  if (ms < MEDIUM_LIMIT) return FINE_BUCKETS + Math.floor((ms - FINE_LIMIT) * 10);
  if (ms < COARSE_LIMIT) return FINE_BUCKETS + MEDIUM_BUCKETS + Math.floor(ms - MEDIUM_LIMIT);
  return BUCKETS - 1;
}

/** The middle of a bucket, as the value its samples read as. */
function valueOf(bucket: number): number {
  if (bucket < FINE_BUCKETS) return (bucket + 0.5) / 100;
  if (bucket < FINE_BUCKETS + MEDIUM_BUCKETS) return FINE_LIMIT + (bucket - FINE_BUCKETS + 0.5) / 10;
  if (bucket < BUCKETS - 1) return MEDIUM_LIMIT + (bucket - FINE_BUCKETS - MEDIUM_BUCKETS) + 0.5;
  return COARSE_LIMIT;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private count = 0;
  private sum = 0;
  private max = 0;

  record(ms: number): void {
    this.counts[bucketOf(ms)]! += 1;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  add(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.max = 0;
  }

  summary(): LatencySummary {
    if (this.count === 0) return { p50: 0, p90: 0, p99: 0, max: 0, average: 0 };
    const wanted = [0.5, 0.9, 0.99].map((q) => Math.ceil(q * this.count));
    const found: number[] = [];
    let seen = 0;
    for (let i = 0; i < BUCKETS && found.length < wanted.length; i++) {
      seen += this.counts[i]!;
      while (found.length < wanted.length && seen >= wanted[found.length]!) found.push(Math.min(valueOf(i), this.max));
    }
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return { p50: round(found[0]!), p90: round(found[1]!), p99: round(found[2]!), max: round(this.max), average: round(this.sum / this.count) };
  }
}
