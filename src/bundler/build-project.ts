// `neosl build` as a service: bundle the chosen functions (all of them even when some fail), write
// the manifest, and time each bundle's cold start in a fresh process. The timing processes boot
// while esbuild bundles (see cold-start.ts), so a build costs little more than the bundling.
import { availableParallelism } from 'node:os';
import type { FunctionConfig, LoadedConfig } from '../config/types.js';
import { isUserError, type UserError } from '../errors.js';
import { bundleFunction, type BundleResult } from './bundle-function.js';
import { median, startImportTimer, type ImportTimer } from './cold-start.js';
import { manifestEntry, updateManifest, type ManifestEntry } from './manifest.js';

export interface BuildProjectOptions {
  loaded: LoadedConfig;
  /** The functions to build (default: all). */
  functions?: FunctionConfig[];
  /** Absolute. */
  outdir: string;
  minify?: boolean;
  /** Shown paths are relative to it (default process.cwd()). */
  cwd?: string;
  /** Environment for the cold-start processes, under .env and the function's own (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Fresh imports per function (default 1); 0 skips the measurement. With 1, functions are timed
   * side by side, as many at once as there are cores; with more, one process at a time, so that
   * the median is not disturbed by the build's other processes.
   */
  coldStartRuns?: number;
  /**
   * Timing processes started earlier with `env` (startImportTimer), used first: started before the
   * config is even loaded, they are ready when the first bundle is. Those not used are cancelled.
   */
  startedTimers?: ImportTimer[];
  /** Called when a function's cold start starts being measured (for progress text). */
  onMeasure?: (name: string) => void;
}

export interface BuiltFunction extends BundleResult {
  /** Median import time of the bundle in a fresh process; null when not measured or it failed. */
  coldStartMs: number | null;
  /** How many fresh processes coldStartMs is the median of (0: not measured). */
  coldStartRuns: number;
  /** Why the bundle did not import (it was still built). */
  coldStartError?: string;
}

export interface BuildFailure {
  name: string;
  error: UserError;
}

export interface BuildProjectResult {
  outdir: string;
  manifestFile: string;
  /** In neosl.yaml order. */
  built: BuiltFunction[];
  failures: BuildFailure[];
}

interface ColdStart {
  ms: number | null;
  error?: string;
}

/** Runs at most `limit` tasks at a time, in the order they were queued. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export async function buildProject(options: BuildProjectOptions): Promise<BuildProjectResult> {
  const { loaded, outdir } = options;
  const all = Object.values(loaded.config.functions);
  const selected = options.functions ?? all;
  const runs = Math.max(0, options.coldStartRuns ?? 1);

  // esbuild builds them side by side in its own process.
  const bundles = selected.map((fn) => bundleFunction({ projectDir: loaded.dir, fn, outdir, minify: options.minify ?? true, cwd: options.cwd }));
  const failed = new Set<string>();
  bundles.forEach((bundle, index) => bundle.catch(() => failed.add(selected[index]!.name)));

  const baseEnv = options.env ?? process.env;
  const timers = new Set<ImportTimer>(options.startedTimers);
  const started = [...(options.startedTimers ?? [])];
  const limit = limiter(runs === 1 ? Math.max(1, availableParallelism()) : 1);
  let finished = false;
  const measureWhenBuilt = (fn: FunctionConfig, bundle: Promise<BundleResult>): Promise<ColdStart | undefined> =>
    limit(async () => {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        if (finished || failed.has(fn.name)) return undefined;
        let timer: ImportTimer | undefined;
        try {
          timer = started.shift() ?? startImportTimer({ cwd: loaded.dir, env: baseEnv });
          timers.add(timer);
          const result = await bundle.catch(() => undefined);
          if (result === undefined || finished) {
            timer.cancel();
            return undefined;
          }
          if (run === 0) options.onMeasure?.(fn.name);
          // What an instance of it has on top of the host's environment: .env and its own.
          times.push(await timer.time(result.outputFile, { cwd: loaded.dir, env: { ...loaded.dotenv, ...fn.environment } }));
        } catch (error) {
          return { ms: null, error: error instanceof Error ? error.message : String(error) };
        } finally {
          if (timer) timers.delete(timer);
        }
      }
      return { ms: median(times) };
    });

  try {
    const measurements = runs > 0 ? selected.map((fn, index) => measureWhenBuilt(fn, bundles[index]!)) : [];
    const settled = await Promise.allSettled(bundles);
    const results: BundleResult[] = [];
    const failures: BuildFailure[] = [];
    settled.forEach((outcome, index) => {
      const name = selected[index]!.name;
      if (outcome.status === 'fulfilled') results.push(outcome.value);
      else if (isUserError(outcome.reason)) failures.push({ name, error: outcome.reason });
      else throw outcome.reason; // a bug, not the user's code
    });

    const entries = new Map<string, ManifestEntry>();
    for (const result of results) entries.set(result.name, manifestEntry(result, loaded.config.functions[result.name]!, outdir, loaded.dir));
    const manifestFile = updateManifest({
      outdir,
      projectDir: loaded.dir,
      functions: all,
      built: entries,
      failed: new Set(failures.map((failure) => failure.name)),
    });

    const coldStarts = new Map<string, ColdStart | undefined>();
    (await Promise.all(measurements)).forEach((coldStart, index) => coldStarts.set(selected[index]!.name, coldStart));
    const built = results.map((result): BuiltFunction => {
      const coldStart = coldStarts.get(result.name);
      return Object.assign(result, {
        coldStartMs: coldStart?.ms ?? null,
        coldStartRuns: coldStart?.ms != null ? runs : 0,
        ...(coldStart?.error !== undefined ? { coldStartError: coldStart.error } : {}),
      });
    });
    return { outdir, manifestFile, built, failures };
  } finally {
    finished = true;
    // Those not needed, and after a bug thrown above, must not be left waiting for a bundle.
    for (const timer of timers) timer.cancel();
  }
}
