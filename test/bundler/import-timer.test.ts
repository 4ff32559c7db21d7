// The cold-start timer process of `neosl build`: started before the bundle exists (it boots while
// esbuild works), given the bundle when it is written, cancelled when the bundle failed; stopped as
// soon as its figure is in (an exit handler of the module does not keep it running), and the figure
// is not confused by what the module prints itself.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ColdStartError, startImportTimer } from '../../src/bundler/cold-start.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait-until.js';

afterAll(removeTempDirs);

describe('startImportTimer', () => {
  it('times a module written after the process started, run in the folder and environment given with it', async () => {
    const dir = makeTempDir();
    const elsewhere = makeTempDir();
    // Started in another folder, without SETTING: an instance's own environment comes with the module.
    const timer = startImportTimer({ cwd: elsewhere, env: { ...process.env, BASE: 'kept' } });
    // Written only now, as a bundle is once esbuild is done: the process must not have read it yet.
    const file = join(dir, 'late.mjs');
    writeFileSync(
      file,
      [
        "if (process.env.SETTING !== 'on') throw new Error('SETTING is ' + process.env.SETTING);",
        "if (process.env.BASE !== 'kept') throw new Error('BASE is ' + process.env.BASE);",
        `if (process.cwd() !== ${JSON.stringify(realpathSync(dir))}) throw new Error('cwd is ' + process.cwd());`,
        'const end = Date.now() + 40; while (Date.now() < end) {}',
        'setInterval(() => {}, 1000);',
        'export {};',
      ].join('\n'),
    );
    // Module scope's own 40 ms are in the figure; an open interval does not keep the process alive.
    expect(await timer.time(file, { cwd: dir, env: { SETTING: 'on' } })).toBeGreaterThanOrEqual(40);
  });

  it('reports a module that throws at load, with the thrown error', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'throws.mjs');
    writeFileSync(file, "throw new RangeError('no config at load time');\n");
    const error = await startImportTimer({ cwd: dir }).time(file).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ColdStartError);
    expect((error as Error).message).toContain('RangeError: no config at load time');
  });

  it('a cancelled timer times nothing; timing twice is refused', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'ok.mjs');
    writeFileSync(file, 'export const ok = 1;\n');
    const cancelled = startImportTimer({ cwd: dir });
    cancelled.cancel();
    await expect(cancelled.time(file)).rejects.toThrow(/times one module/);

    const timer = startImportTimer({ cwd: dir });
    expect(await timer.time(file)).toBeGreaterThan(0);
    await expect(timer.time(file)).rejects.toThrow(/times one module/);
  });

  it('the timeout counts from the hand-over: a module that never finishes loading is given up', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'hang.mjs');
    writeFileSync(file, 'await new Promise(() => setInterval(() => {}, 1000));\n');
    const timer = startImportTimer({ cwd: dir, timeoutMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the timeout, before the hand-over
    await expect(timer.time(file)).rejects.toThrow(/did not finish loading within 400 ms/);
  });

  it('the timing process is gone once the figure is in, not left running its exit handler', async () => {
    const dir = makeTempDir();
    const pidFile = join(dir, 'pid');
    const file = join(dir, 'lingers.mjs');
    writeFileSync(
      file,
      [
        "import { writeFileSync } from 'node:fs';",
        `writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
        "process.on('exit', () => { const end = Date.now() + 10000; while (Date.now() < end) {} });",
        'export {};',
      ].join('\n'),
    );
    const ms = await startImportTimer({ cwd: dir }).time(file);
    expect(Number.isFinite(ms)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    const gone = (): boolean => {
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    };
    try {
      await waitUntil(gone, `the timing process ${pid} to be gone`, 5_000);
    } finally {
      if (!gone()) process.kill(pid, 'SIGKILL');
    }
  });

  it("the figure is the import's own when the module prints on stdout at load", async () => {
    const dir = makeTempDir();
    const file = join(dir, 'noisy.mjs');
    // Prints numbers, as the figure's line is one, and enough of them to fill a pipe's buffer.
    writeFileSync(file, ["console.log('12345');", "process.stdout.write('67890\\n'.repeat(20000));", 'export {};'].join('\n'));
    const ms = await startImportTimer({ cwd: dir }).time(file);
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).not.toBe(12345);
    expect(ms).not.toBe(67890);
    expect(ms).toBeGreaterThan(0);
  });
});
