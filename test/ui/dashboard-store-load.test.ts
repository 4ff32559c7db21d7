// The dev dashboard's store under load: request lines at a rate a person reads (the lines held back
// still take their ids, so the view says how many it did not show), requests per second per function
// for the table, and every failed request and log line still in the stream. At a person's pace, every line.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FunctionSummary, HostEventMap, RequestEvent } from '../../src/host/events.js';
import { createDashboardStore } from '../../src/ui/dashboard-store.js';

function summary(name: string): FunctionSummary {
  return { name, routes: [], state: 'ready', version: 1, instances: 1, requests: 0, errors: 0, p50: 1, p99: 2, coldStarts: 0, cache: { hits: 0, misses: 0, hitRate: null } };
}

function request(index: number, overrides: Partial<RequestEvent> = {}): RequestEvent {
  return { type: 'request', time: Date.now(), requestId: `r${index}`, functionName: 'hello', method: 'POST', path: '/functions/hello', status: 200, durationMs: 1, coldStart: false, ...overrides };
}

describe('dashboard store under load', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps a few sampled request lines of 5,000 in a second, every error and log line, and the rate', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events, { maxLines: 10_000 });
    events.emit('metrics', { type: 'metrics', time: Date.now(), functions: [summary('hello')], rssBytes: 1 });
    let failed = 0;
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 5; i++) {
        const index = ms * 5 + i;
        if (index % 500 === 499) {
          failed++;
          events.emit('request', request(index, { status: 502, errorCode: 'INSTANCE_CRASHED' }));
        } else events.emit('request', request(index));
        if (index % 100 === 0) events.emit('log', { type: 'log', record: { level: 'warn', message: `retrying ${index}`, time: Date.now(), requestId: `r${index}`, functionName: 'hello', fields: {} } });
      }
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    const snapshot = store.getSnapshot();
    const requestLines = snapshot.lines.filter((line) => / POST \/functions\/hello 200 /.test(line.text));
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.length).toBeLessThanOrEqual(40);
    expect(snapshot.lines.filter((line) => / 502 .*INSTANCE_CRASHED/.test(line.text))).toHaveLength(failed);
    expect(snapshot.lines.filter((line) => line.text.includes('[hello] warn retrying'))).toHaveLength(50);
    // Every request took an id: the ids the stream skips are the lines it did not show.
    const lastId = snapshot.lines.at(-1)!.id;
    expect(lastId).toBe(5000 + 50);
    expect(snapshot.functions[0]?.requests).toBe(5000);
    expect(snapshot.functions[0]?.errors).toBe(failed);
    expect(snapshot.requestRates.hello).toBeGreaterThan(4000);
    store.dispose();
  });

  it('at a person\'s pace keeps every request line, in order, with consecutive ids', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    for (let index = 0; index < 40; index++) {
      events.emit('request', request(index, { path: `/functions/hello?n=${index}` }));
      vi.advanceTimersByTime(500);
    }
    const { lines } = store.getSnapshot();
    expect(lines.map((line) => line.id)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(lines[39]!.text).toMatch(/POST \/functions\/hello\?n=39 200 1\.0ms hello$/);
    store.dispose();
  });
});
