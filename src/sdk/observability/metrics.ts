// context.metrics: counters, gauges and histograms of one function, kept in a registry that lives
// as long as its instance; snapshots feed the test API, the dashboard and Prometheus.
import type { Metrics, MetricsSnapshot, Timer } from '../context.js';
import { Histogram } from './histogram.js';

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`metric name must be a non-empty string, got ${JSON.stringify(name)}`);
  return name;
}

function checkValue(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`metric "${name}": value must be a finite number, got ${String(value)}`);
  return value;
}

export class MetricsRegistry implements Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, number>();
  private readonly histograms = new Map<string, Histogram>();

  increment(name: string, value = 1): void {
    const key = checkName(name);
    this.counters.set(key, (this.counters.get(key) ?? 0) + checkValue(key, value));
  }

  gauge(name: string, value: number): void {
    const key = checkName(name);
    this.gauges.set(key, checkValue(key, value));
  }

  histogram(name: string, value: number): void {
    const key = checkName(name);
    let histogram = this.histograms.get(key);
    if (!histogram) this.histograms.set(key, (histogram = new Histogram()));
    histogram.record(checkValue(key, value));
  }

  startTimer(): Timer {
    const started = performance.now();
    let ended: number | undefined;
    return { end: () => (ended ??= performance.now() - started) };
  }

  snapshot(): MetricsSnapshot {
    return {
      counters: Object.fromEntries(this.counters),
      gauges: Object.fromEntries(this.gauges),
      histograms: Object.fromEntries([...this.histograms].map(([name, histogram]) => [name, histogram.summary()])),
    };
  }

  reset(): void {
    this.counters.clear();
    this.gauges.clear();
    this.histograms.clear();
  }
}
