// The view through ink-testing-library (a fake stdout and stdin). Plain .ts: vitest picks up
// test/**/*.test.ts, so the tree is built with createElement.
import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

// These tests stand for a user's terminal. Ink decides at import whether it runs in CI (and then
// draws only the final frame, at exit); CI sets CI=true, so clear it before Ink is imported.
// (neosl itself shows plain lines instead of a dashboard in CI: test/output/live-terminal.test.ts.)
const ciEnvironment = vi.hoisted(() => {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  return saved;
});

afterAll(() => {
  for (const [name, value] of Object.entries(ciEnvironment)) if (value !== undefined) process.env[name] = value;
});
import type { HostEventMap, FunctionSummary } from '../../src/host/events.js';
import { createDashboardStore } from '../../src/ui/dashboard-store.js';
import type { DashboardAction } from '../../src/ui/dashboard-view.js';
import { Dashboard } from '../../src/ui/dashboard-view.js';
import { fakeTerminal } from './fake-terminal.js';

const stores: Array<{ dispose(): void }> = [];

afterEach(() => {
  cleanup();
  for (const store of stores.splice(0)) store.dispose();
});

function summary(name: string, overrides: Partial<FunctionSummary> = {}): FunctionSummary {
  return { name, routes: [], state: 'ready', version: 1, instances: 1, requests: 0, errors: 0, p50: 1, p99: 2, coldStarts: 0, cache: { hits: 0, misses: 0, hitRate: null }, ...overrides };
}

function mount(onKey?: (action: DashboardAction, functionName?: string) => void, initialSelection?: string) {
  const events = new EventEmitter<HostEventMap>();
  const store = createDashboardStore(events);
  stores.push(store);
  const app = render(createElement(Dashboard, { store, color: false, onKey, initialSelection }));
  return { events, app };
}

// The store notifies on a timer (≤ 30 a second) and Ink renders after React commits.
const settle = (ms = 60): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (up to 2 s) for a frame containing `text`: a key's effect shows once React has re-rendered.
 * Ink draws the frame before React's effects run, and one of those attaches the re-rendered key
 * handler: wait a little longer, or the next key reaches the previous handler.
 */
async function frameShows(app: { lastFrame(): string | undefined }, text: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(app.lastFrame() ?? '').includes(text) && Date.now() < deadline) await settle(10);
  await settle(10);
}

