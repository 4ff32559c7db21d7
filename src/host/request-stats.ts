// Per-function request counts and latency percentiles over a recent window (the dashboard's and
// /_neosl/functions' requests, errors, p50, p99). `errors` also counts faults that failed no request
// (an instance lost to an exception after its answer): they are errors of the function all the same.
// Requests a bench run sent (marked with the x-neosl-bench header) are counted apart, in `bench`: a
// load test must not become the session's p50/p99 and request count, and the bench still reads
// the server side of its own traffic.
import { Histogram } from '../sdk/observability/histogram.js';

export interface TrafficSummary {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
}

class Traffic {
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

export class RequestStats {
  requests = 0;
  errors = 0;
  /** Faults outside any request, included in `errors`. */
  faults = 0;
  private readonly own = new Traffic();
  private readonly bench = new Traffic();

  /** One answered request; `fromBench`: it carried the bench mark (counted apart). */
  record(durationMs: number, failed: boolean, fromBench = false): void {
    if (fromBench) {
      this.bench.record(durationMs, failed);
      return;
    }
    this.own.record(durationMs, failed);
    this.requests++;
    if (failed) this.errors++;
  }

  /** A fault that failed no request (one that did is counted by that request's record). */
  recordFault(): void {
    this.faults++;
    this.errors++;
  }

  /** The session's own requests (bench traffic excluded). */
  percentiles(): { p50: number; p99: number } {
    return this.own.percentiles();
  }

  /** The bench traffic's counts and latency; undefined when no bench has loaded the function. */
  benchSummary(): TrafficSummary | undefined {
    if (this.bench.requests === 0) return undefined;
    return { requests: this.bench.requests, errors: this.bench.errors, ...this.bench.percentiles() };
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
