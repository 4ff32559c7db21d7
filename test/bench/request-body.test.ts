// The body of a bench run from -d/--data (JSON or @file, as curl) and --data-file; -d given a test
// length is told apart from a body.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRequestBody } from '../../src/bench/request-body.js';

const cwd = mkdtempSync(join(tmpdir(), 'neosl-body-'));
writeFileSync(join(cwd, 'body.json'), '{\n  "name": "neo"\n}\n');
writeFileSync(join(cwd, 'broken.json'), '{ name: neo }');

const failure = (sources: Parameters<typeof readRequestBody>[0]) => {
  try {
    readRequestBody(sources);
  } catch (error) {
    return error as { message: string; hint?: string; exitCode: number; code: string };
  }
  throw new Error('expected a usage error');
};

describe('readRequestBody', () => {
  it('no body flag: undefined (the plan picks the default)', () => {
    expect(readRequestBody({ cwd })).toBeUndefined();
  });

  it('JSON text, @file and --data-file: compact JSON', () => {
    expect(readRequestBody({ data: '{ "a": [1, 2] }', cwd })).toBe('{"a":[1,2]}');
    expect(readRequestBody({ data: '@body.json', cwd })).toBe('{"name":"neo"}');
    expect(readRequestBody({ dataFile: 'body.json', cwd })).toBe('{"name":"neo"}');
    expect(readRequestBody({ data: '"5s"', cwd })).toBe('"5s"');
  });

  it('a value that looks like a test length, even a bare number: -d is --data, use --duration', () => {
    for (const value of ['5s', '10', '2m', '1.5s', '250ms', '1m30s', '1d']) {
      const error = failure({ data: value, cwd });
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`-d ${value}: -d is --data (the request body); for the test length use --duration ${value}`);
      expect(error.hint).toContain('-d @body.json');
    }
  });

  it('not JSON, a missing file, or both flags: usage errors naming the source and the fix', () => {
    expect(failure({ data: '{nope', cwd }).message).toMatch(/^the request body from -d\/--data is not JSON: /);
    expect(failure({ data: '@broken.json', cwd }).message).toMatch(/^the request body from .*broken\.json is not JSON: /);
    expect(failure({ data: '@missing.json', cwd }).message).toBe(`-d missing.json: no such file (${join(cwd, 'missing.json')})`);
    expect(failure({ dataFile: 'missing.json', cwd }).message).toBe(`--data-file missing.json: no such file (${join(cwd, 'missing.json')})`);
    expect(failure({ data: '{}', dataFile: 'body.json', cwd }).message).toBe('give the request body once: -d/--data or --data-file, not both');
  });
});

describe('the test-length check', () => {
  it('answers at once on a long number-like body (no backtracking blow-up)', () => {
    const started = performance.now();
    expect(() => readRequestBody({ data: `${'1'.repeat(5000)}x`, cwd })).toThrow(/not JSON/);
    expect(() => readRequestBody({ data: `${'1s'.repeat(2000)}1x`, cwd })).toThrow(/not JSON/);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
