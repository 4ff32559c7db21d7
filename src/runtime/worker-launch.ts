// Starts the worker thread of an instance. Compiled (dist/runtime/worker/entry.js) it is a plain ESM
// entry; from the TypeScript sources (tests under vitest) the entry is entry.ts, loaded through
// tsx's loader registered inside the worker (Node 20 does not apply `--import tsx` from a worker's
// execArgv to its main module).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerData } from './protocol.js';

interface Entry {
  /** A file URL, or the code of an eval'd bootstrap. */
  target: URL | string;
  eval: boolean;
}

let entry: Entry | undefined;

function resolveEntry(): Entry {
  const compiled = new URL('./worker/entry.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { target: compiled, eval: false };
  const source = new URL('./worker/entry.ts', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  // tsx turns source maps on for itself: turned off again, the entry's own switch decides, as it
  // does in the compiled runtime (and the source-map test keeps testing it).
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); process.setSourceMapsEnabled(false); return import(${JSON.stringify(source.href)}); })`;
  return { target: code, eval: true };
}

export interface LaunchOptions {
  /** Undefined for a standby: it boots and then waits for a `start` message carrying its data. */
  workerData: WorkerData | undefined;
  resourceLimits: ResourceLimits;
  /** The worker's process.env. */
  env: Record<string, string | undefined>;
}

export function launchWorker({ workerData, resourceLimits, env }: LaunchOptions): Worker {
  entry ??= resolveEntry();
  return new Worker(entry.target, {
    eval: entry.eval,
    // Explicit: a worker would otherwise inherit the host's flags (a test runner's, an --inspect …).
    // Source maps are turned on by the entry itself, just before it imports the bundle.
    execArgv: [],
    workerData: workerData ?? null,
    resourceLimits,
    env,
    // Function output is routed by the runtime (the 'console' event, else the host's stderr), so
    // that it never mixes into a command's JSON on stdout.
    stdout: true,
    stderr: true,
  });
}
