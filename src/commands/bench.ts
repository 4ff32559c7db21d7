// `neosl bench <fn> | --all | --url URL`: load-tests functions on the project's emulator (or any
// server on this machine, with no project needed), with a live dashboard on a terminal and a line a
// second otherwise, then the summary; compares with a baseline (exit 3 on a regression) and saves
// one. Ctrl-C stops the load and reports what was measured.
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { checkBaselineCovers, compareWithBaseline, loadBaseline, missingFromBaseline, saveBaseline, type LoadedBaseline, type Regression } from '../bench/baseline.js';
import type { BenchEventMap } from '../bench/events.js';
import { startLocalEmulator, type LocalEmulator } from '../bench/local-emulator.js';
import { DEFAULT_WARMUP_SEC, planFor, type PlanFlags } from '../bench/plan.js';
import { durationSeconds, httpMethod, loopbackUrl, positiveInteger, positiveNumber, type RawBenchOptions } from '../bench/options.js';
import { formatRegressions, formatSummary, formatTickLine } from '../bench/report.js';
import { onlyErrors, type BenchResult } from '../bench/result.js';
import { startBenchJob, type BenchJob } from '../bench/run-job.js';
import { readRequestBody } from '../bench/request-body.js';
import { benchTarget, urlMethod, urlTargetName } from '../bench/target.js';
import { loadConfig } from '../config/load.js';
import { selectFunctions } from '../config/select-functions.js';
import { UsageError, UserError } from '../errors.js';
import { canShowLiveDisplay } from '../output/live-terminal.js';
import type { Output } from '../output/output.js';
import { displayPath } from '../util/display-path.js';
import { importUi } from '../ui/import-ui.js';

const DEFAULT_MAX_REGRESSION = 10;

interface Flags extends PlanFlags {
  method?: ReturnType<typeof httpMethod>;
  url?: URL;
  maxRegression: number;
}

function readFlags(options: RawBenchOptions): Flags {
  return {
    connections: positiveInteger('--connections', options.connections),
    durationSec: durationSeconds('--duration', options.duration),
    warmupSec: durationSeconds('--warmup', options.warmup, { allowZero: true }) ?? DEFAULT_WARMUP_SEC,
    rate: positiveNumber('--rate', options.rate),
    method: httpMethod(options.method),
    url: loopbackUrl(options.url),
    maxRegression: positiveNumber('--max-regression', options.maxRegression, { allowZero: true }) ?? DEFAULT_MAX_REGRESSION,
  };
}

/** Plain progress on stderr: the phases, then a line a second. */
function printLines(events: EventEmitter<BenchEventMap>, out: Output): () => void {
  const onStart = (event: BenchEventMap['start'][0]) =>
    out.info(`bench ${event.functionName}: ${event.method} ${event.url}, ${event.connections} connections, ${event.durationMs / 1000} s${event.warmupMs > 0 ? ` after a ${event.warmupMs / 1000} s warm-up` : ''}${event.rate ? `, ${event.rate} req/s` : ''}`);
  const onPhase = (event: BenchEventMap['phase'][0]) => {
    if (event.phase === 'warmup') out.info(out.colors.dim('warming up…'));
    else if (event.phase === 'stopping') out.info(out.colors.yellow('stopping the load…'));
  };
  const onTick = (event: BenchEventMap['tick'][0]) => out.info(formatTickLine(event.tick, out.colors));
  events.on('start', onStart).on('phase', onPhase).on('tick', onTick);
  return () => void events.off('start', onStart).off('phase', onPhase).off('tick', onTick);
}

async function showDashboard(events: EventEmitter<BenchEventMap>): Promise<() => Promise<void>> {
  const ui = await importUi(() => import('../ui/bench-dashboard.js'));
  const dashboard = ui.renderBenchDashboard(events);
  return async () => {
    await dashboard.waitUntilExit();
  };
}

