// The bench dashboard: its store (fake timers), its view through ink-testing-library, and the render
// entry on a fake stdout. Plain .ts: the tree is built with createElement.
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { createElement } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

// These tests stand for a user's color terminal. Ink decides at import whether it runs in CI (and
// then draws only the final frame, at exit), and its chalk whether to emit colors: clear CI=true and
// set FORCE_COLOR before Ink is imported.
const savedEnvironment = vi.hoisted(() => {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, FORCE_COLOR: process.env.FORCE_COLOR };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.FORCE_COLOR = '1';
  return saved;
});

afterAll(() => {
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
import type { BenchEventMap, BenchStartEvent, LatencySummary, LoadTick, ServerSnapshot } from '../../src/bench/events.js';
import { createBenchDashboardStore } from '../../src/ui/bench-dashboard-store.js';
import { BenchDashboard } from '../../src/ui/bench-dashboard-view.js';
import { fakeTerminal } from './fake-terminal.js';

const stores: Array<{ dispose(): void }> = [];

afterEach(() => {
  cleanup();
  for (const store of stores.splice(0)) store.dispose();
  vi.useRealTimers();
});

const startEvent: BenchStartEvent = {
  type: 'start',
  functionName: 'hello',
  url: 'http://127.0.0.1:8787/functions/hello',
  method: 'POST',
  connections: 50,
  durationMs: 10_000,
  warmupMs: 2_000,
  rate: 2_000,
};

function latency(p99: number, overrides: Partial<LatencySummary> = {}): LatencySummary {
  return { p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 2, average: p99 / 3, ...overrides };
}

/**
 * A tick of `requests` responses; `statusCodes` default to all 200. `before` is the phase's
 * running total up to the previous second, so a sequence of ticks carries consistent totals.
 */
function tick(
  phase: LoadTick['phase'],
  second: number,
  requests: number,
  options: { latency?: LatencySummary; runLatency?: LatencySummary; statusCodes?: Record<string, number>; errors?: number; timeouts?: number; before?: LoadTick } = {},
): LoadTick {
  const statusCodes = options.statusCodes ?? { '200': requests };
  const non2xx = Object.entries(statusCodes).reduce((sum, [code, count]) => (code.startsWith('2') ? sum : sum + count), 0);
  const errors = options.errors ?? 0;
  const timeouts = options.timeouts ?? 0;
  const previous = options.before?.total;
  const totalCodes: Record<string, number> = { ...previous?.statusCodes };
  for (const [code, count] of Object.entries(statusCodes)) totalCodes[code] = (totalCodes[code] ?? 0) + count;
  return {
    second,
    phase,
    requests,
    errors,
    timeouts,
    non2xx,
    statusCodes,
    latency: options.latency ?? latency(10),
    total: {
      requests: (previous?.requests ?? 0) + requests,
      errors: (previous?.errors ?? 0) + errors,
      timeouts: (previous?.timeouts ?? 0) + timeouts,
      non2xx: (previous?.non2xx ?? 0) + non2xx,
      statusCodes: totalCodes,
      latency: options.runLatency ?? options.latency ?? latency(10),
    },
  };
}

function server(overrides: Partial<ServerSnapshot> = {}): ServerSnapshot {
  return {
    instances: 3,
    coldStarts: 2,
    requests: 5_000,
    errors: 0,
    p50: 1.5,
    p99: 12,
    cacheHitRate: 0.875,
    rssBytes: 96 * 1024 * 1024,
    metrics: {},
    ...overrides,
  };
}

/** Emits a warm-up second, then three run seconds with 404s and 500s in the third. */
function emitRun(events: EventEmitter<BenchEventMap>, time: number): LoadTick[] {
  events.emit('start', startEvent);
  events.emit('phase', { type: 'phase', phase: 'warmup', time });
  events.emit('tick', { type: 'tick', tick: tick('warmup', 1, 700, { latency: latency(900, { max: 5_000 }) }) });
  events.emit('phase', { type: 'phase', phase: 'run', time });
  const first = tick('run', 1, 1_000, { latency: latency(20) });
  const second = tick('run', 2, 1_500, { latency: latency(40, { p50: 3, max: 95 }), before: first });
  const third = tick('run', 3, 1_234, {
    latency: latency(37, { p50: 4.2, p90: 8, max: 52, average: 5 }),
    statusCodes: { '200': 1_200, '404': 30, '500': 4 },
    errors: 2,
    timeouts: 1,
    before: second,
    runLatency: latency(33, { p50: 3.5, p90: 12, max: 95, average: 6.1 }),
  });
  for (const run of [first, second, third]) events.emit('tick', { type: 'tick', tick: run });
  return [first, second, third];
}

describe('bench dashboard store', () => {
  it('aggregates the run apart from the warm-up: totals, status classes, rates, latency, chart history, server', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const events = new EventEmitter<BenchEventMap>();
    const store = createBenchDashboardStore(events);
    stores.push(store);

    events.emit('start', startEvent);
    events.emit('phase', { type: 'phase', phase: 'warmup', time: Date.now() });
    events.emit('tick', { type: 'tick', tick: tick('warmup', 1, 700, { latency: latency(900, { max: 5_000 }) }) });
    vi.advanceTimersByTime(200);
    let snapshot = store.getSnapshot();
    expect(snapshot.phase).toBe('warmup');
    expect(snapshot.warmupSecond).toBe(1);
    expect(snapshot.ticks).toEqual([]);
    expect(snapshot.totals.requests).toBe(0);
    expect(snapshot.elapsedMs).toBe(0);

    emitRun(events, Date.now());
    events.emit('server', { type: 'server', server: server({ metrics: { orders: 42 } }) });
    vi.advanceTimersByTime(200);
    snapshot = store.getSnapshot();
    expect(snapshot.phase).toBe('run');
    expect(snapshot.start?.functionName).toBe('hello');
    expect(snapshot.ticks.map((run) => [run.second, run.requests])).toEqual([[1, 1_000], [2, 1_500], [3, 1_234]]);
    expect(snapshot.lastTick?.requests).toBe(1_234);
    expect(snapshot.totals).toMatchObject({ requests: 3_734, errors: 2, timeouts: 1, non2xx: 34 });
    expect(snapshot.totals.statusCodes).toEqual({ '200': 3_700, '404': 30, '500': 4 });
    expect(snapshot.statusClasses).toEqual({ '1xx': 0, '2xx': 3_700, '3xx': 0, '4xx': 30, '5xx': 4 });
    expect(snapshot.averageRate).toBeCloseTo(3_734 / 3);
    expect(snapshot.peakRate).toBe(1_500);
    // The warm-up second (p99 900ms, max 5s) is not part of the run.
    expect(snapshot.runLatency).toEqual({ p50: 3.5, p90: 12, p99: 33, max: 95, average: 6.1 });
    // Ticks say 3 s although no wall time passed.
    expect(snapshot.elapsedMs).toBe(3_000);
    expect(snapshot.server).toMatchObject({ instances: 3, cacheHitRate: 0.875, metrics: { orders: 42 } });

    events.emit('done', { type: 'done', interrupted: true });
    vi.advanceTimersByTime(200);
    expect(store.getSnapshot()).toMatchObject({ phase: 'done', interrupted: true });
  });

  it('counts elapsed time by the wall clock between ticks, clamped to the duration, and frozen once stopping', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const events = new EventEmitter<BenchEventMap>();
    const store = createBenchDashboardStore(events);
    stores.push(store);
    events.emit('start', startEvent);
    events.emit('phase', { type: 'phase', phase: 'run', time: Date.now() });
    vi.advanceTimersByTime(2_500);
    events.emit('server', { type: 'server', server: server() });
    vi.advanceTimersByTime(100);
    expect(store.getSnapshot().elapsedMs).toBe(2_500);
    vi.advanceTimersByTime(60_000);
    events.emit('server', { type: 'server', server: server() });
    vi.advanceTimersByTime(100);
    expect(store.getSnapshot().elapsedMs).toBe(10_000);

    const early = new EventEmitter<BenchEventMap>();
    const stopped = createBenchDashboardStore(early);
    stores.push(stopped);
    early.emit('start', startEvent);
    early.emit('phase', { type: 'phase', phase: 'run', time: Date.now() });
    vi.advanceTimersByTime(4_000);
    early.emit('phase', { type: 'phase', phase: 'stopping', time: Date.now() });
    vi.advanceTimersByTime(3_000);
    early.emit('done', { type: 'done', interrupted: true });
    vi.advanceTimersByTime(100);
    expect(stopped.getSnapshot().elapsedMs).toBe(4_000);
  });

  it('keeps only the last 300 seconds of ticks for the chart, and the run totals of all of them', () => {
    vi.useFakeTimers();
    const events = new EventEmitter<BenchEventMap>();
    const store = createBenchDashboardStore(events);
    stores.push(store);
    let previous: LoadTick | undefined;
    for (let second = 1; second <= 1_000; second++) {
      previous = tick('run', second, second, { before: previous });
      events.emit('tick', { type: 'tick', tick: previous });
    }
    vi.advanceTimersByTime(100);
    const snapshot = store.getSnapshot();
    expect(snapshot.ticks).toHaveLength(300);
    expect(snapshot.ticks[0]?.second).toBe(701);
    expect(snapshot.ticks.at(-1)?.second).toBe(1_000);
    expect(snapshot.totals.requests).toBe((1_000 * 1_001) / 2);
    expect(snapshot.peakRate).toBe(1_000);
  });

  it.each([
    ['unset (default 10)', 10, undefined],
    ['4', 4, 4],
    ['100 (capped at 30)', 30, 100],
  ])('maxPerSecond %s: at most %i notifications in any second, even when 1000 ticks come at once', (_label, limit, maxPerSecond) => {
    vi.useFakeTimers();
    const events = new EventEmitter<BenchEventMap>();
    const store = createBenchDashboardStore(events, { maxPerSecond });
    stores.push(store);
    const notifiedAt: number[] = [];
    store.subscribe(() => notifiedAt.push(Date.now()));
    let previous: LoadTick | undefined;
    const emit = (): void => {
      previous = tick('run', (previous?.second ?? 0) + 1, 10, { before: previous });
      events.emit('tick', { type: 'tick', tick: previous });
    };
    for (let i = 0; i < 1_000; i++) emit();
    // Then one tick every millisecond for three seconds.
    for (let ms = 0; ms < 3_000; ms++) {
      emit();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(1_000);
    for (let i = limit; i < notifiedAt.length; i++) {
      expect(notifiedAt[i]! - notifiedAt[i - limit]!).toBeGreaterThanOrEqual(1_000);
    }
    // Still live: about `limit` redraws each second, and the last one has every tick.
    expect(notifiedAt.length).toBeGreaterThanOrEqual(3 * limit - 1);
    expect(store.getSnapshot().totals.requests).toBe(40_000);
  });
});

// The store notifies on a timer and Ink renders after React commits.
const settle = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('bench dashboard view', () => {
  function mount(color = false) {
    const events = new EventEmitter<BenchEventMap>();
    const store = createBenchDashboardStore(events, { maxPerSecond: 30 });
    stores.push(store);
    const app = render(createElement(BenchDashboard, { store, color }));
    return { events, app };
  }

  it('shows the warm-up in the header and no run numbers yet', async () => {
    const { events, app } = mount();
    events.emit('start', startEvent);
    events.emit('phase', { type: 'phase', phase: 'warmup', time: Date.now() });
    events.emit('tick', { type: 'tick', tick: tick('warmup', 1, 700) });
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('neosl bench hello  POST http://127.0.0.1:8787/functions/hello · 50 connections · rate 2,000/s');
    expect(frame).toMatch(/warming up 1\/2s  ░{40}  0s of 10s · 10s left/);
    expect(frame).toContain('the chart starts with the measured run');
    expect(frame).toContain('requests 0 ');
    expect(frame).not.toContain('700');
    expect(frame).toContain('Ctrl-C stops the load and prints the result so far');
  });

  it('shows the live numbers: req/s, chart, latency, status codes, server and its metrics', async () => {
    const { events, app } = mount();
    emitRun(events, Date.now());
    const metrics = { 'orders.created': 42, 'cache.size': 1_024.5, a: 1, b: 2, c: 3, d: 4, zz: 9 };
    events.emit('server', { type: 'server', server: server({ metrics }) });
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame).toMatch(/running  █{12}░{28}  3s of 10s · 7s left/);
    expect(frame).toContain('requests/s  last 1,234 · avg 1,245 · peak 1,500');
    // One column per second, four rows on a 24-row terminal, scaled to the peak: 1,500 fills the
    // column, 1,234 ends in the top row with ▂, 1,000 in the third with ▅.
    expect(frame).toContain('1.5k │ █▂\n         │▅██\n         │███\n         │███\n');
    expect(frame).toMatch(/│███\n\s+1s–3s\n/);
    expect(frame).toMatch(/last second\s+4\.2ms\s+8\.0ms\s+37ms\s+52ms\s+5\.0ms/);
    expect(frame).toMatch(/run so far\s+3\.5ms\s+12ms\s+33ms\s+95ms\s+6\.1ms/);
    expect(frame).toContain('requests 3,734 (1,245/s) · errors 2 · timeouts 1 · non-2xx 34');
    expect(frame).toContain('status  200 × 3,700 · 404 × 30 · 500 × 4');
    expect(frame).toContain('server  instances 3 · cold starts 2 · errors 0 · rss 96 MB\n        p50 1.5ms · p99 12ms · cache hits 88%');
    // At most six metrics, by name.
    expect(frame).toContain('metrics a = 1 · b = 2 · c = 3 · cache.size = 1,024.5 · d = 4 · orders.created = 42 · +1 more');
    expect(frame).not.toContain('zz');
  });

  it('shows "-" for a cache hit rate not measured yet, and the end of an interrupted run', async () => {
    const { events, app } = mount();
    emitRun(events, Date.now());
    events.emit('server', { type: 'server', server: server({ cacheHitRate: null }) });
    events.emit('phase', { type: 'phase', phase: 'stopping', time: Date.now() });
    events.emit('done', { type: 'done', interrupted: true });
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame).toMatch(/cache hits -\n/);
    expect(frame).toMatch(/stopped \(Ctrl-C\)  █+░+  3s of 10s · 7s left/);
    expect(frame).toContain('Stopped by Ctrl-C: the result below is partial.');
    expect(frame).not.toContain('Ctrl-C stops the load');
  });

  it('colors status codes by class when color is on', async () => {
    const { events, app } = mount(true);
    emitRun(events, Date.now());
    await settle();
    const frame = app.lastFrame() ?? '';
    // Green 2xx, yellow 4xx, red 5xx and errors.
    for (const styled of ['\u001b[32m200 × 3,700', '\u001b[33m404 × 30', '\u001b[31m500 × 4', '\u001b[31merrors 2']) {
      expect(frame).toContain(styled);
    }
  });
});

