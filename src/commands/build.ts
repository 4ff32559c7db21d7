// `neosl build [fn…]`: one bundle per function, the manifest, and a table of sizes and cold starts
// (one fresh import each; with --analyze the median of ANALYZE_COLD_START_RUNS, and the largest inputs).
//
// Start-up order matters (a build takes little more than starting Node): the process that times the
// first cold start and esbuild's service are started first, and boot on the other cores while this
// one loads the config loader (zod, yaml) and the rest; only then is neosl.yaml read.
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UserError, type Diagnostic } from '../errors.js';
import type { BuildFailure } from '../bundler/build-project.js';
import { startImportTimer, type ImportTimer } from '../bundler/cold-start.js';
import { displayPath } from '../util/display-path.js';

interface BuildOptions {
  outdir: string;
  minify: boolean;
  analyze?: boolean;
}

/** One error for the whole run: a single failure as it is, several merged (each diagnostic named). */
export function combineFailures(failures: readonly BuildFailure[], total: number): UserError {
  if (failures.length === 1) return failures[0]!.error;
  const diagnostics: Diagnostic[] = failures.flatMap(({ name, error }) =>
    error.diagnostics.length > 0
      ? error.diagnostics.map((diagnostic) => ({ ...diagnostic, message: `${name}: ${diagnostic.message}` }))
      : [{ message: error.message, ...(error.location ? { location: error.location } : {}), ...(error.hint ? { hint: error.hint } : {}) }],
  );
  const names = failures.map((failure) => failure.name).join(', ');
  return new UserError(`${failures.length} of ${total} functions failed to build: ${names}`, { code: 'BUILD_FAILED', diagnostics });
}

/** `started`: the first cold-start process, when the CLI started it before this code loaded (cli/command-bundles.ts). */
export async function buildCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>, started?: unknown): Promise<void> {
  const firstTimer = (started as ImportTimer | undefined) ?? startImportTimer({ cwd: context.cwd, env: context.env });
  try {
    (await import('../bundler/bundle-function.js')).startBundlerService();
    await build(context, args, rawOptions as unknown as BuildOptions, firstTimer);
  } finally {
    firstTimer.cancel(); // when nothing was built (it did not get as far)
  }
}

async function build(context: CommandContext, args: unknown[], options: BuildOptions, firstTimer: ImportTimer): Promise<void> {
  const [{ loadConfig }, { selectFunctions }, { buildProject }, { ANALYZE_COLD_START_RUNS, buildReportJson, formatAnalysis, formatBuildTable, formatMs, formatWarning }] = await Promise.all([
    import('../config/load.js'),
    import('../config/select-functions.js'),
    import('../bundler/build-project.js'),
    import('../bundler/build-report.js'),
  ]);
  const { out } = context;
  const names = (args[0] as string[] | undefined) ?? [];
  const loaded = await loadConfig({ cwd: context.cwd, env: context.env });
  const functions = selectFunctions(loaded.config, names);
  const outdir = resolve(loaded.dir, options.outdir);

  const started = performance.now();
  out.info(`building ${functions.length} function${functions.length === 1 ? '' : 's'} into ${displayPath(outdir)}…`);
  const result = await buildProject({
    loaded,
    functions,
    outdir,
    minify: options.minify,
    env: context.env,
    coldStartRuns: options.analyze ? ANALYZE_COLD_START_RUNS : 1,
    startedTimers: [firstTimer],
    onMeasure: (name) => out.info(out.colors.dim(`measuring the cold start of ${name}…`)),
  });

  for (const fn of result.built) {
    for (const warning of fn.warnings) out.info(formatWarning(fn.name, warning, out.colors));
    if (fn.coldStartError) out.info(`${out.colors.red(out.colors.bold('✘ error'))} ${fn.name}: the bundle was built but ${fn.coldStartError}`);
  }
  if (result.built.length > 0) {
    out.info(
      `${out.colors.green('✔')} built ${result.built.map((fn) => fn.name).join(', ')} in ${formatMs(performance.now() - started)}; ` +
        `manifest: ${displayPath(result.manifestFile)}`,
    );
  }

  if (out.json) {
    if (result.failures.length > 0) throw combineFailures(result.failures, functions.length);
    out.data(buildReportJson(result, { analyze: options.analyze === true }));
  } else if (result.built.length > 0) {
    out.result(formatBuildTable(result.built, out.colors));
    if (options.analyze) for (const fn of result.built) out.result(`\n${formatAnalysis(fn, out.colors)}`);
  }
  if (result.failures.length > 0) throw combineFailures(result.failures, functions.length);
  // A bundle that cannot be imported would fail every cold start on a host: the build failed.
  const unloadable = result.built.filter((fn) => fn.coldStartError !== undefined).map((fn) => fn.name);
  if (unloadable.length > 0) {
    throw new UserError(`${unloadable.join(', ')}: the bundle was written but fails to load (see above)`, {
      code: 'BUNDLE_LOAD_FAILED',
      // The --json report, with each coldStartError, is the document on stdout.
      alreadyReported: out.json,
      hint: 'a top-level throw, a missing dependency or a module that needs something only the runtime provides; run neosl invoke to see it in context',
    });
  }
}
