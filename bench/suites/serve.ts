// neosl serve: throughput of the deployed hello function against a raw node:http hello server and
// against neosl dev (autocannon in its own process, each server in its own), and the wall time of
// `neosl deploy` (nothing changed; one function of three changed) against `neosl build` alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { autocannon, startEmulator, type LoadResult, type RunningEmulator } from '../emulator-process.js';
import { rawHelloServer, startServerProcess } from '../hello-servers.js';
import { median } from '../measure.js';
import { startServeWithProject, type RunningHost } from '../serve-process.js';

const helloFixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const deployFixture = fileURLToPath(new URL('../fixtures/deploy-project', import.meta.url));
const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
/** Timed runs of each command (after one warm-up), and interleaved autocannon rounds per server. */
const runs = 5;
const loadRounds = 3;

function sum(rounds: LoadResult[], key: 'non2xx' | 'errors'): number {
  return rounds.reduce((total, round) => total + round[key], 0);
}

/** The round with the median throughput. */
function medianLoad(rounds: LoadResult[]): LoadResult {
  return [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[rounds.length >> 1]!;
}

async function throughput(): Promise<BenchmarkResult[]> {
  const raw = await startServerProcess(rawHelloServer);
  let host: RunningHost | undefined;
  let dev: RunningEmulator | undefined;
  try {
    host = await startServeWithProject(helloFixture);
    dev = await startEmulator(helloFixture);
    const serveUrl = `${host.url}/functions/hello`;
    const devUrl = `${dev.url}/functions/hello`;
    const first = await fetch(serveUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    if (first.status !== 200) throw new Error(`POST ${serveUrl} answered ${first.status}: ${await first.text()}`);
    for (const url of [serveUrl, devUrl]) await autocannon(url, { connections: 50, seconds: 1, method: 'POST', body });
    // Rounds interleaved, the median of each: a burst from a neighbour on the machine then hurts one
    // round of each server, not all of one server's figure.
    const loads = { raw: [] as LoadResult[], serve: [] as LoadResult[], dev: [] as LoadResult[] };
    for (let round = 0; round < loadRounds; round++) {
      loads.raw.push(await autocannon(raw.url, { connections: 50, seconds, method: 'POST', body }));
      loads.serve.push(await autocannon(serveUrl, { connections: 50, seconds, method: 'POST', body }));
      loads.dev.push(await autocannon(devUrl, { connections: 50, seconds, method: 'POST', body }));
    }
    const [rawLoad, serveLoad, devLoad] = [medianLoad(loads.raw), medianLoad(loads.serve), medianLoad(loads.dev)];
    const serve = { label: 'neosl serve POST /functions/hello', value: serveLoad.requestsPerSecond, unit: 'req/s' };
    return [
      {
        name: 'serve throughput',
        ours: serve,
        baseline: { label: 'raw node:http hello', value: rawLoad.requestsPerSecond, unit: 'req/s' },
        better: 'higher',
        target: 0.8,
        notes: `autocannon -c 50 -d ${seconds} in its own process, median of ${loadRounds} interleaved rounds; p99 ${serveLoad.p99} ms vs ${rawLoad.p99} ms; non-2xx ${sum(loads.serve, 'non2xx')}, errors ${sum(loads.serve, 'errors')}`,
      },
      {
        name: 'serve vs dev throughput',
        ours: serve,
        baseline: { label: 'neosl dev, same function', value: devLoad.requestsPerSecond, unit: 'req/s' },
        better: 'higher',
        notes: `the same function host behind both; dev is ${(devLoad.requestsPerSecond / rawLoad.requestsPerSecond).toFixed(2)}x of raw node:http in this run`,
      },
    ];
  } finally {
    raw.stop();
    await host?.stop();
    await dev?.stop();
  }
}

/** Median wall times of `ours` and `baseline`, interleaved so that a noisy neighbour hurts both alike, after one warm-up each. */
function interleaved(ours: () => number, baseline: () => number): { ours: number; baseline: number } {
  ours();
  baseline();
  const oursTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let round = 0; round < runs; round++) {
    oursTimes.push(ours());
    baselineTimes.push(baseline());
  }
  return { ours: median(oursTimes), baseline: median(baselineTimes) };
}

function deployUnchanged(host: RunningHost): BenchmarkResult {
  const times = interleaved(
    () => {
      const run = host.deploy();
      if (!run.stdout.includes('Version: v1')) throw new Error(`an unchanged deploy made a new version:\n${run.stdout}`);
      return run.ms;
    },
    () => host.neosl(['build']).ms,
  );
  return {
    name: 'deploy wall time, unchanged',
    ours: { label: `neosl deploy, No changes (median of ${runs})`, value: times.ours, unit: 'ms' },
    baseline: { label: 'neosl build', value: times.baseline, unit: 'ms' },
    better: 'lower',
    target: 1.5,
    notes: 'deploy: CLI start, config, a full build of 3 functions, 2 host requests, the diff; build also measures each cold start (5 runs each), deploy does not',
  };
}

function deployOneChanged(host: RunningHost): BenchmarkResult {
  const file = join(host.projectDir, 'functions', 'quote.ts');
  let edition = 0;
  const edit = () => writeFileSync(file, readFileSync(file, 'utf8').replace(/const EDITION = '[^']*';/, `const EDITION = 'e${++edition}';`));
  let version = '';
  const times = interleaved(
    () => {
      edit();
      const run = host.deploy();
      const line = /Version: (v\d+)\s*$/.exec(run.stdout)?.[1];
      if (line === undefined || line === version) throw new Error(`the changed deploy did not make a new version:\n${run.stdout}`);
      version = line;
      return run.ms;
    },
    () => {
      edit();
      return host.neosl(['build']).ms;
    },
  );
  return {
    name: 'deploy wall time, one function changed',
    ours: { label: `neosl deploy, 1 of 3 changed (median of ${runs})`, value: times.ours, unit: 'ms' },
    baseline: { label: 'neosl build', value: times.baseline, unit: 'ms' },
    better: 'lower',
    target: 2,
    notes: `deploy: the above plus uploading the changed bundle and its map, starting the new version on the host and switching; ${version} at the end`,
  };
}

export const serveBenchmarks: Benchmark = {
  name: 'serve',
  async run() {
    const results: BenchmarkResult[] = await throughput();
    const host = await startServeWithProject(deployFixture);
    try {
      results.push(deployUnchanged(host));
      results.push(deployOneChanged(host));
    } finally {
      await host.stop();
    }
    return results;
  },
};
