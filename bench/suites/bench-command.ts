// neosl bench itself: its accuracy (`--url` against a raw node:http hello server, compared with a
// standalone autocannon run with the same settings) and the cost of its live dashboard (throughput
// of a run drawing the dashboard on a terminal against one printing plain lines).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { autocannon } from '../emulator-process.js';
import { rawHelloServer, startServerProcess } from '../hello-servers.js';
import { median } from '../measure.js';

const bin = fileURLToPath(new URL('../../bin/neosl.js', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const body = '{"name":"neo"}';

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Not CI: the dashboard is drawn only outside it.
    const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...env } = process.env;
    const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function neoslBenchRate(args: string[], cwd: string): Promise<number> {
  const result = await run(process.execPath, [bin, 'bench', ...args, '--json'], cwd);
  if (result.code !== 0) throw new Error(`neosl bench ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { requests: { average: number } }).requests.average;
}

/**
 * A run on a pseudo-terminal (util-linux `script`), so that the dashboard is drawn; the result is
 * read from the baseline file it saves.
 */
async function ttyBenchRate(args: string[], cwd: string, file: string): Promise<number> {
  const command = [process.execPath, bin, 'bench', ...args, '--save-baseline', file].map((part) => `'${part}'`).join(' ');
  const result = await run('script', ['-q', '-e', '-c', command, '/dev/null'], cwd);
  if (result.code !== 0) throw new Error(`neosl bench on a terminal exited ${result.code}:\n${result.stdout.slice(-2000)}`);
  return (JSON.parse(readFileSync(join(cwd, file), 'utf8')) as { results: { requests: { average: number } }[] }).results[0]!.requests.average;
}

/** Two measurements taken in turns (baseline first), twice, so that drift on the machine hits both alike. */
async function alternate(baseline: () => Promise<number>, ours: () => Promise<number>): Promise<{ baseline: number[]; ours: number[]; notes: string }> {
  const runs = { baseline: [] as number[], ours: [] as number[] };
  for (let round = 0; round < 2; round++) {
    runs.baseline.push(await baseline());
    runs.ours.push(await ours());
  }
  return { ...runs, notes: `runs: ours ${runs.ours.map(Math.round).join(', ')}; baseline ${runs.baseline.map(Math.round).join(', ')}` };
}

type Runs = Awaited<ReturnType<typeof alternate>>;

/** The medians of paired runs as a result line. */
function comparison(name: string, [oursLabel, baselineLabel]: [string, string], runs: Runs, better: BenchmarkResult['better'], target: number): BenchmarkResult {
  return {
    name,
    ours: { label: `${oursLabel} (median of ${runs.ours.length})`, value: median(runs.ours), unit: 'req/s' },
    baseline: { label: baselineLabel, value: median(runs.baseline), unit: 'req/s' },
    better,
    target,
    notes: runs.notes,
  };
}

export const benchCommandBenchmarks: Benchmark = {
  name: 'bench-command',
  async run() {
    const results: BenchmarkResult[] = [];
    const raw = await startServerProcess(rawHelloServer);
    const dir = join(mkdtempSync(join(tmpdir(), 'neosl-bench-cmd-')), 'app');
    cpSync(fixture, dir, { recursive: true });
    try {
      // Accuracy: the same load, alternated so that drift on the machine hits both alike. Like for
      // like: no warm-up on either side (neosl's default 2 s warm-up is not in its numbers, and a
      // standalone run's cold first second is: bench/compare-autocannon.ts measures that difference).
      const settings = ['-c', '50', '--duration', String(seconds), '--warmup', '0', '--method', 'POST', '--data', body];
      await autocannon(raw.url, { connections: 50, seconds: 1, method: 'POST', body });
      const accuracy = await alternate(
        async () => (await autocannon(raw.url, { connections: 50, seconds, method: 'POST', body })).requestsPerSecond,
        () => neoslBenchRate(['--url', `${raw.url}/`, ...settings], dir),
      );
      results.push(comparison('bench accuracy', ['neosl bench --url', 'standalone autocannon, same settings'], accuracy, 'equal', 0.1));

      // Dashboard cost: the project's hello, with and without the dashboard, alternated.
      const load = ['hello', '-c', '50', '--duration', String(seconds), '--warmup', '1s'];
      const cost = await alternate(
        () => ttyBenchRate([...load, '--no-dashboard'], dir, 'plain.json'),
        () => ttyBenchRate(load, dir, 'dashboard.json'),
      );
      results.push(comparison('bench dashboard cost', ['neosl bench with the dashboard', '--no-dashboard'], cost, 'higher', 0.95));
    } finally {
      raw.stop();
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
    return results;
  },
};
