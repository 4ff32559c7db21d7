// Cold start of the `blockchain` template's function: its esbuild bundle against the same function
// run unbundled from its TypeScript source (tsx, the SDK resolved through the project's tsconfig
// paths). Each figure is the median import time over fresh processes, the two interleaved so that
// a noisy neighbour hurts them alike.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { median } from '../measure.js';
import { timeImport } from '../../src/bundler/cold-start.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'bin/neosl.js');
const FUNCTION_NAME = 'chainWatch';

function neosl(args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`neosl ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** A `blockchain` project whose node_modules/neosl is this checkout (its package.json says `file:` it). */
function scaffold(parent: string): string {
  const dir = join(parent, 'app');
  neosl(['init', dir, '--template', 'blockchain', '--name', FUNCTION_NAME, '--no-install'], parent);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'neosl'), 'dir');
  return dir;
}

interface Variant {
  file: string;
  execArgv: string[];
  warmUp: boolean;
}

/** Medians of each variant's import time, rounds interleaved, after untimed warm-up rounds. */
async function interleavedMedians(variants: Variant[], runs: number, cwd: string, warmups = 2): Promise<number[]> {
  const times = variants.map(() => [] as number[]);
  for (let round = -warmups; round < runs; round++) {
    for (const [index, variant] of variants.entries()) {
      const ms = await timeImport(variant.file, { cwd, execArgv: variant.execArgv, warmUp: variant.warmUp });
      if (round >= 0) times[index]!.push(ms);
    }
  }
  return times.map(median);
}

export const coldStartBenchmarks: Benchmark = {
  name: 'cold-start',
  async run() {
    const runs = Number(process.env.NEOSL_BENCH_RUNS ?? 15);
    const parent = mkdtempSync(join(tmpdir(), 'neosl-bench-cold-start-'));
    try {
      const dir = scaffold(parent);
      const report = JSON.parse(neosl(['build', '--json'], dir)) as { functions: { name: string; file: string; bytes: number }[] };
      const bundle = report.functions.find((fn) => fn.name === FUNCTION_NAME)!;
      const source = join(dir, 'functions', FUNCTION_NAME, 'index.ts');
      const tsx = ['--import', import.meta.resolve('tsx')];

      const [bundled, unbundled, bundledCold, unbundledCold] = await interleavedMedians(
        [
          { file: bundle.file, execArgv: [], warmUp: true },
          { file: source, execArgv: tsx, warmUp: true },
          { file: bundle.file, execArgv: [], warmUp: false },
          { file: source, execArgv: tsx, warmUp: false },
        ],
        runs,
        dir,
      );
      const notes = `blockchain template, bundle ${(bundle.bytes / 1000).toFixed(1)} kB; median of ${runs} fresh processes each; tsx's transform cache warm`;
      const results: BenchmarkResult[] = [
        {
          name: 'cold start',
          ours: { label: 'bundled import', value: bundled!, unit: 'ms' },
          baseline: { label: 'unbundled TS import (tsx)', value: unbundled!, unit: 'ms' },
          better: 'lower',
          target: 1 / 3,
          notes: `${notes}; module loader warmed first, as in an instance`,
        },
        {
          name: 'cold start',
          ours: { label: 'bundled first import', value: bundledCold!, unit: 'ms' },
          baseline: { label: 'unbundled TS first import (tsx)', value: unbundledCold!, unit: 'ms' },
          better: 'lower',
          notes: `${notes}; includes Node's module-loader set-up`,
        },
      ];
      return results;
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  },
};
