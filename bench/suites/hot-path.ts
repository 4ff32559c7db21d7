// The hot path (issue 15): how close `neosl dev` and `neosl serve` come to raw node:http serving the
// hello function, what the Ink dashboard on a terminal costs, the server CPU per request, `neosl
// build` against a bare node start and edit-to-served reload against a node start. Every figure is
// paired with its baseline in the same run: `NEOSL_BENCH_REPS` (default 5) rounds, each loading
// every server once (autocannon -c 50 for `NEOSL_BENCH_SECONDS`, default 5, in its own process),
// the order reversed every other round so that drift and a noisy neighbour hurt all alike. Each
// line gives both medians and judges the median of the rounds' ratios (ours over the baseline's of
// the same round), and lists the rounds' values.
//
//   npx tsx bench/perf.ts hot-path                          the working tree's build (bin/neosl.js)
//   NEOSL_BENCH_REF=HEAD npx tsx bench/perf.ts hot-path     a git ref, built apart (bench/previous-version.ts)
//   NEOSL_BENCH_REPS=2 NEOSL_BENCH_SECONDS=2 …              a quick look
//
// Server CPU per request: utime + stime of the server's process (all its threads, so the function
// instances' worker threads too) over a load, divided by the requests autocannon got answers to.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { startDevOnTerminal, showsDashboardFrame, type DevOnTerminal } from '../dev-on-terminal.js';
import { autocannon, cpuSeconds, editAndWait, startEmulator, type LoadResult, type RunningEmulator } from '../emulator-process.js';
import { rawHelloServer, startServerProcess } from '../hello-servers.js';
import { median, nodeWallTime, wallTimeRuns } from '../measure.js';
import { buildPreviousVersion, type PreviousVersion } from '../previous-version.js';
import { startServeFromDir, type ServedBuild } from '../serve-process.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const defaultBin = fileURLToPath(new URL('../../bin/neosl.js', import.meta.url));
const body = '{"name":"neo"}';
const connections = 50;
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const reps = Math.max(1, Math.floor(Number(process.env.NEOSL_BENCH_REPS ?? 5)));
/** Edit-to-served reloads, each paired with a node start. */
const reloadReps = Math.max(5, 2 * reps);

type ServerKey = 'raw' | 'dev' | 'serve' | 'dashboard';

interface LoadTarget {
  key: ServerKey;
  /** For progress lines and notes. */
  short: string;
  label: string;
  url: string;
  pid: number;
}

/** One load of one server, and what the server and the rest of the machine's servers spent meanwhile. */
interface LoadWindow {
  load: LoadResult;
  serverCpuUsPerRequest: number;
  clientCpuUsPerRequest: number | undefined;
  /** CPU the servers not under load used meanwhile, in cores (0.02 = 2% of one core). */
  bystanderCores: number;
  /** Bytes the dashboard wrote to its terminal a second (the dashboard's load only). */
  terminalBytesPerSecond?: number;
  /** CPU the terminal's side (`script`, reading the pseudo-terminal) used per request (the dashboard's load only). */
  terminalCpuUsPerRequest?: number;
}

