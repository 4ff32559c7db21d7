// Baselines: --save-baseline writes the result with the machine it ran on; --baseline compares a
// new result with it: throughput that fell, or p99 that rose, by more than --max-regression percent.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';
import type { BenchResult } from './result.js';

export interface Machine {
  node: string;
  cpu: string;
  cores: number;
  platform: string;
}

export interface BaselineFile {
  savedAt: string;
  machine: Machine;
  results: BenchResult[];
}

export function thisMachine(): Machine {
  const processors = cpus();
  return { node: process.version, cpu: processors[0]?.model.trim() ?? 'unknown', cores: processors.length, platform: `${process.platform}-${process.arch}` };
}

export function saveBaseline(file: string, results: BenchResult[]): void {
  const baseline: BaselineFile = { savedAt: new Date().toISOString(), machine: thisMachine(), results };
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

// What a comparison needs of each saved result; anything else in the file is kept but not required.
const savedResult = z.object({
  function: z.string(),
  requests: z.object({ average: z.number() }),
  latency: z.object({ p99: z.number() }),
});
const baselineShape = z.object({
  machine: z.object({ node: z.string(), cpu: z.string() }).partial().optional(),
  results: z.array(savedResult),
});

export interface LoadedBaseline {
  /** As shown to the user. */
  file: string;
  machine?: Partial<Machine>;
  results: Array<Pick<BenchResult, 'function'> & { requests: { average: number }; latency: { p99: number } }>;
}

const WHAT_A_BASELINE_IS = 'A baseline is the file --save-baseline writes, or the --json output of neosl bench (one function or --all).';

function saveHint(shown: string, saveCommand: string): string {
  return `Save one first: ${saveCommand} --save-baseline ${shown}   (or: ${saveCommand} --json > ${shown})`;
}

/** The three shapes a baseline comes in: --save-baseline's file, `--json` of one function, `--json` of --all. */
function asBaselineDocument(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  return 'results' in record || !('function' in record) ? record : { results: [record] };
}

/**
 * Reads and checks a baseline. `saveCommand` is how this run is invoked (e.g. "neosl bench hello"),
 * for the hint of a file that does not exist yet.
 */
export function loadBaseline(file: string, saveCommand = 'neosl bench <function>'): LoadedBaseline {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(`--baseline ${shown}: ${missing ? 'no such file' : (error as Error).message}`, {
      code: 'BASELINE_INVALID',
      hint: missing ? saveHint(shown, saveCommand) : undefined,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`--baseline ${shown} is not JSON: ${(error as Error).message}`, { code: 'BASELINE_INVALID', hint: WHAT_A_BASELINE_IS });
  }
  if (typeof data === 'object' && data !== null && 'error' in data && !('results' in data) && !('function' in data)) {
    throw new UserError(`--baseline ${shown} holds an error, not a bench result: the run that wrote it failed`, {
      code: 'BASELINE_INVALID',
      hint: `Write it again from a run that succeeds: ${saveCommand} --save-baseline ${shown}`,
    });
  }
  const parsed = baselineShape.safeParse(asBaselineDocument(data));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
    throw new UserError(`--baseline ${shown} is not a neosl bench baseline: ${problems.slice(0, 3).join('; ')}`, {
      code: 'BASELINE_INVALID',
      hint: `${WHAT_A_BASELINE_IS} Its results need { "function", "requests": { "average" }, "latency": { "p99" } }.`,
    });
  }
  if (parsed.data.results.length === 0) {
    throw new UserError(`--baseline ${shown} has no results: the run that wrote it benched no function`, { code: 'BASELINE_INVALID', hint: saveHint(shown, saveCommand) });
  }
  return { file: shown, ...parsed.data };
}

/**
 * Before any load: a baseline of other functions is a mistake (the wrong file, or a renamed
 * function), not a pass. With --all, some functions may be new (warned after the run); none at all is an error.
 */
export function checkBaselineCovers(baseline: LoadedBaseline, functions: string[], { all, saveCommand }: { all: boolean; saveCommand: string }): void {
  const covered = functions.filter((name) => baseline.results.some((entry) => entry.function === name));
  if (functions.length === 0 || (all ? covered.length > 0 : covered.length === functions.length)) return;
  const held = [...new Set(baseline.results.map((entry) => entry.function))].map((name) => `"${name}"`).join(', ');
  const wanted = all ? `any of ${functions.map((name) => `"${name}"`).join(', ')}` : `"${functions[0]}"`;
  throw new UserError(`--baseline ${baseline.file} has no result for ${wanted}: it holds ${held}`, {
    code: 'BASELINE_MISMATCH',
    hint: `Pass the file saved for ${all ? 'these functions' : wanted}, or save one: ${saveCommand} --save-baseline <file>`,
  });
}

export interface Regression {
  function: string;
  metric: 'requests/s' | 'p99 latency';
  baseline: number;
  now: number;
  /** Percent, signed: negative = lower than the baseline. */
  changePercent: number;
  regressed: boolean;
}

const percentChange = (now: number, baseline: number) => (baseline === 0 ? (now === 0 ? 0 : Infinity) : ((now - baseline) / baseline) * 100);

/** Each result against its function's saved one: both metrics, each said regressed or not. */
export function compareWithBaseline(results: BenchResult[], baseline: LoadedBaseline, maxRegressionPercent: number): Regression[] {
  const rows: Regression[] = [];
  for (const result of results) {
    const saved = baseline.results.find((entry) => entry.function === result.function);
    if (saved === undefined) continue;
    const throughput = percentChange(result.requests.average, saved.requests.average);
    const p99 = percentChange(result.latency.p99, saved.latency.p99);
    rows.push({ function: result.function, metric: 'requests/s', baseline: saved.requests.average, now: result.requests.average, changePercent: throughput, regressed: throughput < -maxRegressionPercent });
    rows.push({ function: result.function, metric: 'p99 latency', baseline: saved.latency.p99, now: result.latency.p99, changePercent: p99, regressed: p99 > maxRegressionPercent });
  }
  return rows;
}

/** The functions run that the baseline has no result for. */
export function missingFromBaseline(results: BenchResult[], baseline: LoadedBaseline): string[] {
  return results.filter((result) => !baseline.results.some((entry) => entry.function === result.function)).map((result) => result.function);
}
