// Baselines come in three shapes (--save-baseline's file, --json of one function, --json of --all);
// one of other functions, an error document or an empty run is an error naming the file and the fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBaselineCovers, loadBaseline } from '../../src/bench/baseline.js';

const dir = mkdtempSync(join(tmpdir(), 'neosl-baseline-'));
const result = (name: string, average = 1000, p99 = 2) => ({ function: name, url: 'http://127.0.0.1:1/x', requests: { total: average, average }, latency: { p50: 1, p90: 1.5, p99, max: 3, average: 1 } });
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { message: string; hint?: string; code: string };
  }
  throw new Error('expected an error');
};

describe('loadBaseline', () => {
  it('reads --save-baseline files, a single --json result and an --all --json document alike', () => {
    const saved = loadBaseline(file('saved.json', { savedAt: 'x', machine: { node: 'v20.0.0', cpu: 'cpu' }, results: [result('hello')] }));
    expect(saved.results.map((entry) => entry.function)).toEqual(['hello']);
    expect(saved.machine?.node).toBe('v20.0.0');

    const single = loadBaseline(file('single.json', { ...result('hello', 1234, 5), baseline: { comparison: [] } }));
    expect(single.results).toEqual([expect.objectContaining({ function: 'hello', requests: { average: 1234 }, latency: { p99: 5 } })]);
    expect(single.machine).toBeUndefined();

    const all = loadBaseline(file('all.json', { results: [result('hello'), result('prices')] }));
    expect(all.results.map((entry) => entry.function)).toEqual(['hello', 'prices']);
  });

  it('an error document, an empty run, or another file: what it is and what a baseline is', () => {
    const error = failure(() => loadBaseline(file('error.json', { error: { code: 'ONLY_ERRORS', message: 'x' } }), 'neosl bench hello'));
    expect(error.message).toMatch(/error\.json holds an error, not a bench result/);
    expect(error.hint).toContain('neosl bench hello --save-baseline');

    const empty = failure(() => loadBaseline(file('empty.json', { results: [] }), 'neosl bench --all'));
    expect(empty.message).toMatch(/empty\.json has no results/);
    expect(empty.hint).toContain('neosl bench --all --save-baseline');

    const other = failure(() => loadBaseline(file('package.json', { name: 'app', version: '1.0.0' })));
    expect(other.message).toMatch(/package\.json is not a neosl bench baseline: results: /);
    expect(other.hint).toContain('or the --json output of neosl bench');

    const text = failure(() => loadBaseline(file('neosl.yaml', 'name: app\n')));
    expect(text.message).toMatch(/neosl\.yaml is not JSON/);
  });
});

describe('checkBaselineCovers', () => {
  const baseline = loadBaseline(file('hello.json', { results: [result('hello')] }));

  it('passes when every benched function is in it (with --all: at least one)', () => {
    expect(() => checkBaselineCovers(baseline, ['hello'], { all: false, saveCommand: 'neosl bench hello' })).not.toThrow();
    expect(() => checkBaselineCovers(baseline, ['hello', 'prices'], { all: true, saveCommand: 'neosl bench --all' })).not.toThrow();
  });

  it('a baseline of another function: names the file, what it holds, and the fix', () => {
    const error = failure(() => checkBaselineCovers(baseline, ['prices'], { all: false, saveCommand: 'neosl bench prices' }));
    expect(error.code).toBe('BASELINE_MISMATCH');
    expect(error.message).toMatch(/--baseline .*hello\.json has no result for "prices": it holds "hello"$/);
    expect(error.hint).toBe('Pass the file saved for "prices", or save one: neosl bench prices --save-baseline <file>');
    const all = failure(() => checkBaselineCovers(baseline, ['prices', 'orders'], { all: true, saveCommand: 'neosl bench --all' }));
    expect(all.message).toMatch(/has no result for any of "prices", "orders": it holds "hello"$/);
  });
});
