// `neosl build`'s cold starts as a user sees them: one fresh import per function by default (the
// table and --json show it), the median of 5 with --analyze (said in the analysis and in --json),
// and a function whose module scope is slow still gets its own figure next to the others.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

function copyFixture(): string {
  const dir = join(makeTempDir('neosl-build-cold-'), 'app');
  cpSync(join(repoRoot, 'test/fixtures/build-project'), dir, { recursive: true });
  return dir;
}

interface JsonReport {
  functions: { name: string; coldStartMs: number | null; coldStartRuns: number; coldStartError?: string }[];
}

describe('neosl build cold starts', () => {
  it('by default: one fresh import per function, in the table and in --json', async () => {
    const dir = copyFixture();
    const human = await spawnNeosl(['build'], { cwd: dir });
    expect(human.exitCode).toBe(0);
    expect(human.stderr).toContain('measuring the cold start of hello');
    expect(human.stderr).toContain('measuring the cold start of quote');
    expect(human.stdout).toMatch(/│ hello\s*│\s*[\d.]+ k?B\s*│\s*[\d.]+ k?B\s*│\s*[\d.]+ ms\s*│/);
    expect(human.stdout).toMatch(/│ quote\s*│\s*[\d.]+ k?B\s*│\s*[\d.]+ k?B\s*│\s*[\d.]+ ms\s*│/);
    expect(human.stdout).not.toContain('the median of');

    const json = await spawnNeosl(['build', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.functions.map((fn) => [fn.name, fn.coldStartRuns])).toEqual([
      ['hello', 1],
      ['quote', 1],
    ]);
    for (const fn of report.functions) expect(fn.coldStartMs).toBeGreaterThan(0);
  });

  it('--analyze: the median of 5 fresh imports, said next to the largest inputs and in --json', async () => {
    const dir = copyFixture();
    const human = await spawnNeosl(['build', 'quote', '--analyze'], { cwd: dir });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/quote: the largest inputs of [\d.]+ k?B; cold start [\d.]+ ms, the median of 5 fresh imports/);

    const json = await spawnNeosl(['build', '--analyze', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.functions.map((fn) => [fn.name, fn.coldStartRuns])).toEqual([
      ['hello', 5],
      ['quote', 5],
    ]);
  });

  it('functions timed side by side each get their own figure: a slow module scope shows in its row only', async () => {
    const dir = copyFixture();
    // 300 ms of work at load time, in the function's module scope.
    writeFileSync(
      join(dir, 'functions/quote/index.ts'),
      "const end = Date.now() + 300;\nwhile (Date.now() < end) {}\nexport async function getQuote() { return { price: 1 }; }\n",
    );
    const json = await spawnNeosl(['build', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    const byName = Object.fromEntries(report.functions.map((fn) => [fn.name, fn.coldStartMs!]));
    expect(byName.quote).toBeGreaterThanOrEqual(300);
    expect(byName.hello).toBeGreaterThan(0);
    expect(byName.hello).toBeLessThan(300);
  });
});
