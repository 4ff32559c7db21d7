// Starts the worker thread of an instance. Compiled (dist/runtime/worker/entry.js) it is a plain ESM
// entry; from the TypeScript sources (tests under vitest) the entry is entry.ts, loaded through
// tsx's loader registered inside the worker (Node 20 does not apply `--import tsx` from a worker's
// execArgv to its main module).
//
// Instances get no Node flags of the host (a test runner's, an --inspect …) except profiling:
// `neosl dev --cpu-prof` (setInstanceCpuProfiling), or the host's own `node --cpu-prof …`, gives each
// instance --cpu-prof too, so a function can be profiled where it runs. (A debugger needs no flag:
// the host's inspector shows every worker thread as a target.)
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

export interface InstanceCpuProfiling {
  /** Where each instance writes its .cpuprofile when it stops (created if missing). */
  dir: string;
}

/** The host's own profiling flags (`node --cpu-prof --cpu-prof-dir D bin/neosl.js …`), for its instances too. */
export function inheritedCpuProfFlags(hostExecArgv: readonly string[]): string[] {
  if (!hostExecArgv.includes('--cpu-prof')) return [];
  const flags = ['--cpu-prof'];
  hostExecArgv.forEach((flag, index) => {
    if (/^--cpu-prof-(?:dir|interval)=/.test(flag)) flags.push(flag);
    else if ((flag === '--cpu-prof-dir' || flag === '--cpu-prof-interval') && hostExecArgv[index + 1] !== undefined) flags.push(`${flag}=${hostExecArgv[index + 1]}`);
  });
  return flags;
}

let instanceExecArgv: string[] = inheritedCpuProfFlags(process.execArgv);

/**
 * Every instance launched from now on writes a CPU profile into `profiling.dir` when it stops
 * (Node's name: CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile); undefined: none do.
 */
export function setInstanceCpuProfiling(profiling: InstanceCpuProfiling | undefined): void {
  instanceExecArgv = profiling ? ['--cpu-prof', `--cpu-prof-dir=${profiling.dir}`] : [];
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
    // Explicit: a worker would otherwise inherit the host's flags (see above). Source maps are
    // turned on by the entry itself, just before it imports the bundle.
    execArgv: instanceExecArgv,
    workerData: workerData ?? null,
    resourceLimits,
    env,
    // Function output is routed by the runtime (the 'console' event, else the host's stderr), so
    // that it never mixes into a command's JSON on stdout.
    stdout: true,
    stderr: true,
  });
}
