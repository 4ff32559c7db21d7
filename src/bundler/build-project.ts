// `neosl build` as a service: bundle the chosen functions (all of them even when some fail), write
// the manifest, then time each bundle's cold start, one fresh process after another.
import type { FunctionConfig, LoadedConfig } from '../config/types.js';
import { isUserError, type UserError } from '../errors.js';
import { bundleFunction, type BundleResult } from './bundle-function.js';
import { measureColdStart } from './cold-start.js';
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
  /** Fresh imports per function (default 5); 0 skips the measurement. */
  coldStartRuns?: number;
  /** Called before each cold-start measurement (for progress text). */
  onMeasure?: (name: string) => void;
}

export interface BuiltFunction extends BundleResult {
  /** Median import time of the bundle in a fresh process; null when not measured or it failed. */
  coldStartMs: number | null;
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

export async function buildProject(options: BuildProjectOptions): Promise<BuildProjectResult> {
  const { loaded, outdir } = options;
  const all = Object.values(loaded.config.functions);
  const selected = options.functions ?? all;

  // esbuild builds them side by side in its own process.
  const settled = await Promise.allSettled(
    selected.map((fn) => bundleFunction({ projectDir: loaded.dir, fn, outdir, minify: options.minify ?? true, cwd: options.cwd })),
  );
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

  const runs = options.coldStartRuns ?? 5;
  const built: BuiltFunction[] = [];
  for (const result of results) {
    const fn = loaded.config.functions[result.name]!;
    const item: BuiltFunction = Object.assign(result, { coldStartMs: null as number | null });
    if (runs > 0) {
      options.onMeasure?.(result.name);
      try {
        item.coldStartMs = await measureColdStart(result.outputFile, {
          runs,
          cwd: loaded.dir,
          env: { ...(options.env ?? process.env), ...loaded.dotenv, ...fn.environment },
        });
      } catch (error) {
        item.coldStartError = error instanceof Error ? error.message : String(error);
      }
    }
    built.push(item);
  }
  return { outdir, manifestFile, built, failures };
}
