import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/bench/latency-histogram.js';

describe('LatencyHistogram', () => {
  it('reads percentiles to within the bucket width: 10 µs below 10 ms, 0.1 ms below 100 ms, 1 ms above', () => {
    const histogram = new LatencyHistogram();
    // 1..1000 × 0.3 ms: p50 150 ms, p90 270 ms, p99 297 ms (1 ms buckets there).
    for (let i = 1; i <= 1000; i++) histogram.record(i * 0.3);
    const summary = histogram.summary();
    expect(summary.p50).toBeCloseTo(150, -0.5);
    expect(Math.abs(summary.p90 - 270)).toBeLessThanOrEqual(1);
    expect(Math.abs(summary.p99 - 297)).toBeLessThanOrEqual(1);
    expect(summary.max).toBe(300);
    expect(summary.average).toBeCloseTo(150.15, 2);

    const fast = new LatencyHistogram();
    for (let i = 0; i < 100; i++) fast.record(0.25 + i * 0.001);
    expect(Math.abs(fast.summary().p50 - 0.3)).toBeLessThanOrEqual(0.01);
    expect(fast.summary().p99).toBeLessThanOrEqual(fast.summary().max);
  });

  it('adds another histogram and resets to empty', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 90; i++) a.record(1);
    for (let i = 0; i < 10; i++) b.record(50);
    a.add(b);
    expect(a.summary()).toMatchObject({ p50: 1.005, p90: 1.005, p99: 50, max: 50 });
    a.reset();
    expect(a.summary()).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, average: 0 });
  });

  it('keeps answers slower than 10 s in the last bucket, with their exact max', () => {
    const histogram = new LatencyHistogram();
    histogram.record(12_345);
    expect(histogram.summary()).toMatchObject({ p50: 10_000, max: 12_345 });
  });
});
