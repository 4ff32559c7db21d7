// Folding repeated dev log lines: a block log every 100 ms shows a few lines, then one line per
// window with the count; warnings, errors and failed runs always show.
import { describe, expect, it } from 'vitest';
import type { LogEvent, RequestEvent } from '../../src/host/events.js';
import { foldedSuffix, RepeatFolder, repeatKind } from '../../src/dev/repeat-folder.js';

const log = (message: string, level: LogEvent['record']['level'] = 'info', functionName = 'chainWatch'): LogEvent => ({
  type: 'log',
  record: { level, message, time: 0, requestId: 'r', functionName, fields: {} },
});

const run = (method: string, path: string, status = 200): RequestEvent => ({
  type: 'request', time: 0, requestId: 'r', functionName: 'chainWatch', method, path, status, durationMs: 1, coldStart: false,
});

describe('repeatKind', () => {
  it('makes one kind of a message whose numbers and hashes change', () => {
    expect(repeatKind(log('block 123 (0xabcdef01) 4 txs'))).toBe(repeatKind(log('block 124 (0x99887766) 0 txs')));
    expect(repeatKind(log('block 123'))).not.toBe(repeatKind(log('tick 123')));
    expect(repeatKind(log('block 1', 'info', 'a'))).not.toBe(repeatKind(log('block 1', 'info', 'b')));
    expect(repeatKind(run('BLOCK', '#12'))).toBe(repeatKind(run('BLOCK', '#13')));
  });

  it('never folds warnings, errors, failed trigger runs or HTTP requests', () => {
    expect(repeatKind(log('behind the tip', 'warn'))).toBeUndefined();
    expect(repeatKind(log('boom', 'error'))).toBeUndefined();
    expect(repeatKind(run('BLOCK', '#12', 500))).toBeUndefined();
    expect(repeatKind(run('GET', '/items'))).toBeUndefined();
    expect(repeatKind(log('debug detail', 'debug'))).toBeDefined();
  });

  it("folds a bench's successful requests (x-neosl-bench) apart from the same route's own traffic, never its failures", () => {
    const bench = (status = 200): RequestEvent => ({ ...run('POST', '/functions/hello', status), bench: true });
    expect(repeatKind(bench())).toBeDefined();
    expect(repeatKind(bench())).not.toBe(repeatKind(run('BLOCK', '/functions/hello')));
    expect(repeatKind(bench(503))).toBeUndefined();
    expect(repeatKind(run('POST', '/functions/hello'))).toBeUndefined();
  });
});

describe('RepeatFolder', () => {
  it('shows the first 3 of a kind in a window, folds the rest into one summary per window with the latest', () => {
    const folder = new RepeatFolder<string>({ burst: 3, windowMs: 1000 });
    const shown: string[] = [];
    const summaries: { at: number; count: number; latest: string; since: number }[] = [];
    // 25 lines, one every 100 ms (2.5 windows); the printer looks for due summaries as time passes.
    for (let i = 0; i < 25; i++) {
      const time = i * 100;
      if (folder.offer('block', time, `block ${i}`)) shown.push(`block ${i}`);
      for (const run of folder.due(time)) summaries.push({ at: time, count: run.count, latest: run.latest, since: run.since });
    }
    expect(shown).toEqual(['block 0', 'block 1', 'block 2']);
    // Folding starts at 300 ms: a summary when its window ends (1300 ms), then every window while
    // the flood goes on, with no new burst of single lines.
    expect(summaries).toEqual([
      { at: 1300, count: 11, latest: 'block 13', since: 300 },
      { at: 2300, count: 10, latest: 'block 23', since: 1300 },
    ]);
    expect(folder.flush()).toMatchObject([{ count: 1, latest: 'block 24' }]);
    expect(folder.flush()).toEqual([]);
  });

  it('starts over with single lines once a kind has been quiet for a window, and sums up what it folded', () => {
    const folder = new RepeatFolder<string>({ burst: 2, windowMs: 1000 });
    for (let i = 0; i < 5; i++) folder.offer('tick', i * 10, `tick ${i}`);
    expect(folder.offer('tick', 5000, 'tick late')).toBe(true);
    expect(folder.due(5000)).toMatchObject([{ count: 3, latest: 'tick 4' }]);
  });

  it('sums up a quiet kind at the next look, without waiting for another line', () => {
    const folder = new RepeatFolder<string>({ burst: 1, windowMs: 1000 });
    folder.offer('a', 0, 'a0');
    folder.offer('a', 10, 'a1');
    expect(folder.due(500)).toEqual([]);
    expect(folder.due(1010)).toMatchObject([{ count: 1, latest: 'a1' }]);
    expect(folder.due(5000)).toEqual([]);
  });

  it('keeps kinds apart', () => {
    const folder = new RepeatFolder<string>({ burst: 1, windowMs: 1000 });
    expect(folder.offer('a', 0, 'a')).toBe(true);
    expect(folder.offer('b', 0, 'b')).toBe(true);
    expect(folder.offer('a', 1, 'a')).toBe(false);
  });

  it('says how many, over how long and how fast', () => {
    expect(foldedSuffix({ count: 57, since: 0, latest: '', latestTime: 9900 }, 10_000)).toBe(' (latest of 57 like it in 10s, 5.7/s)');
    expect(foldedSuffix({ count: 120, since: 0, latest: '', latestTime: 9900 }, 10_000)).toBe(' (latest of 120 like it in 10s, 12/s)');
  });
});
