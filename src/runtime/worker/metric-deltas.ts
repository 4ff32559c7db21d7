// An instance's metric updates since it last reported them, aggregated where the function records
// them: each counter's sum, each gauge's last value, every histogram sample. They reach the host's
// registry (runtime.metricsSnapshot, /_neosl/metrics) as one MetricsDelta on the next message the
// instance sends, however many updates a turn made, and whether or not anyone follows the updates
// one by one (the 'metrics' event).
import type { MetricsDelta } from '../protocol.js';

export class MetricDeltas {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, number>();
  private readonly histograms = new Map<string, number[]>();
  /** Histogram samples held since the last take: the owner sends them early past a bound. */
  samples = 0;

  increment(name: string, value: number): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + value);
  }

  gauge(name: string, value: number): void {
    this.gauges.set(name, value);
  }

  histogram(name: string, value: number): void {
    const samples = this.histograms.get(name);
    if (samples === undefined) this.histograms.set(name, [value]);
    else samples.push(value);
    this.samples++;
  }

  /** The updates since the last take (and forgets them), or undefined when there were none. */
  take(): MetricsDelta | undefined {
    const { counters, gauges, histograms } = this;
    if (counters.size === 0 && gauges.size === 0 && histograms.size === 0) return undefined;
    const delta: MetricsDelta = {};
    if (counters.size > 0) delta.counters = [...counters];
    if (gauges.size > 0) delta.gauges = [...gauges];
    if (histograms.size > 0) delta.histograms = [...histograms];
    counters.clear();
    gauges.clear();
    histograms.clear();
    this.samples = 0;
    return delta;
  }
}