describe('dashboard view', () => {
  it('shows the URL, each function with its numbers, and the request line', async () => {
    const { events, app } = mount();
    const time = Date.now();
    events.emit('ready', { type: 'ready', time, url: 'http://127.0.0.1:8787' });
    events.emit('metrics', {
      type: 'metrics',
      time,
      rssBytes: 64 * 1024 * 1024,
      functions: [
        summary('hello', { version: 3, instances: 2, requests: 41, errors: 1, p50: 4.2, p99: 37 }),
        summary('prices', { state: 'building', version: 1, instances: 0, requests: 7, errors: 0, p50: 120, p99: 950 }),
      ],
    });
    events.emit('request', {
      type: 'request', time, requestId: 'req-1', functionName: 'hello', method: 'POST',
      path: '/functions/hello', status: 201, durationMs: 12.4, coldStart: true,
    });
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('http://127.0.0.1:8787');
    expect(frame).toContain('rss 64 MB');
    expect(frame).toMatch(/› hello\s+ready\s+v3\s+2\s+42\s+1\s+4\.2ms\s+37ms/);
    expect(frame).toMatch(/prices\s+building\s+v1\s+0\s+7\s+0\s+120ms\s+950ms/);
    expect(frame).toMatch(/POST \/functions\/hello 201 12ms hello \(cold\)/);
    expect(frame).toContain('q quit');
  });

  it('shows a build failure with file:line and its code frame until a later build succeeds', async () => {
    const { events, app } = mount();
    events.emit('metrics', { type: 'metrics', time: Date.now(), rssBytes: 1, functions: [summary('hello')] });
    events.emit('build', {
      type: 'build',
      time: Date.now(),
      functionName: 'hello',
      status: 'failure',
      message: 'Expected ";" but found "return"',
      diagnostics: [
        {
          message: 'Expected ";" but found "return"',
          location: { file: 'functions/hello/index.ts', line: 7, column: 15, lineText: '  const x = 1 return x;', length: 6 },
        },
      ],
    });
    await settle();
    let frame = app.lastFrame() ?? '';
    expect(frame).toContain('✖ hello: build failed');
    expect(frame).toContain('functions/hello/index.ts:7:15');
    expect(frame).toContain('7 │   const x = 1 return x;');
    expect(frame).toContain('~~~~~~');
    expect(frame).toMatch(/hello\s+failed/);

    events.emit('build', { type: 'build', time: Date.now(), functionName: 'hello', status: 'success', durationMs: 20 });
    await settle();
    frame = app.lastFrame() ?? '';
    // The failure stays in the stream above as history; the live error box is gone.
    expect(frame).not.toContain('7 │');
    expect(frame).not.toContain('last good version keeps serving');
    expect(frame).toMatch(/hello\s+ready/);
  });

  it('reports q, r, c and b (with the function chosen by ↓), and Ctrl-C as quit', async () => {
    const onKey = vi.fn();
    const { events, app } = mount(onKey);
    events.emit('metrics', { type: 'metrics', time: Date.now(), rssBytes: 1, functions: [summary('hello'), summary('prices')] });
    await settle();
    expect(app.lastFrame()).toContain('b bench hello');
    expect(app.lastFrame()).toContain('o open the web console');

    app.stdin.write('r');
    expect(onKey).toHaveBeenLastCalledWith('rebuild');
    app.stdin.write('\u001b[B'); // ↓
    await frameShows(app, 'b bench prices');
    expect(app.lastFrame()).toMatch(/› prices/);
    expect(app.lastFrame()).toContain('b bench prices');
    app.stdin.write('b');
    expect(onKey).toHaveBeenLastCalledWith('bench', 'prices');
    app.stdin.write('\u001b[A'); // ↑
    await frameShows(app, 'b bench hello');
    app.stdin.write('b');
    expect(onKey).toHaveBeenLastCalledWith('bench', 'hello');
    app.stdin.write('c');
    expect(onKey).toHaveBeenLastCalledWith('clear');
    app.stdin.write('o');
    expect(onKey).toHaveBeenLastCalledWith('open-console');
    app.stdin.write('q');
    expect(onKey).toHaveBeenLastCalledWith('quit');
  });

  it('shows a failed build once, "build failed" once, with what it means for the requests', async () => {
    const { events, app } = mount();
    events.emit('metrics', { type: 'metrics', time: Date.now(), rssBytes: 1, functions: [summary('hello')] });
    const message = 'hello: build failed with 1 error';
    const diagnostics = [{ message: 'Unexpected "}"', location: { file: 'functions/hello.ts', line: 1, column: 53, lineText: 'export const hello = async () => { return { a: 1 +  }; };', length: 1 } }];
    events.emit('reload', { type: 'reload', time: Date.now(), functionName: 'hello', version: 1, durationMs: 1, cause: 'start' });
    events.emit('build', { type: 'build', time: Date.now(), functionName: 'hello', status: 'failure', message, diagnostics });
    events.emit('error', { type: 'error', time: Date.now(), message, functionName: 'hello', code: 'BUILD_FAILED', diagnostics });
    await frameShows(app, 'keeps serving');
    const frame = app.lastFrame() ?? '';
    expect(frame).not.toMatch(/build failed: hello: build failed|hello: hello:/);
    // The stream line (history) and the live box: the code frame only in the box.
    expect(frame.match(/✖ hello: build failed with 1 error/g)).toHaveLength(2);
    expect(frame).toContain('✖ hello: build failed with 1 error (the last good version keeps serving)');
    expect(frame.match(/1 │ export const hello/g)).toHaveLength(1);
  });

  it("shows the selected function's routes, and follows the selection", async () => {
    const { events, app } = mount();
    events.emit('metrics', {
      type: 'metrics',
      time: Date.now(),
      rssBytes: 1,
      functions: [summary('api', { routes: ['POST /functions/api', 'GET /api/items', 'POST /api/items'] }), summary('chainWatch', { routes: ['POST /functions/chainWatch', 'blockchain block'] })],
    });
    await frameShows(app, 'api: POST /functions/api · GET /api/items · POST /api/items');
    app.stdin.write('\u001b[B'); // ↓
    await frameShows(app, 'chainWatch: POST /functions/chainWatch · blockchain block');
    expect(app.lastFrame()).not.toContain('GET /api/items');
  });

  it('starts on the function it is given (the one the b key benched), not the first', async () => {
    const onKey = vi.fn();
    const { events, app } = mount(onKey, 'prices');
    events.emit('metrics', { type: 'metrics', time: Date.now(), rssBytes: 1, functions: [summary('hello'), summary('prices')] });
    await frameShows(app, 'b bench prices');
    expect(app.lastFrame()).toMatch(/› prices/);
    app.stdin.write('b');
    expect(onKey).toHaveBeenLastCalledWith('bench', 'prices');
  });

  it('treats Ctrl-C as quit', async () => {
    const onKey = vi.fn();
    const { app } = mount(onKey);
    await settle(20);
    app.stdin.write('\u0003');
    expect(onKey).toHaveBeenCalledWith('quit');
  });

  it('prints each stream line once, in order, across frames', async () => {
    const { events, app } = mount();
    const request = { type: 'request' as const, time: Date.now(), requestId: 'r', functionName: 'hello', status: 200, durationMs: 1, coldStart: false };
    events.emit('request', { ...request, method: 'GET', path: '/one' });
    await settle();
    events.emit('request', { ...request, method: 'GET', path: '/two' });
    events.emit('log', { type: 'log', record: { level: 'info', message: 'hi there', time: Date.now(), requestId: 'r', functionName: 'hello', fields: { user: 'ann' } } });
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame.match(/GET \/one/g)).toHaveLength(1);
    expect(frame.match(/GET \/two/g)).toHaveLength(1);
    expect(frame).toContain('[hello] info hi there user=ann');
    expect(frame.indexOf('/one')).toBeLessThan(frame.indexOf('/two'));
  });
});

describe('renderDashboard', () => {
  it('renders to the given stdout, shows no keys when stdin is not a terminal, and stops listening on unmount', async () => {
    const { renderDashboard } = await import('../../src/ui/dashboard.js');
    // stdin is a pipe: useInput must stay off instead of throwing.
    const { options, writes } = fakeTerminal();
    const events = new EventEmitter<HostEventMap>();
    const dashboard = renderDashboard(events, { url: 'http://127.0.0.1:9999', ...options });
    events.emit('metrics', { type: 'metrics', time: Date.now(), rssBytes: 1, functions: [summary('hello', { requests: 3 })] });
    await settle(100);
    const output = writes.join('');
    expect(output).toContain('http://127.0.0.1:9999');
    expect(output).toMatch(/hello\s+ready/);
    expect(output).toContain('Ctrl-C stops the emulator.');
    expect(output).not.toContain('q quit');
    dashboard.unmount();
    await dashboard.waitUntilExit();
    expect(events.listenerCount('metrics')).toBe(0);
  });
});