export async function benchCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as RawBenchOptions;
  const { out } = context;
  const name = args[0] as string | undefined;
  const flags = readFlags(options);
  if (name === undefined && !options.all && !flags.url) {
    throw new UsageError('name the function to bench, --all for every function, or --url for any server on this machine', { hint: 'e.g. neosl bench hello --duration 10s' });
  }
  if (name !== undefined && options.all) throw new UsageError(`give a function or --all, not both ("${name}" and --all)`);
  if (options.all && flags.url) throw new UsageError('--all runs the project\'s functions on its emulator: it does not take --url', { hint: 'Bench the URL alone: neosl bench --url <url>' });
  if (options.baseline === undefined && options.maxRegression !== undefined) throw new UsageError('--max-regression needs --baseline <file> to compare with');
  // Bad input fails now, not after the load (or the emulator's start): a baseline that cannot be
  // read or holds other functions, a body that is not JSON.
  const saveCommand = flags.url ? `neosl bench${name !== undefined ? ` ${name}` : ''} --url ${flags.url.href}` : options.all ? 'neosl bench --all' : `neosl bench ${name}`;
  const baselineFile = options.baseline !== undefined ? resolve(context.cwd, options.baseline) : undefined;
  const baseline: LoadedBaseline | undefined = baselineFile ? loadBaseline(baselineFile, saveCommand) : undefined;
  const body = readRequestBody({ data: options.data, dataFile: options.dataFile, cwd: context.cwd });

  let emulator: LocalEmulator | undefined;
  const jobs: BenchJob[] = [];
  if (flags.url) {
    // Any server on this machine: no project needed. Unnamed, the run is called by its path
    // (the function's name for a neosl emulator's /functions/<name>).
    const method = flags.method ?? urlMethod(flags.url, body !== undefined);
    const jobName = name ?? urlTargetName(flags.url);
    if (baseline) checkBaselineCovers(baseline, [jobName], { all: false, saveCommand });
    jobs.push({ name: jobName, plan: planFor(undefined, flags, flags.url.href, method, body), serverBase: flags.url.origin });
  } else {
    const loaded = await loadConfig({ cwd: context.cwd, env: context.env });
    // --all: the functions with a `bench:` block in neosl.yaml (an event function usually has none).
    const functions = options.all ? Object.values(loaded.config.functions).filter((fn) => fn.bench.declared) : selectFunctions(loaded.config, [name!]);
    if (functions.length === 0 && options.all) {
      // Nothing to do is not a failure (a CI smoke step on a project of event functions only).
      out.info(out.colors.yellow('no function has a bench block in neosl.yaml: nothing to run with --all'));
      out.info(out.colors.dim('  give one a block to include it, e.g.  bench: { connections: 50, duration: 10s, data: { name: neo } }'));
      if (out.json) out.data({ results: [] });
      return;
    }
    if (baseline) checkBaselineCovers(baseline, functions.map((fn) => fn.name), { all: options.all === true, saveCommand });
    const targets = functions.map((fn) => ({ fn, target: benchTarget(fn, flags.method ?? fn.bench.method) }));
    out.info(out.colors.dim('starting the emulator…'));
    emulator = await startLocalEmulator({ cwd: context.cwd, env: context.env, persistTo: options.persistTo ?? ':memory:', functions: functions.map((fn) => fn.name) });
    for (const { fn, target } of targets) jobs.push({ name: fn.name, plan: planFor(fn, flags, `${emulator.url}${target.path}`, target.method, body), serverBase: emulator.url });
  }

  // Ctrl-C: the first stops the load (the result so far is reported), a second one leaves at once.
  let interrupted = false;
  let stopLoad: (() => void) | undefined;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    stopLoad?.();
  };
  process.on('SIGINT', onSigint);
  const results: BenchResult[] = [];
  const useDashboard = !out.json && options.dashboard !== false && canShowLiveDisplay(process.stdout, context.env);
  try {
    for (const job of jobs) {
      if (interrupted) break;
      const events = new EventEmitter<BenchEventMap>();
      const finished = useDashboard ? await showDashboard(events) : undefined;
      const detach = useDashboard ? () => undefined : printLines(events, out);
      try {
        const running = startBenchJob(job, events);
        stopLoad = running.stop;
        if (interrupted) running.stop();
        results.push(await running.result);
        stopLoad = undefined;
      } finally {
        await finished?.();
        detach();
      }
      // (The dashboard's last frame ends without a newline.)
      if (!out.json) out.result(`${useDashboard ? '\n' : ''}${formatSummary(results[results.length - 1]!, out.colors)}`);
    }
  } finally {
    process.off('SIGINT', onSigint);
    await emulator?.close();
  }

  let comparison: Regression[] | undefined;
  if (baseline) {
    comparison = compareWithBaseline(results, baseline, flags.maxRegression);
    const missing = missingFromBaseline(results, baseline);
    if (!out.json && comparison.length > 0) out.result(formatRegressions(comparison, flags.maxRegression, out.colors));
    if (missing.length > 0) out.info(out.colors.yellow(`${baseline.file} has no result for ${missing.join(', ')}: not compared`));
    if (baseline.machine?.node !== undefined && baseline.machine.node !== process.version) {
      out.info(out.colors.yellow(`the baseline was measured on Node ${baseline.machine.node}, this run on ${process.version}: the numbers may differ for that alone`));
    }
  }
  if (out.json) {
    const withComparison = comparison ? { baseline: { file: displayPath(baselineFile!), maxRegression: flags.maxRegression, comparison } } : {};
    out.data(options.all ? { results, ...withComparison } : { ...results[0], ...withComparison });
  }

  const failedEntirely = results.filter(onlyErrors);
  if (failedEntirely.length > 0) {
    const [first] = failedEntirely;
    const detail = first!.firstError ? `; the first error: ${first!.firstError.status} ${first!.firstError.body}` : '';
    throw new UserError(
      `${failedEntirely.map((result) => result.function).join(', ')}: every request failed (error rate ${(first!.errorRate * 100).toFixed(0)}% of ${first!.requests.total + first!.errors})${detail}`,
      { code: 'ONLY_ERRORS', alreadyReported: out.json },
    );
  }
  if (options.saveBaseline !== undefined) {
    const file = resolve(context.cwd, options.saveBaseline);
    if (interrupted) out.info(out.colors.yellow(`not saving ${displayPath(file)}: the run was stopped early`));
    else {
      saveBaseline(file, results);
      out.info(`baseline saved to ${displayPath(file)}`);
    }
  }
  const regressed = comparison?.filter((row) => row.regressed) ?? [];
  if (regressed.length > 0) {
    const list = regressed.map((row) => `${row.function} ${row.metric} ${row.changePercent >= 0 ? '+' : ''}${row.changePercent.toFixed(1)}%`).join(', ');
    throw new UserError(`regressed by more than ${flags.maxRegression}% against ${displayPath(baselineFile!)}: ${list}`, { code: 'BENCH_REGRESSION', exitCode: 3, alreadyReported: out.json });
  }
}
