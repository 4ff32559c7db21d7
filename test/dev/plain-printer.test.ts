// The plain lines of `neosl dev` (--no-dashboard, CI) and its NDJSON (--json), fed events directly.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildEvent, HostEventMap, ErrorEvent } from '../../src/host/events.js';
import { printNdjson, printPlainLines } from '../../src/dev/plain-printer.js';
import { createColors } from '../../src/output/colors.js';

const plain = createColors(false);

function printer(options: Parameters<typeof printPlainLines>[3] = {}) {
  const events = new EventEmitter<HostEventMap>();
  let text = '';
  const detach = printPlainLines(events, (line) => (text += line), plain, options);
  return { events, detach, text: () => text };
}

const syntaxError = {
  message: 'Unexpected "}"',
  location: { file: 'functions/hello/index.ts', line: 2, column: 20, lineText: '  return { a: 1 +  };', length: 1 },
};

/** What the session sends for a failed build: the build event, then an error event with the same message. */
function failBuild(events: EventEmitter<HostEventMap>, message = 'hello: build failed with 1 error', diagnostics = [syntaxError]): void {
  const build: BuildEvent = { type: 'build', time: Date.now(), functionName: 'hello', status: 'failure', durationMs: 5, message, diagnostics };
  const error: ErrorEvent = { type: 'error', time: Date.now(), message, functionName: 'hello', code: 'BUILD_FAILED', diagnostics };
  events.emit('build', build);
  events.emit('error', error);
}

const count = (text: string, part: string | RegExp) => text.split(part).length - 1;

describe('plain lines: a failed build', () => {
  it('is printed once, with "build failed" once and its code frame once', () => {
    const { events, text } = printer();
    failBuild(events);
    expect(text()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ✘ error hello: build failed with 1 error; its requests answer 503 until it builds\n/);
    expect(count(text(), 'build failed')).toBe(1);
    expect(count(text(), 'functions/hello/index.ts:2:20: Unexpected "}"')).toBe(1);
    expect(count(text(), '2 │   return { a: 1 +  };')).toBe(1);
  });

  it('says the last good version keeps serving once one served, and is not repeated for the same failure', () => {
    const { events, text } = printer();
    events.emit('reload', { type: 'reload', time: Date.now(), functionName: 'hello', version: 1, durationMs: 3, cause: 'start' });
    failBuild(events);
    failBuild(events);
    expect(count(text(), 'build failed')).toBe(1);
    expect(text()).toContain('hello: build failed with 1 error; the last good version keeps serving');
    // Another mistake is news.
    failBuild(events, 'hello: build failed with 1 error', [{ ...syntaxError, location: { ...syntaxError.location, line: 3 } }]);
    expect(count(text(), 'build failed')).toBe(2);
  });

  it('does not repeat a message that its located diagnostic already says', () => {
    const { events, text } = printer();
    const message = 'hello: the handler export "hello" is missing in functions/hello/index.ts';
    failBuild(events, message, [{ message, location: syntaxError.location }]);
    expect(text()).toContain('✘ error hello: build failed; its requests answer 503 until it builds');
    expect(count(text(), 'is missing in')).toBe(1);
  });

  it('still prints other errors of the function', () => {
    const { events, text } = printer();
    failBuild(events);
    events.emit('error', { type: 'error', time: Date.now(), message: 'hello: the new version did not start: boom', functionName: 'hello', code: 'MODULE_LOAD_FAILED' });
    expect(text()).toContain('✘ error hello: the new version did not start: boom');
  });
});

describe('plain lines: repeated lines', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('folds an info log on every block into a few lines and one line per window with the count and the latest', () => {
    const { events, text, detach } = printer({ fold: { burst: 3, windowMs: 1000 }, tickMs: 100 });
    for (let index = 1; index <= 30; index++) {
      events.emit('request', { type: 'request', time: Date.now(), requestId: `r${index}`, functionName: 'chainWatch', method: 'BLOCK', path: `#${index}`, status: 200, durationMs: 1, coldStart: false });
      events.emit('log', { type: 'log', record: { level: 'info', message: 'Block recorded', time: Date.now(), requestId: `r${index}`, functionName: 'chainWatch', fields: { index } } });
      events.emit('log', { type: 'log', record: { level: 'warn', message: 'Behind the chain tip', time: Date.now(), requestId: `r${index}`, functionName: 'chainWatch', fields: { lag: index } } });
      vi.advanceTimersByTime(100);
    }
    detach();
    const output = text();
    // 3 single lines, then one summary a window (1 s) and the rest at the end: not 30.
    expect(count(output, 'INFO  Block recorded')).toBeLessThanOrEqual(3 + 4);
    expect(count(output, 'INFO  Block recorded')).toBeGreaterThanOrEqual(4);
    expect(output).toMatch(/INFO {2}Block recorded \{"index":\d+\} \(latest of \d+ like it in \d+s, [\d.]+\/s\)/);
    expect(output).toContain('INFO  Block recorded {"index":30} (latest of');
    expect(count(output, 'BLOCK #')).toBeLessThanOrEqual(3 + 4);
    expect(output).toMatch(/BLOCK #30 200 1\.0 ms \(latest of/);
    // A trigger's run names its function: with two block triggers, each line says whose run it was.
    expect(output).toContain('[chainWatch] BLOCK #1 200 1.0 ms');
    // Every warning shows.
    expect(count(output, 'WARN  Behind the chain tip')).toBe(30);
    // Nothing is lost: the folded counts and the single lines add up to 30.
    const folded = [...output.matchAll(/INFO {2}Block recorded .*\(latest of (\d+) like it/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(folded + 3).toBe(30);
  });

  it('never folds failed runs', () => {
    const { events, text, detach } = printer({ fold: { burst: 1, windowMs: 1000 } });
    for (let index = 1; index <= 5; index++) {
      events.emit('request', { type: 'request', time: Date.now(), requestId: `r${index}`, functionName: 'chainWatch', method: 'BLOCK', path: `#${index}`, status: 500, durationMs: 1, coldStart: false, errorCode: 'FUNCTION_ERROR' });
    }
    detach();
    expect(count(text(), 'FUNCTION_ERROR')).toBe(5);
  });
});

describe('NDJSON (--json)', () => {
  it('writes each event as one JSON object on one line', () => {
    const events = new EventEmitter<HostEventMap>();
    let text = '';
    const detach = printNdjson(events, (line) => (text += line));
    events.emit('ready', { type: 'ready', time: 1, url: 'http://127.0.0.1:8700' });
    failBuild(events, 'hello: build failed with 1 error\nsecond line');
    events.emit('log', { type: 'log', record: { level: 'info', message: 'multi\nline', time: 2, requestId: 'r', functionName: 'hello', fields: {} } });
    detach();
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['ready', 'build', 'error', 'log']);
  });
});

describe('plain lines: ready', () => {
  it('prints the web console\'s address beside "Ready on"', () => {
    const { events, text } = printer();
    events.emit('ready', { type: 'ready', time: Date.now(), url: 'http://127.0.0.1:8787', consoleUrl: 'http://127.0.0.1:8787/_neosl/ui' });
    expect(text()).toMatch(/Ready on http:\/\/127\.0\.0\.1:8787 · Console on http:\/\/127\.0\.0\.1:8787\/_neosl\/ui\n/);
  });
});