describe('renderBenchDashboard', () => {
  it('renders live numbers to the given stdout, then draws the final frame and unmounts itself on done', async () => {
    const { renderBenchDashboard } = await import('../../src/ui/bench-dashboard.js');
    const { options, writes } = fakeTerminal();
    const events = new EventEmitter<BenchEventMap>();
    const dashboard = renderBenchDashboard(events, options);
    let exited = false;
    void dashboard.waitUntilExit().then(() => {
      exited = true;
    });
    emitRun(events, Date.now());
    events.emit('server', { type: 'server', server: server({ metrics: { 'orders.created': 42 } }) });
    await settle();
    // FORCE_COLOR is set, so the output is styled; the user reads the text.
    const live = stripVTControlCharacters(writes.join(''));
    expect(live).toContain('neosl bench hello');
    expect(live).toContain('requests/s  last 1,234');
    expect(live).toMatch(/last second\s+4\.2ms\s+8\.0ms\s+37ms/);
    expect(live).toContain('200 × 3,700 · 404 × 30 · 500 × 4');
    expect(live).toContain('instances 3');
    expect(live).toContain('cache hits 88%');
    expect(live).toContain('orders.created = 42');
    expect(live).toContain('3s of 10s · 7s left');
    expect(live).toContain('Ctrl-C stops the load and prints the result so far');
    expect(exited).toBe(false);

    const last = tick('run', 10, 1_100, { before: tick('run', 9, 0) });
    events.emit('tick', { type: 'tick', tick: last });
    events.emit('phase', { type: 'phase', phase: 'stopping', time: Date.now() });
    events.emit('done', { type: 'done', interrupted: false });
    await dashboard.waitUntilExit();
    const final = stripVTControlCharacters(writes.join('')).slice(live.length);
    expect(final).toContain('10s of 10s · 0s left');
    expect(final).toContain('Done.');
    for (const name of ['start', 'phase', 'tick', 'server', 'done'] as const) expect(events.listenerCount(name)).toBe(0);
    // Unmounted: later events draw nothing.
    const length = writes.join('').length;
    events.emit('tick', { type: 'tick', tick: tick('run', 11, 5) });
    await settle();
    expect(writes.join('').length).toBe(length);
  });

  it('stops listening when unmounted before the run ends', async () => {
    const { renderBenchDashboard } = await import('../../src/ui/bench-dashboard.js');
    const events = new EventEmitter<BenchEventMap>();
    const dashboard = renderBenchDashboard(events, fakeTerminal(80, 24).options);
    events.emit('start', startEvent);
    await settle(50);
    expect(events.listenerCount('tick')).toBe(1);
    dashboard.unmount();
    await dashboard.waitUntilExit();
    expect(events.listenerCount('tick')).toBe(0);
  });
});
