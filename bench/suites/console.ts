// The web console (issue 17) costs the request path nothing and stays off the CLI's start path:
// - `neosl dev` throughput (POST /functions/hello, autocannon in its own process) with the console
//   open in headless chromium (on the functions page, connected to /_neosl/events, its sparklines
//   fed by the stream) against with no page open: one emulator, `NEOSL_BENCH_REPS` (default 6)
//   alternating reps (who goes first alternates), a fresh page for each "open" rep; the line judges
//   the median of the reps' ratios (target ≥ 0.95x). The browser shares the machine's cores, as it
//   does on a developer's laptop: its own CPU is part of what "the console open" costs.
// - `neosl --version` start-up of the working tree against a build of a previous version (git ref
//   NEOSL_BENCH_BASELINE_REF, default HEAD; extracted and built in a temp folder, the checkout is
//   untouched), interleaved runs; and the modules `neosl --version` loads, none of which may be the
//   console's (dist/ui, preact, uplot, anything named console), with dist/cli.cjs free of its code.
// Needs Debian's chromium (/usr/bin/chromium, or NEOSL_CHROMIUM); without it the throughput line is
// left out with a note on stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { autocannon, startEmulator, type RunningEmulator } from '../emulator-process.js';
import { median, medianWallTimes } from '../measure.js';
import { buildPreviousVersion } from '../previous-version.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/neosl.js', import.meta.url));
const cliBundle = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
const chromiumPath = process.env.NEOSL_CHROMIUM ?? '/usr/bin/chromium';

const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const connections = 50;
const reps = Math.max(2, Math.floor(Number(process.env.NEOSL_BENCH_REPS ?? 6)));
const runs = Number(process.env.NEOSL_BENCH_RUNS ?? 30);
const THROUGHPUT_TARGET = 0.95;
const STARTUP_TARGET = 1.05;

/** The console's code: the built front-end, its libraries, a module named after it. */
const CONSOLE_FILE = /[\\/]dist[\\/]ui[\\/](assets[\\/]|index\.html)|[\\/]node_modules[\\/](preact|uplot)[\\/]|console[^\\/]*\.(c|m)?js$/i;
/** Marks of the front-end's code inside a bundle. */
const CONSOLE_MARKS = /\buPlot\b|\bpreact\b|data-testid|_neosl\/ui\/assets/;

