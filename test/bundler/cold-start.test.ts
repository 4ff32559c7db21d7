import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ColdStartError, measureColdStart, median, timeImport } from '../../src/bundler/cold-start.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('measureColdStart', () => {
  it('times the import in fresh processes: module scope runs once per process and its cost shows', async () => {
    const dir = makeTempDir();
    const cheap = join(dir, 'cheap.mjs');
    const slow = join(dir, 'slow.mjs');
    writeFileSync(cheap, 'export const x = 1;\n');
    // Module scope that busy-waits 60 ms; an open timer must not keep the child alive.
    writeFileSync(slow, 'const end = Date.now() + 60; while (Date.now() < end) {}\nsetInterval(() => {}, 1000);\nexport const x = 1;\n');
    const cheapMs = await measureColdStart(cheap, { runs: 3 });
    const slowMs = await measureColdStart(slow, { runs: 3 });
    expect(cheapMs).toBeGreaterThan(0);
    expect(cheapMs).toBeLessThan(60);
    expect(slowMs).toBeGreaterThanOrEqual(60);
  });

  it('passes the environment to the module scope, and reports a module that fails to load', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'needs-env.mjs');
    writeFileSync(file, "if (!process.env.REQUIRED_SETTING) throw new TypeError('REQUIRED_SETTING is not set');\nexport {};\n");
    await expect(timeImport(file, { env: { ...process.env, REQUIRED_SETTING: '1' } })).resolves.toBeGreaterThan(0);
    const error = await timeImport(file, { env: { PATH: process.env.PATH } }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ColdStartError);
    expect((error as Error).message).toContain('TypeError: REQUIRED_SETTING is not set');
  });

  it('gives up on a module that never finishes loading', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'hang.mjs');
    writeFileSync(file, 'await new Promise(() => setInterval(() => {}, 1000));\n');
    await expect(timeImport(file, { timeoutMs: 500 })).rejects.toThrow(/did not finish loading within 500 ms/);
  });

  it('median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
