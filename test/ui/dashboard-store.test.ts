import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostEventMap, FunctionSummary } from '../../src/host/events.js';
import { createDashboardStore } from '../../src/ui/dashboard-store.js';

function summary(name: string, overrides: Partial<FunctionSummary> = {}): FunctionSummary {
  return { name, routes: [], state: 'ready', version: 1, instances: 1, requests: 0, errors: 0, p50: 1, p99: 2, coldStarts: 0, cache: { hits: 0, misses: 0, hitRate: null }, ...overrides };
}

describe('dashboard store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces 10,000 request events in a second into at most 30 notifications', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    events.emit('metrics', { type: 'metrics', time: Date.now(), functions: [summary('hello')], rssBytes: 1 });
    vi.advanceTimersByTime(1000);
    let notifications = 0;
    store.subscribe(() => notifications++);
    // 10 requests every millisecond for a second.
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 10; i++) {
        events.emit('request', {
          type: 'request', time: Date.now(), requestId: `r${ms}-${i}`, functionName: 'hello',
          method: 'GET', path: '/hello', status: 200, durationMs: 1, coldStart: false,
        });
      }
      vi.advanceTimersByTime(1);
    }
    expect(notifications).toBeGreaterThan(0);
    expect(notifications).toBeLessThanOrEqual(30);
    vi.advanceTimersByTime(100);
    const snapshot = store.getSnapshot();
    expect(snapshot.functions[0]?.requests).toBe(10_000);
    expect(snapshot.lines.length).toBeLessThanOrEqual(400);
    expect(snapshot.lines.at(-1)?.id).toBe(10_000);
    store.dispose();
  });

  it('shows a change after a quiet spell at once, and keeps the snapshot stable in between', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    const first = store.getSnapshot();
    events.emit('ready', { type: 'ready', time: Date.now(), url: 'http://127.0.0.1:8787' });
    expect(store.getSnapshot()).toBe(first);
    vi.advanceTimersByTime(0);
    expect(store.getSnapshot().url).toBe('http://127.0.0.1:8787');
    store.dispose();
  });

  it('keeps a build failure until a later build of that function succeeds', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    events.emit('metrics', { type: 'metrics', time: Date.now(), functions: [summary('hello'), summary('other')], rssBytes: 1 });
    events.emit('build', { type: 'build', time: Date.now(), functionName: 'hello', status: 'failure', message: 'Expected ";"' });
    events.emit('build', { type: 'build', time: Date.now(), functionName: 'other', status: 'success' });
    vi.advanceTimersByTime(50);
    expect(store.getSnapshot().buildErrors.map((entry) => entry.functionName)).toEqual(['hello']);
    expect(store.getSnapshot().functions.find((row) => row.name === 'hello')?.state).toBe('failed');
    events.emit('build', { type: 'build', time: Date.now(), functionName: 'hello', status: 'success' });
    vi.advanceTimersByTime(50);
    expect(store.getSnapshot().buildErrors).toEqual([]);
    expect(store.getSnapshot().functions.find((row) => row.name === 'hello')?.state).toBe('ready');
    store.dispose();
  });

  it('counts requests between metrics events and takes the metrics numbers when they come', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    events.emit('metrics', { type: 'metrics', time: Date.now(), functions: [summary('hello', { requests: 5 })], rssBytes: 1 });
    const request = { type: 'request' as const, time: Date.now(), requestId: 'r', functionName: 'hello', method: 'GET', path: '/', durationMs: 1, coldStart: false };
    events.emit('request', { ...request, status: 200 });
    events.emit('request', { ...request, status: 500 });
    vi.advanceTimersByTime(50);
    expect(store.getSnapshot().functions[0]).toMatchObject({ requests: 7, errors: 1 });
    events.emit('metrics', { type: 'metrics', time: Date.now(), functions: [summary('hello', { requests: 6, errors: 0 })], rssBytes: 1 });
    vi.advanceTimersByTime(50);
    expect(store.getSnapshot().functions[0]).toMatchObject({ requests: 6, errors: 0 });
    store.dispose();
  });

  it('shows a failed build once: one stream line with one "build failed", the error event the session adds not again', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    const message = 'hello: build failed with 1 error';
    const diagnostics = [{ message: 'Unexpected "}"', location: { file: 'functions/hello.ts', line: 1, column: 53 } }];
    for (let save = 0; save < 2; save++) {
      events.emit('build', { type: 'build', time: Date.now(), functionName: 'hello', status: 'failure', message, diagnostics });
      events.emit('error', { type: 'error', time: Date.now(), message, functionName: 'hello', code: 'BUILD_FAILED', diagnostics });
    }
    vi.advanceTimersByTime(50);
    const lines = store.getSnapshot().lines.map((line) => line.text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d ✖ hello: build failed with 1 error$/);
    expect(store.getSnapshot().buildErrors).toMatchObject([{ functionName: 'hello', message, serving: false }]);
    events.emit('reload', { type: 'reload', time: Date.now(), functionName: 'hello', version: 1, durationMs: 1, cause: 'x' });
    events.emit('build', { type: 'build', time: Date.now(), functionName: 'hello', status: 'failure', message: 'hello: build failed with 2 errors', diagnostics });
    vi.advanceTimersByTime(50);
    expect(store.getSnapshot().buildErrors).toMatchObject([{ message: 'hello: build failed with 2 errors', serving: true }]);
    // Other errors of the function still show.
    events.emit('error', { type: 'error', time: Date.now(), message: 'hello: the new version did not start: boom', functionName: 'hello' });
    vi.advanceTimersByTime(50);
    expect(store.getSnapshot().lines.at(-1)?.text).toContain('hello: the new version did not start: boom');
    store.dispose();
  });

  it('folds an info log on every block, with the count and the latest once a window; warnings all show', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events, { fold: { burst: 3, windowMs: 1000 }, foldTickMs: 100 });
    for (let index = 1; index <= 30; index++) {
      const record = { time: Date.now(), requestId: `r${index}`, functionName: 'chainWatch' };
      events.emit('request', { type: 'request', ...record, method: 'BLOCK', path: `#${index}`, status: 200, durationMs: 1, coldStart: false });
      events.emit('log', { type: 'log', record: { ...record, level: 'info', message: 'Block recorded', fields: { index } } });
      if (index % 10 === 0) events.emit('log', { type: 'log', record: { ...record, level: 'warn', message: 'Behind the chain tip', fields: { block: index } } });
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(1100);
    const lines = store.getSnapshot().lines.map((line) => line.text);
    const recorded = lines.filter((line) => line.includes('Block recorded'));
    expect(recorded.slice(0, 3)).toEqual([expect.stringContaining('index=1'), expect.stringContaining('index=2'), expect.stringContaining('index=3')]);
    expect(recorded.length).toBeLessThanOrEqual(3 + 4);
    expect(recorded.at(-1)).toMatch(/Block recorded index=30 \(latest of \d+ like it in \d+s, [\d.]+\/s\)$/);
    expect(lines.filter((line) => line.includes('BLOCK #')).length).toBeLessThanOrEqual(3 + 4);
    expect(lines.filter((line) => line.includes('warn Behind the chain tip'))).toHaveLength(3);
    store.dispose();
  });

  it('stops listening when disposed', () => {
    const events = new EventEmitter<HostEventMap>();
    const store = createDashboardStore(events);
    store.dispose();
    expect(events.listenerCount('request')).toBe(0);
    expect(events.listenerCount('metrics')).toBe(0);
  });
});
