// The host's recent-events buffer behind `neosl logs`: every log line and every error is kept, a
// host under load keeps samples of its successful requests (bursts of 100, then 100 a second), a
// quiet host keeps them all, and the ring drops the oldest first.
import { describe, expect, it } from 'vitest';
import type { LogEvent, RequestEvent } from '../../src/host/events.js';
import { KEPT_OK_REQUESTS_PER_SECOND, RecentEvents } from '../../src/serve/recent-events.js';

const start = Date.parse('2026-12-07T12:00:00Z');
let nextId = 0;

function request(time: number, status = 200): RequestEvent {
  return { type: 'request', time, requestId: `r${++nextId}`, functionName: 'hello', method: 'POST', path: '/functions/hello', status, durationMs: 0.4, coldStart: false };
}

function log(time: number, level: 'info' | 'error' = 'info'): LogEvent {
  return { type: 'log', record: { level, message: `line ${++nextId}`, time, requestId: `r${nextId}`, functionName: 'hello', fields: {} } };
}

describe('RecentEvents', () => {
  it('keeps every request of a quiet host, oldest first', () => {
    const recent = new RecentEvents();
    // One request every 100 ms for a minute: 600 requests, far under the rate.
    const sent = Array.from({ length: 600 }, (_, index) => request(start + index * 100));
    for (const event of sent) recent.add(event);
    expect(recent.query().map((event) => (event as RequestEvent).requestId)).toEqual(sent.map((event) => event.requestId));
  });

  it('under load keeps samples of the successful requests, and every error and log line', () => {
    const recent = new RecentEvents();
    const errors: RequestEvent[] = [];
    const logs: LogEvent[] = [];
    // 20,000 requests in 2 s (10,000 a second), one in 100 answered 500, one in 250 a 404, a log line every 50.
    for (let index = 0; index < 20_000; index++) {
      const time = start + index / 10;
      const status = index % 100 === 0 ? 500 : index % 250 === 0 ? 404 : 200;
      const event = request(time, status);
      if (status !== 200) errors.push(event);
      recent.add(event);
      if (index % 50 === 0) {
        const line = log(time, index % 100 === 0 ? 'error' : 'info');
        logs.push(line);
        recent.add(line);
      }
    }
    const kept = recent.query();
    const okKept = kept.filter((event) => event.type === 'request' && event.status === 200);
    // The burst, then the rate over the 2 s: about 300, never thousands.
    expect(okKept.length).toBeGreaterThanOrEqual(KEPT_OK_REQUESTS_PER_SECOND * 2);
    expect(okKept.length).toBeLessThanOrEqual(KEPT_OK_REQUESTS_PER_SECOND * 3 + 1);
    // Samples spread over both seconds, not only the first ones.
    expect(okKept.some((event) => (event as RequestEvent).time >= start + 1500)).toBe(true);
    expect(kept.filter((event) => event.type === 'request' && event.status !== 200)).toEqual(errors);
    expect(kept.filter((event) => event.type === 'log')).toEqual(logs);
    // `neosl logs --status error` sees every 5xx answer and error line.
    expect(recent.query({ status: 'error' })).toHaveLength(errors.filter((event) => event.status >= 500).length + logs.filter((line) => line.record.level === 'error').length);
  });

  it('drops the oldest first once full, and a limit gives the newest', () => {
    const recent = new RecentEvents(10);
    const sent = Array.from({ length: 25 }, (_, index) => request(start + index * 1000, 500));
    for (const event of sent) recent.add(event);
    expect(recent.query()).toEqual(sent.slice(-10));
    expect(recent.query({ limit: 3 })).toEqual(sent.slice(-3));
    expect(recent.query({ since: start + 20_000 })).toEqual(sent.slice(20));
  });
});