/** A page on the console's functions page, live on the events stream; throws when the console is not served. */
async function openConsole(browser: Browser, url: string): Promise<{ context: BrowserContext; sockets: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  const answer = await page.goto(`${url}/_neosl/ui#/functions`);
  if (answer?.status() !== 200) throw new Error(`GET ${url}/_neosl/ui answered ${answer?.status()}: is the console served (npm run build)?`);
  await page.locator('[data-testid="function-row"]').first().waitFor({ timeout: 15_000 });
  const deadline = Date.now() + 15_000;
  while (!/\blive\b/i.test((await page.locator('[data-testid="connection-status"]').textContent()) ?? '')) {
    if (Date.now() > deadline) throw new Error('the console did not say "live" within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!sockets.some((socket) => socket.includes('/_neosl/events'))) throw new Error(`the console opened no /_neosl/events WebSocket (opened: ${sockets.join(', ') || 'none'})`);
  // Its first render and data load done before the load starts.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { context, sockets };
}

async function throughputWithConsole(emulator: RunningEmulator, browser: Browser): Promise<BenchmarkResult> {
  const url = `${emulator.url}/functions/hello`;
  const load = { connections, seconds, method: 'POST', body };
  await autocannon(url, { ...load, seconds: 1 });
  const warm = await openConsole(browser, emulator.url);
  await autocannon(url, { ...load, seconds: 1 });
  await warm.context.close();

  const open: number[] = [];
  const closed: number[] = [];
  const p99Open: number[] = [];
  const p99Closed: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    // Alternating which goes first, so that a drift of the machine does not favour one side.
    const order = rep % 2 === 0 ? (['closed', 'open'] as const) : (['open', 'closed'] as const);
    for (const side of order) {
      const page = side === 'open' ? await openConsole(browser, emulator.url) : undefined;
      try {
        const result = await autocannon(url, load);
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors under load (console ${side})`);
        (side === 'open' ? open : closed).push(result.requestsPerSecond);
        (side === 'open' ? p99Open : p99Closed).push(result.p99);
      } finally {
        await page?.context.close();
      }
    }
  }
  const ratios = open.map((rate, index) => rate / closed[index]!);
  const list = (values: number[], digits: number) => values.map((value) => value.toFixed(digits)).join(', ');
  return {
    name: 'emulator throughput with the web console open',
    ours: { label: 'neosl dev POST /functions/hello, console open in chromium', value: median(open), unit: 'req/s' },
    baseline: { label: 'no console open', value: median(closed), unit: 'req/s' },
    better: 'higher',
    target: THROUGHPUT_TARGET,
    pairedRatio: median(ratios),
    notes: `autocannon -c ${connections} -d ${seconds} in its own process, ${reps} alternating reps, the page on #/functions live on /_neosl/events; open: ${list(open, 0)}; closed: ${list(closed, 0)}; per-rep ratios ${list(ratios, 2)}; p99 open ${list(p99Open, 0)} ms, closed ${list(p99Closed, 0)} ms`,
  };
}

/** The CommonJS modules `neosl --version` loads (its start path is CommonJS: bin/neosl.js → dist/cli.cjs). */
function modulesLoadedByVersion(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'neosl-bench-modules-'));
  try {
    const hook = join(dir, 'hook.cjs');
    const out = join(dir, 'modules.json');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const child = spawnSync(process.execPath, ['-r', hook, bin, '--version'], { stdio: 'ignore' });
    if (child.status !== 0) throw new Error(`neosl --version exited with ${child.status}`);
    return (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((file) => file !== hook);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function startupResults(): BenchmarkResult[] {
  const results: BenchmarkResult[] = [];
  const loaded = modulesLoadedByVersion();
  const consoleFiles = loaded.filter((file) => CONSOLE_FILE.test(file));
  const marks = [...new Set(readFileSync(cliBundle, 'utf8').match(new RegExp(CONSOLE_MARKS.source, 'g')) ?? [])];
  results.push({
    name: 'the web console off the CLI start path',
    ours: { label: 'console modules loaded by neosl --version', value: consoleFiles.length + marks.length, unit: 'files+marks' },
    baseline: { label: 'modules loaded by neosl --version', value: loaded.length, unit: 'files' },
    better: 'lower',
    target: 0,
    notes: `loaded: ${loaded.map((file) => file.replace(/^.*[\\/](dist|bin|node_modules)[\\/]/, '$1/')).join(', ')}; console files among them: ${consoleFiles.join(', ') || 'none'}; console code in dist/cli.cjs (${CONSOLE_MARKS.source}): ${marks.join(', ') || 'none'}`,
  });

  const ref = process.env.NEOSL_BENCH_BASELINE_REF ?? 'HEAD';
  let previous: ReturnType<typeof buildPreviousVersion> | undefined;
  try {
    previous = buildPreviousVersion(ref);
  } catch (error) {
    process.stderr.write(`console: no previous build of ${ref} to compare start-up with (${(error as Error).message.split('\n')[0]}); against node -e "" only\n`);
  }
  try {
    const commands = [{ args: ['-e', ''] }, { args: [bin, '--version'] }, ...(previous ? [{ args: [previous.bin, '--version'] }] : [])];
    const [bare, ours, before] = medianWallTimes(commands, runs);
    results.push({
      name: 'cli start-up with the web console',
      ours: { label: 'neosl --version (working tree)', value: ours!, unit: 'ms' },
      baseline: previous ? { label: `neosl --version at ${previous.label}`, value: before!, unit: 'ms' } : { label: 'node -e ""', value: bare!, unit: 'ms' },
      better: 'lower',
      target: previous ? STARTUP_TARGET : 1.5,
      notes: `median of ${runs} interleaved runs each; node -e "" ${bare!.toFixed(1)} ms`,
    });
  } finally {
    previous?.remove();
  }
  return results;
}

export const consoleBenchmarks: Benchmark = {
  name: 'console',
  async run() {
    const results: BenchmarkResult[] = [];
    if (existsSync(chromiumPath)) {
      const emulator = await startEmulator(fixture);
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
      try {
        results.push(await throughputWithConsole(emulator, browser));
      } finally {
        await browser.close();
        await emulator.stop();
      }
    } else {
      process.stderr.write(`console: no browser at ${chromiumPath} (install Debian's chromium): throughput with the console open left out\n`);
    }
    results.push(...startupResults());
    return results;
  },
};
