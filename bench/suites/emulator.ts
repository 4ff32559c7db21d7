// neosl dev: throughput of the hello function against a raw node:http hello server (autocannon in
// its own process, both servers in their own processes), edit-to-served reload latency against the
// start-up of `node -e ""`, and memory after 300 reloads against after 10.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { autocannon, editAndWait, startEmulator } from '../emulator-process.js';
import { median, medianWallTimes } from '../measure.js';
import { rawHelloServer, startServerProcess, workerHopServer } from '../hello-servers.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);

async function post(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return response.text();
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

export const emulatorBenchmarks: Benchmark = {
  name: 'emulator',
  async run() {
    const results: BenchmarkResult[] = [];
    const raw = await startServerProcess(rawHelloServer);
    const workerHop = await startServerProcess(workerHopServer);
    const emulator = await startEmulator(fixture);
    try {
      await post(`${emulator.url}/functions/hello`);
      await autocannon(`${emulator.url}/functions/hello`, { connections: 50, seconds: 1, method: 'POST', body });
      const rawLoad = await autocannon(raw.url, { connections: 50, seconds, method: 'POST', body });
      const devLoad = await autocannon(`${emulator.url}/functions/hello`, { connections: 50, seconds, method: 'POST', body });
      results.push({
        name: 'emulator throughput',
        ours: { label: 'neosl dev POST /functions/hello', value: devLoad.requestsPerSecond, unit: 'req/s' },
        baseline: { label: 'raw node:http hello', value: rawLoad.requestsPerSecond, unit: 'req/s' },
        better: 'higher',
        target: 0.8,
        notes: `autocannon -c 50 -d ${seconds} in its own process; p99 ${devLoad.p99} ms vs ${rawLoad.p99} ms; non-2xx ${devLoad.non2xx}`,
      });
      const hopLoad = await autocannon(workerHop.url, { connections: 50, seconds, method: 'POST', body });
      results.push({
        name: 'emulator vs the worker-thread floor',
        ours: { label: 'neosl dev POST /functions/hello', value: devLoad.requestsPerSecond, unit: 'req/s' },
        baseline: { label: 'node:http + one worker round trip, no neosl', value: hopLoad.requestsPerSecond, unit: 'req/s' },
        better: 'higher',
        notes: `the floor itself is ${(hopLoad.requestsPerSecond / rawLoad.requestsPerSecond).toFixed(2)}x of raw node:http`,
      });

      const reloads: number[] = [];
      for (let version = 1; version <= 10; version++) reloads.push(await editAndWait(emulator, version));
      const rssAfter10 = rssBytes(emulator.child.pid!);
      const [bareNode] = medianWallTimes([{ args: ['-e', ''] }], 15);
      results.push({
        name: 'reload latency',
        ours: { label: 'edit to served (median of 10)', value: median(reloads), unit: 'ms' },
        baseline: { label: 'node -e ""', value: bareNode!, unit: 'ms' },
        better: 'lower',
        target: 1.0,
      });

      for (let version = 11; version <= 300; version++) await editAndWait(emulator, version);
      const rssAfter300 = rssBytes(emulator.child.pid!);
      results.push({
        name: 'reload memory',
        ours: { label: 'RSS after 300 reloads', value: rssAfter300 / 2 ** 20, unit: 'MiB' },
        baseline: { label: 'after 10', value: rssAfter10 / 2 ** 20, unit: 'MiB' },
        better: 'lower',
        target: 1.2,
      });
    } finally {
      raw.stop();
      workerHop.stop();
      await emulator.stop();
    }
    return results;
  },
};
