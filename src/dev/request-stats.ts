// Per-function request counts and latency percentiles over a recent window (the dashboard's and
// /_neosl/functions' requests, errors, p50, p99).
import { Histogram } from '../sdk/observability/histogram.js';

export class RequestStats {
  requests = 0;
  errors = 0;
  private readonly latency = new Histogram(1024);

  record(durationMs: number, failed: boolean): void {
    this.requests++;
    if (failed) this.errors++;
    this.latency.record(durationMs);
  }

  percentiles(): { p50: number; p99: number } {
    const summary = this.latency.summary();
    return { p50: round(summary.p50), p99: round(summary.p99) };
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
