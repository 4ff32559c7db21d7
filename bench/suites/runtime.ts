// The runtime's invoke path against calling the function directly: invocations per second of a
// trivial function through createRuntime (one warm instance, 64 requests in flight) and through a
// plain in-process call (same concurrency, same duration). The ratio is the price of the worker
// hop, the invoke protocol and the bookkeeping; no target, it is reported. A second line compares
// with a bare worker round trip, the floor of any worker-based runtime.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Benchmark } from '../benchmark.js';
import type { FunctionConfig } from '../../src/config/types.js';
import type * as RuntimeModule from '../../src/runtime/index.js';
import { createTestContext } from '../../src/sdk/testing.js';

const CONCURRENCY = 64;
const DURATION_MS = 2000;
const WARMUP_MS = 500;

const trivialFunction = `export default async function hello(input) {
  return { greeting: 'hello ' + input.name };
}
`;

// The floor under any worker-based runtime: a bare worker that answers each message (the same
// request and answer shapes) with the function's result, and a promise per request on the host.
const bareWorkerSource = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  Promise.resolve({ greeting: 'hello ' + m.input.name }).then((value) => parentPort.postMessage({ id: m.id, ok: true, value, durationMs: 0 }));
});`;

function bareWorker(): { call(input: unknown): Promise<unknown>; close(): Promise<number> } {
  const worker = new Worker(bareWorkerSource, { eval: true });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  worker.on('message', (message: { id: number }) => {
    const resolve = pending.get(message.id)!;
    pending.delete(message.id);
    resolve(message);
  });
  return {
    call: (input) =>
      new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        worker.postMessage({ id, input, requestId: randomUUID() });
      }),
    close: () => worker.terminate(),
  };
}

/** The compiled runtime (what users run; `npm run bench:perf` builds it), else the sources. */
async function loadRuntime(): Promise<{ module: typeof RuntimeModule; compiled: boolean }> {
  const compiled = fileURLToPath(new URL('../../dist/runtime/index.js', import.meta.url));
  if (existsSync(compiled)) return { module: (await import(pathToFileURL(compiled).href)) as typeof RuntimeModule, compiled: true };
  return { module: await import('../../src/runtime/index.js'), compiled: false };
}

function config(): FunctionConfig {
  return {
    name: 'hello',
    handler: { file: 'hello.mjs', raw: 'hello.mjs' },
    timeoutMs: 30_000,
    memoryMb: 256,
    secrets: [],
    environment: {},
    scaling: { minInstances: 1, maxInstances: 1, targetConcurrency: 1000, cooldownMs: 300_000 },
    triggers: [],
    bench: { connections: CONCURRENCY, durationMs: DURATION_MS },
    permissions: [],
  };
}

/** Completed calls per second with `concurrency` calls kept in flight for about `ms`. */
async function throughput(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  let done = 0;
  const started = performance.now();
  const end = started + ms;
  const lane = async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return (done / (performance.now() - started)) * 1000;
}

export const runtimeBenchmarks: Benchmark = {
  name: 'runtime',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'neosl-bench-runtime-'));
    const bundleFile = join(dir, 'hello.mjs');
    writeFileSync(bundleFile, trivialFunction);
    const { module, compiled } = await loadRuntime();
    const runtime = module.createRuntime({ projectDir: dir, functions: { hello: { config: config(), bundleFile } }, state: { databaseFile: ':memory:' } });
    const test = await createTestContext({ functionName: 'hello' });
    try {
      const handler = ((await import(pathToFileURL(bundleFile).href)) as { default: (input: unknown, context: unknown) => Promise<unknown> }).default;
      const input = { name: 'neo' };
      const viaRuntime = async () => {
        const outcome = await runtime.invoke('hello', input);
        if (!outcome.ok) throw new Error(`runtime bench: ${outcome.error.message}`);
      };
      const direct = () => handler(input, test.context);

      const bare = bareWorker();
      const viaBareWorker = () => bare.call(input);

      await throughput(viaRuntime, CONCURRENCY, WARMUP_MS);
      await throughput(direct, CONCURRENCY, WARMUP_MS);
      await throughput(viaBareWorker, CONCURRENCY, WARMUP_MS);
      const ours = await throughput(viaRuntime, CONCURRENCY, DURATION_MS);
      const baseline = await throughput(direct, CONCURRENCY, DURATION_MS);
      const floor = await throughput(viaBareWorker, CONCURRENCY, DURATION_MS);
      await bare.close();
      const stats = runtime.stats('hello');
      if (stats.instancesStarted !== 1) throw new Error(`runtime bench: expected one instance, ${stats.instancesStarted} started`);
      const runtimeLabel = `runtime.invoke (1 warm instance, ${CONCURRENCY} in flight)`;
      const notes = `${DURATION_MS / 1000} s each after ${WARMUP_MS} ms warm-up; ${(1e6 / ours).toFixed(1)} µs per invocation; ${compiled ? 'dist/' : 'src/ via tsx (no dist/)'}`;
      return [
        {
          name: 'runtime invoke',
          ours: { label: runtimeLabel, value: ours, unit: 'invocations/s' },
          baseline: { label: 'the same function called in-process', value: baseline, unit: 'invocations/s' },
          better: 'higher',
          notes,
        },
        {
          name: 'runtime invoke',
          ours: { label: runtimeLabel, value: ours, unit: 'invocations/s' },
          baseline: { label: 'a bare worker answering each message', value: floor, unit: 'invocations/s' },
          better: 'higher',
          notes: 'the same hop without context, timeouts, pools or events',
        },
      ];
    } finally {
      await runtime.close();
      await test.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
