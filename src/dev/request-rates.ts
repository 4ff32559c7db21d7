// Per function, the requests of the current window (a second) when request lines are held back:
// how many, how many failed, p99, and how many lines were not shown, for the one summary line a
// second that stands in for them ("hello: 8,412 req/s, p99 3.1 ms, 0 errors; 8,392 lines not shown").
// Recording is a few additions and one push per request; the window is sorted once when it closes.
import type { RequestEvent } from '../host/events.js';

export interface RequestRateSummary {
  functionName: string;
  /** Requests in the window, shown or not. */
  requests: number;
  /** Length of the window in seconds. */
  seconds: number;
  /** Answers with status 500 and up (each was shown). */
  errors: number;
  /** Answers with status 400 to 499. */
  clientErrors: number;
  /** Milliseconds, nearest rank over the window's requests. */
  p99: number;
  /** Request lines of the window that were not shown. */
  hidden: number;
}

interface WindowCounts {
  requests: number;
  errors: number;
  clientErrors: number;
  hidden: number;
  durations: number[];
}

/** The name a request is counted under: its function, or its method and path when it has none. */
export function requestOwner(event: RequestEvent): string {
  return event.functionName ?? `${event.method} ${event.path}`;
}

export class RequestRates {
  private windows = new Map<string, WindowCounts>();
  private windowStart: number;

  constructor(now: number) {
    this.windowStart = now;
  }

  /** Counts an answered request; `shown`: whether its line was printed. */
  record(event: RequestEvent, shown: boolean): void {
    const owner = requestOwner(event);
    let counts = this.windows.get(owner);
    if (counts === undefined) {
      counts = { requests: 0, errors: 0, clientErrors: 0, hidden: 0, durations: [] };
      this.windows.set(owner, counts);
    }
    counts.requests++;
    if (event.status >= 500) counts.errors++;
    else if (event.status >= 400) counts.clientErrors++;
    if (!shown) counts.hidden++;
    counts.durations.push(event.durationMs);
  }

  /** Ends the window at `now`: the summaries of the functions whose lines were held back (others need none), in the order they first came. */
  close(now: number): RequestRateSummary[] {
    // To a tenth of a second, as a person would time it: a window the timer closed a millisecond late
    // is still a second (so "8,412 req/s" never reads below the lines it accounts for).
    const seconds = Math.max(0.1, Math.round((now - this.windowStart) / 100) / 10);
    const summaries: RequestRateSummary[] = [];
    for (const [functionName, counts] of this.windows) {
      if (counts.hidden === 0) continue;
      summaries.push({ functionName, requests: counts.requests, seconds, errors: counts.errors, clientErrors: counts.clientErrors, p99: p99Of(counts.durations), hidden: counts.hidden });
    }
    this.windows = new Map();
    this.windowStart = now;
    return summaries;
  }
}

function p99Of(durations: number[]): number {
  if (durations.length === 0) return 0;
  const sorted = Float64Array.from(durations).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
}

/** `8,412`: digits grouped by three (without the cost of Intl on first use). */
const count = (value: number): string => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "hello: 8,412 req/s, p99 3.1 ms, 0 errors; 8,392 lines not shown" (", 12 4xx" when some answered 4xx). */
export function rateSummaryText(summary: RequestRateSummary): string {
  const rate = summary.requests / summary.seconds;
  const clientErrors = summary.clientErrors > 0 ? `, ${count(summary.clientErrors)} 4xx` : '';
  const errors = `${count(summary.errors)} ${summary.errors === 1 ? 'error' : 'errors'}`;
  const lines = `${count(summary.hidden)} ${summary.hidden === 1 ? 'line' : 'lines'} not shown`;
  return `${summary.functionName}: ${count(rate)} req/s, p99 ${summary.p99.toFixed(1)} ms, ${errors}${clientErrors}; ${lines}`;
}
