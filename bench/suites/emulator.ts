// neosl dev: throughput of the hello function against a raw node:http hello server (autocannon in
// its own process, both servers in their own processes), edit-to-served reload latency against the
// start-up of `node -e ""`, and memory after 300 reloads against after 10.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { autocannon, startEmulator, type RunningEmulator } from '../emulator-process.js';
import { median, medianWallTimes } from '../measure.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);

const rawServer = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const input = JSON.parse(text || '{}');
    const payload = JSON.stringify({ message: 'Hello, ' + (input.name ?? 'world') + '!' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

// The floor for any emulator that isolates functions in worker threads: the same hello, computed in
// a worker, one postMessage each way per request, no neosl code. Shows how much of the gap to raw
// node is the thread hop and how much is neosl's own per-request work.
const workerHopServer = `
const http = require('node:http');
const { Worker } = require('node:worker_threads');
const worker = new Worker(\`
  const { parentPort } = require('node:worker_threads');
  parentPort.on('message', ({ id, input }) => parentPort.postMessage({ id, value: { message: 'Hello, ' + (input.name ?? 'world') + '!' } }));
\`, { eval: true });
const pending = new Map();
let nextId = 0;
worker.on('message', ({ id, value }) => { const done = pending.get(id); pending.delete(id); done(value); });
const server = http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const id = nextId++;
    pending.set(id, (value) => {
      const payload = JSON.stringify(value);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
    worker.postMessage({ id, input: JSON.parse(text || '{}') });
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function startRawServer(source = rawServer): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk.trim())));
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill() };
}

async function post(url: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return response.text();
}

/** Writes a new version of the function and resolves with the ms until a response shows it. */
async function editAndWait(emulator: RunningEmulator, version: number): Promise<number> {
  const file = join(emulator.dir, 'functions', 'hello.ts');
  const source = readFileSync(file, 'utf8').replace(/Hello(?: v\d+)?,/, `Hello v${version},`);
  const expected = `Hello v${version},`;
  const started = performance.now();
  writeFileSync(file, source);
  for (;;) {
    if ((await post(`${emulator.url}/functions/hello`)).includes(expected)) return performance.now() - started;
    if (performance.now() - started > 10_000) throw new Error(`version ${version} was not served within 10 s`);
  }
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

export const emulatorBenchmarks: Benchmark = {
  name: 'emulator',
  async run() {
    const results: BenchmarkResult[] = [];
    const raw = await startRawServer();
    const workerHop = await startRawServer(workerHopServer);
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
