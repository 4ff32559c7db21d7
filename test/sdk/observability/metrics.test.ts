import { describe, expect, it, vi } from 'vitest';
import { MetricsRegistry } from '../../../src/sdk/observability/metrics.js';
import { toPrometheusText } from '../../../src/sdk/observability/prometheus.js';

describe('context.metrics', () => {
  it('counts, keeps the last gauge value and summarises histograms with p50/p90/p99', () => {
    const metrics = new MetricsRegistry();
    metrics.increment('cache.hit');
    metrics.increment('cache.hit', 2);
    metrics.gauge('memory', 10);
    metrics.gauge('memory', 7);
    for (let value = 1; value <= 100; value++) metrics.histogram('latency', value);
    const snapshot = metrics.snapshot();
    expect(snapshot.counters).toEqual({ 'cache.hit': 3 });
    expect(snapshot.gauges).toEqual({ memory: 7 });
    expect(snapshot.histograms.latency).toEqual({ count: 100, sum: 5050, min: 1, max: 100, p50: 50, p90: 90, p99: 99 });
  });

  it('keeps exact count and sum but bounds the samples behind the percentiles', () => {
    const metrics = new MetricsRegistry();
    for (let i = 0; i < 10_000; i++) metrics.histogram('latency', i < 5_000 ? 1000 : 1);
    const summary = metrics.snapshot().histograms.latency!;
    expect(summary.count).toBe(10_000);
    expect(summary.max).toBe(1000);
    // The recent window holds only the fast samples: the tail reflects now, not the start.
    expect(summary.p99).toBe(1);
  });

  it('times in milliseconds, and end() is stable once called', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const metrics = new MetricsRegistry();
      const timer = metrics.startTimer();
      vi.advanceTimersByTime(120);
      const duration = timer.end();
      expect(duration).toBeCloseTo(120, 0);
      vi.advanceTimersByTime(50);
      expect(timer.end()).toBe(duration);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects values that are not finite numbers, naming the metric', () => {
    const metrics = new MetricsRegistry();
    expect(() => metrics.gauge('heap', Number.NaN)).toThrow(/metric "heap".*NaN/);
    expect(() => metrics.increment('', 1)).toThrow(/non-empty string/);
  });

  it('exports Prometheus text with one TYPE line per family and labels per function', () => {
    const a = new MetricsRegistry();
    a.increment('cache.l1.hit', 4);
    a.histogram('function.duration', 5);
    const b = new MetricsRegistry();
    b.increment('cache.l1.hit');
    b.gauge('queue-depth', 3);
    const text = toPrometheusText([
      { labels: { function: 'hello' }, snapshot: a.snapshot() },
      { labels: { function: 'say"hi' }, snapshot: b.snapshot() },
    ], 'neosl_fn_');
    expect(text).toContain('# TYPE neosl_fn_cache_l1_hit_total counter\nneosl_fn_cache_l1_hit_total{function="hello"} 4\nneosl_fn_cache_l1_hit_total{function="say\\"hi"} 1\n');
    expect(text).toContain('# TYPE neosl_fn_queue_depth gauge\nneosl_fn_queue_depth{function="say\\"hi"} 3\n');
    expect(text).toContain('neosl_fn_function_duration{function="hello",quantile="0.99"} 5\n');
    expect(text).toContain('neosl_fn_function_duration_count{function="hello"} 1\n');
    expect(text.match(/# TYPE neosl_fn_cache_l1_hit_total/g)).toHaveLength(1);
  });
});
