// Per-function request counts and latency percentiles over a recent window (the dashboard's and
// /_neosl/functions' requests, errors, p50, p99). `errors` also counts faults that failed no request
// (an instance lost to an exception after its answer): they are errors of the function all the same.
import { Histogram } from '../sdk/observability/histogram.js';

export class RequestStats {
  requests = 0;
  errors = 0;
  /** Faults outside any request, included in `errors`. */
  faults = 0;
  private readonly latency = new Histogram(1024);

  record(durationMs: number, failed: boolean): void {
    this.requests++;
    if (failed) this.errors++;
    this.latency.record(durationMs);
  }

  /** A fault that failed no request (one that did is counted by that request's record). */
  recordFault(): void {
    this.faults++;
    this.errors++;
  }

  percentiles(): { p50: number; p99: number } {
    const summary = this.latency.summary();
    return { p50: round(summary.p50), p99: round(summary.p99) };
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
