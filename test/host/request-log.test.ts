// The web console's request log: captures only while watched, keeps the last N newest first,
// filters, cuts big bodies (a 64 KiB preview, 1 MiB kept), redacts credentials and secret values,
// drops the oldest past its body budget, and leaves bench traffic out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '../../src/host/events.js';
import { KEPT_BODIES_BUDGET, MAX_KEPT_BYTES, PREVIEW_BYTES, REDACTED, RequestLog, WATCH_AFTER_READ_MS } from '../../src/host/request-log.js';

let counter = 0;
function event(overrides: Partial<RequestEvent> = {}): RequestEvent {
  counter++;
  return { type: 'request', time: 1_000 + counter, requestId: `r${counter}`, functionName: 'hello', method: 'POST', path: '/functions/hello', status: 200, durationMs: 1.5, coldStart: false, ...overrides };
}

afterEach(() => vi.useRealTimers());

describe('request log', () => {
  it('keeps the last requests newest first, within its capacity, and forgets the evicted ones', () => {
    const log = new RequestLog({ capacity: 3 });
    const ids = [1, 2, 3, 4, 5].map(() => {
      const added = event();
      log.add(added, { input: '{}', output: '{"ok":true}' });
      return added.requestId;
    });
    expect(log.list().map((summary) => summary.requestId)).toEqual([ids[4], ids[3], ids[2]]);
    expect(log.detail(ids[0]!)).toBeUndefined();
    expect(log.detail(ids[4]!)).toMatchObject({ requestId: ids[4], status: 200, input: { text: '{}', truncated: false, bytes: 2 }, output: { text: '{"ok":true}', bytes: 11 } });
    expect(log.list({ limit: 2 })).toHaveLength(2);
  });

  it('filters by function and by status class or code', () => {
    const log = new RequestLog();
    log.add(event({ functionName: 'a', status: 200 }), undefined);
    log.add(event({ functionName: 'b', status: 404, errorCode: 'FUNCTION_NOT_FOUND' }), undefined);
    log.add(event({ functionName: 'a', status: 500, errorCode: 'FUNCTION_ERROR' }), undefined);
    log.add(event({ functionName: 'a', status: 201 }), undefined);
    expect(log.list({ functionName: 'a' }).map((summary) => summary.status)).toEqual([201, 500, 200]);
    expect(log.list({ status: '2xx' }).map((summary) => summary.status)).toEqual([201, 200]);
    expect(log.list({ status: '5xx' })).toMatchObject([{ status: 500, errorCode: 'FUNCTION_ERROR' }]);
    expect(log.list({ status: '404' })).toMatchObject([{ functionName: 'b' }]);
    expect(log.list({ functionName: 'a', status: '4xx' })).toEqual([]);
  });

  it('shows the first 64 KiB of a body, all of the first MiB with full, and says it was cut', () => {
    const log = new RequestLog();
    const big = `"${'é'.repeat(MAX_KEPT_BYTES)}"`; // 2 MiB and 2 bytes of UTF-8
    const added = event();
    log.add(added, { input: big, output: 'small' });
    const preview = log.detail(added.requestId)!;
    expect(preview.input.bytes).toBe(Buffer.byteLength(big));
    expect(preview.input.truncated).toBe(true);
    expect(Buffer.byteLength(preview.input.text)).toBeLessThanOrEqual(PREVIEW_BYTES);
    expect(Buffer.byteLength(preview.input.text)).toBeGreaterThan(PREVIEW_BYTES - 4);
    expect(preview.input.text).not.toContain('\uFFFD');
    expect(preview.output).toEqual({ text: 'small', truncated: false, bytes: 5 });

    const full = log.detail(added.requestId, true)!;
    expect(full.input.truncated).toBe(true);
    expect(Buffer.byteLength(full.input.text)).toBeGreaterThan(MAX_KEPT_BYTES - 4);
    expect(Buffer.byteLength(full.input.text)).toBeLessThanOrEqual(MAX_KEPT_BYTES);
    expect(big.startsWith(full.input.text)).toBe(true);

    const medium = event();
    const text = 'x'.repeat(PREVIEW_BYTES + 10);
    log.add(medium, { input: text, output: '' });
    expect(log.detail(medium.requestId)!.input).toMatchObject({ truncated: true, bytes: PREVIEW_BYTES + 10 });
    expect(log.detail(medium.requestId, true)!.input).toEqual({ text, truncated: false, bytes: PREVIEW_BYTES + 10 });
  });

  it('never shows credentials: secret headers, and secret values in bodies, headers, logs and errors', () => {
    const secret = 'sk-live-0123456789';
    const log = new RequestLog({ secrets: () => [secret, 'abc'] });
    const added = event({ status: 500, errorCode: 'FUNCTION_ERROR' });
    log.add(added, {
      input: `{"key":"${secret}"}`,
      output: '{"error":{}}',
      requestHeaders: { authorization: 'Bearer neosl_abc', cookie: 'sid=1', 'x-neosl-token': 't', 'x-api-key': 'k', 'x-session-id': 's', 'content-type': 'application/json', 'x-echo': secret },
      responseHeaders: { 'set-cookie': ['a=1', 'b=2'], 'content-type': 'application/json', 'x-request-count': 3 },
      logs: [{ level: 'info', message: `using ${secret}`, time: 5, requestId: added.requestId, functionName: 'hello', fields: {} }],
      error: { code: 'FUNCTION_ERROR', message: `bad key ${secret}`, stack: `Error: bad key ${secret}\n    at handler (src/index.ts:3:9)` },
    });
    const detail = log.detail(added.requestId)!;
    const text = JSON.stringify(detail);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('neosl_abc');
    expect(text).not.toContain('sid=1');
    expect(detail.requestHeaders).toMatchObject({ authorization: REDACTED, cookie: REDACTED, 'x-neosl-token': REDACTED, 'x-api-key': REDACTED, 'x-session-id': REDACTED, 'content-type': 'application/json', 'x-echo': REDACTED });
    expect(detail.responseHeaders).toEqual({ 'set-cookie': REDACTED, 'content-type': 'application/json', 'x-request-count': '3' });
    expect(detail.logs).toEqual([{ time: 5, level: 'info', message: `using ${REDACTED}` }]);
    expect(detail.error).toEqual({ code: 'FUNCTION_ERROR', message: `bad key ${REDACTED}`, stack: `Error: bad key ${REDACTED}\n    at handler (src/index.ts:3:9)` });
    // A value too short to be a credential is not scrubbed from ordinary text.
    expect(detail.input.text).toBe(`{"key":"${REDACTED}"}`);
  });

  it('drops the oldest requests when their bodies pass the budget, keeping the newest', () => {
    const log = new RequestLog();
    const body = 'y'.repeat(MAX_KEPT_BYTES);
    const count = Math.ceil(KEPT_BODIES_BUDGET / MAX_KEPT_BYTES) + 5;
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const added = event();
      ids.push(added.requestId);
      log.add(added, { input: body, output: '' });
    }
    const kept = log.list({ limit: 500 }).map((summary) => summary.requestId);
    expect(kept.length).toBeLessThan(count);
    expect(kept[0]).toBe(ids.at(-1));
    expect(log.detail(ids[0]!)).toBeUndefined();
  });

  it('leaves out requests sent by a bench', () => {
    const log = new RequestLog();
    log.add(event({ bench: true }), { input: '', output: '' });
    expect(log.list()).toEqual([]);
  });

  it('watches while an events client takes requests, and for a minute after the routes were read', () => {
    vi.useFakeTimers();
    const changes: boolean[] = [];
    const log = new RequestLog({ onWatchingChange: (watching) => changes.push(watching) });
    expect(log.watching).toBe(false);
    log.setWatchers(1);
    log.setWatchers(0);
    expect(changes).toEqual([true, false]);

    log.touch();
    expect(log.watching).toBe(true);
    vi.advanceTimersByTime(WATCH_AFTER_READ_MS / 2);
    log.touch();
    vi.advanceTimersByTime(WATCH_AFTER_READ_MS / 2 + 10);
    expect(log.watching).toBe(true);
    vi.advanceTimersByTime(WATCH_AFTER_READ_MS);
    expect(log.watching).toBe(false);
    expect(changes).toEqual([true, false, true, false]);
    log.close();
  });
});
