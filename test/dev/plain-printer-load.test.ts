// The plain lines of `neosl dev --no-dashboard` and `neosl serve` under load: request lines come at a
// rate a person can read, one line a second per function says how many there were and how they went,
// and every failed request and every log line is still printed. At a person's pace, every line.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostEventMap, RequestEvent } from '../../src/host/events.js';
import { printNdjson, printPlainLines } from '../../src/dev/plain-printer.js';
import { createColors } from '../../src/output/colors.js';

const plain = createColors(false);

function printer() {
  const events = new EventEmitter<HostEventMap>();
  let text = '';
  const detach = printPlainLines(events, (line) => (text += line), plain);
  return { events, detach, text: () => text };
}

function request(index: number, overrides: Partial<RequestEvent> = {}): RequestEvent {
  return { type: 'request', time: Date.now(), requestId: `r${index}`, functionName: 'hello', method: 'POST', path: '/functions/hello', status: 200, durationMs: 1 + (index % 10) / 10, coldStart: false, ...overrides };
}

const linesMatching = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));
const hiddenCounts = (text: string) => [...text.matchAll(/hello: [\d,]+ req\/s.*; ([\d,]+) lines? not shown/g)].map((match) => Number(match[1]!.replaceAll(',', '')));

describe('plain lines under load', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-01-01T10:00:00.000Z') }));
  afterEach(() => vi.useRealTimers());

  it('prints a bounded number of request lines for 5,000 requests in a second, a summary with the true count, and every error and log line', () => {
    const { events, text, detach } = printer();
    let sent = 0;
    let failed = 0;
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 5; i++) {
        const index = sent++;
        if (index % 500 === 499) {
          failed++;
          events.emit('request', request(index, { status: 500, errorCode: 'FUNCTION_ERROR' }));
        } else events.emit('request', request(index));
        if (index % 50 === 0) events.emit('log', { type: 'log', record: { level: 'warn', message: `slow upstream ${index}`, time: Date.now(), requestId: `r${index}`, functionName: 'hello', fields: {} } });
      }
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(10);
    const output = text();
    expect(sent).toBe(5000);
    const okLines = linesMatching(output, /POST \/functions\/hello 200 /);
    const errorLines = linesMatching(output, /POST \/functions\/hello 500 .*FUNCTION_ERROR/);
    // A burst of 20, then 20 a second: nowhere near one line per request.
    expect(okLines.length).toBeGreaterThan(0);
    expect(okLines.length).toBeLessThanOrEqual(41);
    // Every failed request is printed, and every warning.
    expect(errorLines.length).toBe(failed);
    expect(linesMatching(output, /\[hello\] WARN {2}slow upstream \d+/).length).toBe(100);
    // One summary for the second, with the true numbers: what was shown and what was not add up.
    const summaries = linesMatching(output, /hello: [\d,]+ req\/s/);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} hello: 5,000 req\/s, p99 1\.9 ms, 10 errors; [\d,]+ lines not shown$/);
    expect(okLines.length + errorLines.length + hiddenCounts(output)[0]!).toBe(5000);
    detach();
  });

  it('keeps the summaries per function, one a second while the load lasts', () => {
    const { events, text, detach } = printer();
    for (let ms = 0; ms < 3000; ms++) {
      events.emit('request', request(ms));
      events.emit('request', request(ms, { functionName: 'prices', path: '/prices', method: 'GET', status: ms % 2 === 0 ? 200 : 404, errorCode: ms % 2 === 0 ? undefined : 'NOT_FOUND' }));
      vi.advanceTimersByTime(1);
    }
    detach();
    const output = text();
    expect(linesMatching(output, /hello: 1,000 req\/s, p99 [\d.]+ ms, 0 errors; [\d,]+ lines not shown/).length).toBe(3);
    expect(linesMatching(output, /prices: 1,000 req\/s, p99 [\d.]+ ms, 0 errors, 500 4xx; [\d,]+ lines not shown/).length).toBe(3);
    const shown = linesMatching(output, / \/(functions\/hello|prices) (200|404) /).length;
    const hidden = [...output.matchAll(/; ([\d,]+) lines? not shown/g)].reduce((sum, match) => sum + Number(match[1]!.replaceAll(',', '')), 0);
    expect(shown + hidden).toBe(6000);
    // Lines keep coming while the load lasts (samples), not only at the start.
    expect(linesMatching(output, /^10:00:02\.\d{3} (POST|GET) /).length).toBeGreaterThan(0);
  });

  it('at a person\'s pace prints every request line as it comes, and no summary', () => {
    const { events, text, detach } = printer();
    for (let index = 0; index < 30; index++) {
      events.emit('request', request(index, { durationMs: 2.25, coldStart: index === 0 }));
      vi.advanceTimersByTime(700);
    }
    detach();
    const output = text();
    expect(linesMatching(output, /POST \/functions\/hello 200 2\.3 ms/)).toHaveLength(30);
    // Exactly the line of old: time, method, path, status, duration, cold start.
    expect(output.split('\n')[0]).toBe('10:00:00.000 POST /functions/hello 200 2.3 ms (cold)');
    expect(output).not.toContain('not shown');
  });

  it('shows a page\'s burst of 20 requests in full', () => {
    const { events, text, detach } = printer();
    for (let index = 0; index < 20; index++) events.emit('request', request(index));
    detach();
    expect(linesMatching(text(), /POST \/functions\/hello 200/)).toHaveLength(20);
    expect(text()).not.toContain('not shown');
  });
});

describe('NDJSON (--json) under load', () => {
  it('keeps one request event per request: machines read it', () => {
    const events = new EventEmitter<HostEventMap>();
    let text = '';
    const detach = printNdjson(events, (line) => (text += line));
    for (let index = 0; index < 5000; index++) events.emit('request', request(index));
    detach();
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5000);
    expect((JSON.parse(lines[4999]!) as RequestEvent).requestId).toBe('r4999');
  });
});
