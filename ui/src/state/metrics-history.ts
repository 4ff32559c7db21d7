// Per-function series for the charts, derived from the host's `metrics` events (one a second):
// requests per second and errors per second from the difference of two summaries' counters,
// p50/p99 as reported. A counter that falls (the host restarted) counts as a fresh start.
import type { FunctionSummary } from './host-types.js';

export interface MetricsSample {
  /** Epoch seconds (uPlot's x unit). */
  time: number;
  rps: number;
  errorsPerSecond: number;
  p50: number;
  p99: number;
}

export interface FunctionHistory {
  samples: MetricsSample[];
  /** The counters of the last summary, to difference the next one against. */
  last?: { time: number; requests: number; errors: number };
}

export type MetricsHistory = Readonly<Record<string, FunctionHistory>>;

/** Five minutes of one-second samples. */
export const HISTORY_WINDOW_SECONDS = 300;

function rate(now: number, before: number, seconds: number): number {
  if (seconds <= 0 || now < before) return 0;
  return (now - before) / seconds;
}

/** The history with one more metrics event (time in epoch milliseconds); samples older than the window are dropped. */
export function addMetrics(history: MetricsHistory, time: number, functions: readonly FunctionSummary[]): MetricsHistory {
  const next: Record<string, FunctionHistory> = {};
  const cutoff = time / 1000 - HISTORY_WINDOW_SECONDS;
  for (const summary of functions) {
    const previous = history[summary.name];
    const last = previous?.last;
    const samples = previous ? previous.samples.filter((sample) => sample.time >= cutoff) : [];
    if (last !== undefined && time > last.time) {
      const seconds = (time - last.time) / 1000;
      samples.push({
        time: time / 1000,
        rps: rate(summary.requests, last.requests, seconds),
        errorsPerSecond: rate(summary.errors, last.errors, seconds),
        p50: summary.p50,
        p99: summary.p99,
      });
    }
    next[summary.name] = { samples, last: { time, requests: summary.requests, errors: summary.errors } };
  }
  return next;
}

/** The latest requests per second of a function (0 before two metrics events). */
export function currentRps(history: MetricsHistory, name: string): number {
  const samples = history[name]?.samples;
  return samples && samples.length > 0 ? samples[samples.length - 1]!.rps : 0;
}
