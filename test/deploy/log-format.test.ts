// What `neosl logs` lines look like: requests and function logs, their times, and status colours.
import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/output/colors.js';
import { formatEventLine, formatEventTime, isErrorEvent, type LogStreamEvent } from '../../src/deploy/log-format.js';

const plain = createColors(false);
const colored = createColors(true);
const at = Date.parse('2025-03-01T12:34:56.789Z');

const request = (overrides: Partial<Extract<LogStreamEvent, { type: 'request' }>> = {}): LogStreamEvent => ({
  type: 'request',
  time: at,
  requestId: 'r1',
  functionName: 'hello',
  method: 'GET',
  path: '/hello?name=neo',
  status: 200,
  durationMs: 3.25,
  coldStart: false,
  ...overrides,
});

const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): LogStreamEvent => ({
  type: 'log',
  record: { level, message, time: at, requestId: 'r1', functionName: 'hello', fields },
});

describe('request lines', () => {
  it('show the time, function, method and path, status, duration and a cold start', () => {
    expect(formatEventLine(request(), plain, { now: at })).toBe('12:34:56.789 [hello] GET /hello?name=neo 200 3.3 ms');
    expect(formatEventLine(request({ coldStart: true, durationMs: 41 }), plain, { now: at })).toBe('12:34:56.789 [hello] GET /hello?name=neo 200 41.0 ms (cold)');
  });

  it('name the error code of a failed request, and "-" for a path no function serves', () => {
    expect(formatEventLine(request({ status: 500, errorCode: 'FUNCTION_ERROR' }), plain, { now: at })).toBe('12:34:56.789 [hello] GET /hello?name=neo 500 3.3 ms FUNCTION_ERROR');
    expect(formatEventLine(request({ functionName: undefined, path: '/nope', status: 404, errorCode: 'ROUTE_NOT_FOUND' }), plain, { now: at })).toBe('12:34:56.789 [-] GET /nope 404 3.3 ms ROUTE_NOT_FOUND');
  });

  it('colour the status only when colours are on: red 5xx, yellow 4xx, green otherwise', () => {
    expect(formatEventLine(request({ status: 503 }), colored, { now: at })).toContain('\u001b[31m503\u001b[39m');
    expect(formatEventLine(request({ status: 404 }), colored, { now: at })).toContain('\u001b[33m404\u001b[39m');
    expect(formatEventLine(request({ status: 201 }), colored, { now: at })).toContain('\u001b[32m201\u001b[39m');
    expect(formatEventLine(request({ status: 503 }), plain, { now: at })).not.toContain('\u001b');
  });
});

describe('log lines', () => {
  it('show the time, function, level and message, with the fields as JSON', () => {
    expect(formatEventLine(log('info', 'hello neo'), plain, { now: at })).toBe('12:34:56.789 [hello] INFO  hello neo');
    expect(formatEventLine(log('warn', 'slow', { ms: 900 }), plain, { now: at })).toBe('12:34:56.789 [hello] WARN  slow {"ms":900}');
  });

  it('colour an error level red when colours are on', () => {
    expect(formatEventLine(log('error', 'boom'), colored, { now: at })).toContain('\u001b[31mERROR\u001b[39m');
    expect(formatEventLine(log('error', 'boom'), plain, { now: at })).toBe('12:34:56.789 [hello] ERROR boom');
  });
});

describe('times', () => {
  it('are UTC times of day, with the date in front for an event of another day', () => {
    expect(formatEventTime(at, at + 60_000)).toBe('12:34:56.789');
    expect(formatEventTime(at, at + 86_400_000)).toBe('2025-03-01 12:34:56.789');
  });
});

describe('--status error', () => {
  it('takes 5xx requests and error logs, not 4xx or other levels', () => {
    expect(isErrorEvent(request({ status: 500 }))).toBe(true);
    expect(isErrorEvent(request({ status: 404 }))).toBe(false);
    expect(isErrorEvent(log('error', 'x'))).toBe(true);
    expect(isErrorEvent(log('warn', 'x'))).toBe(false);
  });
});