function stderrLine(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function loadOnce(target: LoadTarget, all: LoadTarget[], terminal: DevOnTerminal | undefined): Promise<LoadWindow> {
  const cpuBefore = all.map((server) => cpuSeconds(server.pid));
  const bytesBefore = terminal?.terminalBytes();
  const terminalCpuBefore = terminal && cpuSeconds(terminal.terminalPid);
  const started = process.hrtime.bigint();
  const load = await autocannon(target.url, { connections, seconds, method: 'POST', body });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = all.map((server) => cpuSeconds(server.pid));
  const bytesAfter = terminal?.terminalBytes();
  const terminalCpuAfter = terminal && cpuSeconds(terminal.terminalPid);
  let bystanders = 0;
  let server = 0;
  all.forEach((each, index) => {
    const used = cpuAfter[index]! - cpuBefore[index]!;
    if (each === target) server = used;
    else bystanders += used;
  });
  const requests = Math.max(1, load.total);
  return {
    load,
    serverCpuUsPerRequest: (server * 1e6) / requests,
    clientCpuUsPerRequest: load.clientCpuSeconds === undefined ? undefined : (load.clientCpuSeconds * 1e6) / requests,
    bystanderCores: bystanders / elapsed,
    ...(bytesBefore !== undefined && bytesAfter !== undefined ? { terminalBytesPerSecond: (bytesAfter - bytesBefore) / elapsed } : {}),
    ...(terminalCpuBefore !== undefined && terminalCpuAfter !== undefined ? { terminalCpuUsPerRequest: ((terminalCpuAfter - terminalCpuBefore) * 1e6) / requests } : {}),
  };
}

/** A POST that must answer 200 with the hello greeting before a server is measured. */
async function checkHello(target: LoadTarget): Promise<void> {
  const response = await fetch(target.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('Hello, neo!')) throw new Error(`${target.label} (POST ${target.url}) answered ${response.status}: ${text.slice(0, 500)}`);
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const list = (values: number[], digits: number) => values.map((value) => fixed(value, digits)).join(', ');

/** The median of the reps' ratios, ours over the baseline's of the same rep. */
function pairedRatio(ours: number[], baseline: number[]): number {
  return median(ours.map((value, index) => value / baseline[index]!));
}

/** "reps dev: …; raw: …; per-rep ratios …": the values behind a paired median. */
function repsNote(oursShort: string, ours: number[], baselineShort: string, baseline: number[], digits: number): string {
  const ratios = ours.map((value, index) => value / baseline[index]!);
  return `reps ${oursShort}: ${list(ours, digits)}; ${baselineShort}: ${list(baseline, digits)}; per-rep ratios ${list(ratios, 2)}; ratio of the medians ${fixed(median(ours) / median(baseline), 2)}`;
}

interface Series {
  target: LoadTarget;
  windows: LoadWindow[];
}

const values = {
  rps: (series: Series) => series.windows.map((window) => window.load.requestsPerSecond),
  p99: (series: Series) => series.windows.map((window) => window.load.p99),
  cpu: (series: Series) => series.windows.map((window) => window.serverCpuUsPerRequest),
};

function failures(series: Series): string {
  const non2xx = series.windows.reduce((sum, window) => sum + window.load.non2xx, 0);
  const errors = series.windows.reduce((sum, window) => sum + window.load.errors, 0);
  return non2xx === 0 && errors === 0 ? '' : `; ${series.target.short}: ${non2xx} non-2xx, ${errors} errors`;
}

function throughputResult(name: string, ours: Series, baseline: Series, target: number, extra = ''): BenchmarkResult {
  const oursValues = values.rps(ours);
  const baselineValues = values.rps(baseline);
  return {
    name,
    ours: { label: ours.target.label, value: median(oursValues), unit: 'req/s' },
    baseline: { label: baseline.target.label, value: median(baselineValues), unit: 'req/s' },
    better: 'higher',
    target,
    pairedRatio: pairedRatio(oursValues, baselineValues),
    notes: `autocannon -c ${connections} -d ${seconds} in its own process, ${ours.windows.length} alternating reps; ${repsNote(ours.target.short, oursValues, baseline.target.short, baselineValues, 0)}${failures(ours)}${failures(baseline)}${extra}`,
  };
}

function latencyResult(name: string, ours: Series, baseline: Series): BenchmarkResult {
  const oursValues = values.p99(ours);
  const baselineValues = values.p99(baseline);
  return {
    name,
    ours: { label: `${ours.target.label}, p99`, value: median(oursValues), unit: 'ms' },
    baseline: { label: baseline.target.label, value: median(baselineValues), unit: 'ms' },
    better: 'lower',
    pairedRatio: pairedRatio(oursValues, baselineValues),
    notes: `the same loads; ${repsNote(ours.target.short, oursValues, baseline.target.short, baselineValues, 1)}`,
  };
}

function cpuResult(name: string, ours: Series, baseline: Series, extra = ''): BenchmarkResult {
  const oursValues = values.cpu(ours);
  const baselineValues = values.cpu(baseline);
  return {
    name,
    ours: { label: `${ours.target.label}, server CPU per request`, value: median(oursValues), unit: 'µs' },
    baseline: { label: baseline.target.label, value: median(baselineValues), unit: 'µs' },
    better: 'lower',
    pairedRatio: pairedRatio(oursValues, baselineValues),
    notes: `utime+stime of the server process (all threads) / requests answered, the same loads; ${repsNote(ours.target.short, oursValues, baseline.target.short, baselineValues, 1)}${extra}`,
  };
}

/**
 * On a machine whose cores the server and autocannon saturate together, throughput follows their
 * total CPU per request: the server CPU per request at which the hello reaches `ratio` of raw's.
 */
function cpuBudget(raw: Series, all: Series[], ratio: number): string {
  const client = all.flatMap((series) => series.windows.map((window) => window.clientCpuUsPerRequest)).filter((value): value is number => value !== undefined);
  if (client.length === 0) return '';
  const clientUs = median(client);
  const rawUs = median(values.cpu(raw));
  const budget = (rawUs + clientUs) / ratio - clientUs;
  const cores = availableParallelism();
  return `; autocannon itself took ${fixed(clientUs, 1)} µs/request (median)${cores <= 2 ? `, so on these ${cores} saturated cores ${ratio}x of raw's throughput needs ≤ ~${fixed(budget, 0)} µs/request of server CPU` : ''}`;
}

async function loads(neoslBin: string): Promise<{ results: BenchmarkResult[]; dev: RunningEmulator }> {
  let raw: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  let dev: RunningEmulator | undefined;
  let serve: ServedBuild | undefined;
  let dashboard: DevOnTerminal | undefined;
  let keepDev = false;
  try {
    raw = await startServerProcess(rawHelloServer);
    dev = await startEmulator(fixture, [], neoslBin);
    serve = await startServeFromDir(fixture, neoslBin);
    dashboard = await startDevOnTerminal(fixture, neoslBin);
    const targets: LoadTarget[] = [
      { key: 'raw', short: 'raw', label: 'raw node:http hello', url: raw.url, pid: raw.pid },
      { key: 'dev', short: 'dev', label: 'neosl dev --no-dashboard POST /functions/hello', url: `${dev.url}/functions/hello`, pid: dev.child.pid! },
      { key: 'serve', short: 'serve', label: 'neosl serve --from-dir POST /functions/hello', url: `${serve.url}/functions/hello`, pid: serve.child.pid! },
      { key: 'dashboard', short: 'dashboard', label: 'neosl dev, Ink dashboard on a pseudo-terminal', url: `${dashboard.url}/functions/hello`, pid: dashboard.pid },
    ];
    const series = new Map<ServerKey, Series>(targets.map((target) => [target.key, { target, windows: [] }]));
    const terminalOf = (target: LoadTarget) => (target.key === 'dashboard' ? dashboard : undefined);

    for (const target of targets) await checkHello(target);
    // Warm-up: instances started and the JIT warm in every server before a measured round.
    for (const target of targets) await autocannon(target.url, { connections, seconds: 1, method: 'POST', body });

    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? targets : [...targets].reverse();
      const parts: string[] = [];
      for (const target of order) {
        const window = await loadOnce(target, targets, terminalOf(target));
        series.get(target.key)!.windows.push(window);
        parts.push(`${target.short} ${fixed(window.load.requestsPerSecond, 0)} req/s p99 ${window.load.p99} ms ${fixed(window.serverCpuUsPerRequest, 1)} µs/req`);
      }
      stderrLine(`hot-path rep ${rep + 1}/${reps}: ${parts.join(' · ')}`);
    }

    // The dashboard must still be drawing after the loads, not only at start-up.
    const tail = dashboard.terminalText(256 * 1024);
    if (!showsDashboardFrame(tail)) throw new Error(`the dashboard's frame is missing from the last 256 KiB its terminal got after the loads:\n${tail.slice(-2000)}`);

    const [rawSeries, devSeries, serveSeries, dashboardSeries] = (['raw', 'dev', 'serve', 'dashboard'] as const).map((key) => series.get(key)!) as [Series, Series, Series, Series];
    const bystanders = Math.max(...[...series.values()].flatMap((each) => each.windows.map((window) => window.bystanderCores)));
    const terminalRates = dashboardSeries.windows.map((window) => window.terminalBytesPerSecond ?? 0);
    const dashboardCpu = values.cpu(dashboardSeries);
    const terminalCpu = dashboardSeries.windows.map((window) => window.terminalCpuUsPerRequest ?? 0);
    const results: BenchmarkResult[] = [
      throughputResult('hot-path dev throughput', devSeries, rawSeries, 0.8, `; the idle servers used at most ${fixed(bystanders * 100, 1)}% of a core during another's load`),
      throughputResult('hot-path serve throughput', serveSeries, rawSeries, 0.8),
      throughputResult(
        'hot-path dashboard throughput',
        dashboardSeries,
        devSeries,
        0.9,
        `; dev's plain lines go to a file; the dashboard wrote ${list(terminalRates.map((rate) => rate / 1024), 0)} KiB/s to its terminal; its server CPU ${list(dashboardCpu, 1)} µs/req (median ${fixed(median(dashboardCpu), 1)}), the terminal's side (script) ${list(terminalCpu, 1)} µs/req`,
      ),
      cpuResult('hot-path server CPU per request, dev', devSeries, rawSeries, cpuBudget(rawSeries, [...series.values()], 0.8)),
      cpuResult('hot-path server CPU per request, serve', serveSeries, rawSeries),
      cpuResult('hot-path server CPU per request, dashboard', dashboardSeries, devSeries),
      latencyResult('hot-path p99 latency, dev', devSeries, rawSeries),
      latencyResult('hot-path p99 latency, serve', serveSeries, rawSeries),
      latencyResult('hot-path p99 latency, dashboard', dashboardSeries, devSeries),
    ];
    keepDev = true;
    return { results, dev };
  } finally {
    raw?.stop();
    await serve?.stop();
    await dashboard?.stop();
    if (!keepDev) await dev?.stop();
  }
}

/** Edit-to-served reloads of the hello function, each followed by a `node -e ""` start: paired medians. */
async function reloads(dev: RunningEmulator): Promise<BenchmarkResult> {
  // One reload and one node start unmeasured: the first rebuild and the file cache.
  await editAndWait(dev, 1);
  nodeWallTime({ args: ['-e', ''] });
  const reloadTimes: number[] = [];
  const nodeTimes: number[] = [];
  for (let rep = 0; rep < reloadReps; rep++) {
    reloadTimes.push(await editAndWait(dev, rep + 2));
    nodeTimes.push(nodeWallTime({ args: ['-e', ''] }));
  }
  stderrLine(`hot-path reloads: ${list(reloadTimes, 0)} ms; node starts: ${list(nodeTimes, 0)} ms`);
  return {
    name: 'hot-path reload latency',
    ours: { label: 'neosl dev, edit to served', value: median(reloadTimes), unit: 'ms' },
    baseline: { label: 'node -e ""', value: median(nodeTimes), unit: 'ms' },
    better: 'lower',
    target: 0.6,
    pairedRatio: pairedRatio(reloadTimes, nodeTimes),
    notes: `${reloadReps} alternating reps; ${repsNote('reload', reloadTimes, 'node', nodeTimes, 0)}`,
  };
}

/**
 * `neosl build` of the hello project against `node -e ""`, runs alternating after one warm-up each
 * (which fills neosl's code cache, as a user's first build does), and the same build without the
 * code cache (NODE_DISABLE_COMPILE_CACHE=1: what the first build after an install costs).
 */
function build(neoslBin: string): BenchmarkResult[] {
  const root = mkdtempSync(join(tmpdir(), 'neosl-bench-build-'));
  const dir = join(root, 'app');
  cpSync(fixture, dir, { recursive: true });
  try {
    // A code cache of the bench's own, so that the user's does not decide the figure.
    const env = { ...process.env, NO_COLOR: '1', NEOSL_CONFIG_DIR: join(root, 'config'), XDG_CACHE_HOME: join(root, 'cache') };
    const uncached = { ...env, NODE_DISABLE_COMPILE_CACHE: '1' };
    const [buildTimes, nodeTimes, uncachedTimes] = wallTimeRuns(
      [
        { args: [neoslBin, 'build'], cwd: dir, env },
        { args: ['-e', ''] },
        { args: [neoslBin, 'build'], cwd: dir, env: uncached },
      ],
      reps,
      1,
    ) as [number[], number[], number[]];
    stderrLine(`hot-path builds: ${list(buildTimes, 0)} ms; without the code cache: ${list(uncachedTimes, 0)} ms; node starts: ${list(nodeTimes, 0)} ms`);
    const baseline = { label: 'node -e ""', value: median(nodeTimes), unit: 'ms' };
    return [
      {
        name: 'hot-path build wall time',
        ours: { label: 'neosl build, hello project', value: median(buildTimes), unit: 'ms' },
        baseline,
        better: 'lower',
        target: 3,
        pairedRatio: pairedRatio(buildTimes, nodeTimes),
        notes: `${reps} alternating reps after one warm-up each (it fills the code cache); ${repsNote('build', buildTimes, 'node', nodeTimes, 0)}`,
      },
      {
        name: 'hot-path build wall time, no code cache',
        ours: { label: 'neosl build, hello project, NODE_DISABLE_COMPILE_CACHE=1 (a first build after an install)', value: median(uncachedTimes), unit: 'ms' },
        baseline,
        better: 'lower',
        pairedRatio: pairedRatio(uncachedTimes, nodeTimes),
        notes: `the same rounds; ${repsNote('build', uncachedTimes, 'node', nodeTimes, 0)}`,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const hotPathBenchmarks: Benchmark = {
  name: 'hot-path',
  async run() {
    const ref = process.env.NEOSL_BENCH_REF;
    let previous: PreviousVersion | undefined;
    if (ref) {
      stderrLine(`hot-path: building neosl at ${ref} apart…`);
      previous = buildPreviousVersion(ref);
    }
    const neoslBin = previous?.bin ?? defaultBin;
    const started = Date.now();
    try {
      const { results, dev } = await loads(neoslBin);
      try {
        results.push(await reloads(dev));
      } finally {
        await dev.stop();
      }
      results.push(...build(neoslBin));
      stderrLine(`hot-path: ${Math.round((Date.now() - started) / 1000)} s, ${reps} reps of ${seconds} s loads, ${availableParallelism()} cores${previous ? `, neosl ${previous.label}` : ''}`);
      if (previous) for (const result of results) result.notes = `neosl ${previous.label}; ${result.notes ?? ''}`;
      return results;
    } finally {
      previous?.remove();
    }
  },
};
