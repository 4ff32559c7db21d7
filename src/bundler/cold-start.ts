// Cold start as a platform instance pays it: the time to import the bundle in a fresh process.
// Each run is a new process; the median of several is reported.
//
// Before the timed import the child imports a tiny module: an instance's host code (an ES module)
// has always loaded before the function, so Node's module loader is initialised by then. Its lazy
// set-up (3-4 ms on Node 20, the same for every function) would otherwise dominate the figure of a
// small function and hide what its own imports cost.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ColdStartOptions {
  /** Fresh processes to import the bundle in (default 5); the median is returned. */
  runs?: number;
  /** Environment of the child (default process.env): module scope may read it. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child (default process.cwd()). */
  cwd?: string;
  /** Per run (default 15 s): a module that never finishes loading must not hang the build. */
  timeoutMs?: number;
  /** Node flags before the script, e.g. ['--import', 'tsx'] to time a TypeScript source unbundled. */
  execArgv?: string[];
  /** Import a tiny module first, untimed (default true; see above). */
  warmUp?: boolean;
}

// Exits as soon as the time is printed: timers or sockets opened at module scope must not keep the
// child alive.
const IMPORT_TIMER = [
  'const [url, warmUpUrl] = process.argv.slice(1);',
  'if (warmUpUrl) await import(warmUpUrl);',
  'const started = performance.now();',
  'await import(url);',
  'process.stdout.write(String(performance.now() - started));',
  'process.exit(0);',
].join('\n');

export class ColdStartError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ColdStartError';
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** An empty module to warm the loader with, and its removal. */
function makeWarmUpModule(): { url: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'neosl-cold-start-'));
  const file = join(dir, 'warm-up.mjs');
  writeFileSync(file, 'export {};\n');
  return { url: pathToFileURL(file).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Milliseconds one fresh process takes to `import()` the module. */
export async function timeImport(moduleFile: string, options: ColdStartOptions = {}): Promise<number> {
  if (options.warmUp === false) return spawnTimer(moduleFile, undefined, options);
  const warmUp = makeWarmUpModule();
  try {
    return await spawnTimer(moduleFile, warmUp.url, options);
  } finally {
    warmUp.remove();
  }
}

function spawnTimer(moduleFile: string, warmUpUrl: string | undefined, options: ColdStartOptions): Promise<number> {
  const { env = process.env, cwd = process.cwd(), timeoutMs = 15_000, execArgv = [] } = options;
  const args = [...execArgv, '--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(moduleFile).href, ...(warmUpUrl ? [warmUpUrl] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(stdout.trim());
      if (code === 0 && stdout.trim() !== '' && Number.isFinite(ms)) return resolve(ms);
      const why = signal === 'SIGKILL' ? `did not finish loading within ${timeoutMs} ms` : `failed to load (exit code ${code})`;
      const firstLine = /^\w*Error\b.*$/m.exec(stderr)?.[0] ?? stderr.trim().split('\n')[0] ?? '';
      reject(new ColdStartError(`${moduleFile} ${why}${firstLine ? `: ${firstLine}` : ''}`, stderr));
    });
  });
}

/** Median ms of importing the bundle in a fresh process, over `runs` sequential runs. */
export async function measureColdStart(bundleFile: string, options: ColdStartOptions = {}): Promise<number> {
  const runs = Math.max(1, options.runs ?? 5);
  const times: number[] = [];
  const warmUp = options.warmUp === false ? undefined : makeWarmUpModule();
  try {
    // Sequential: parallel children would compete for the CPU (2 cores) and measure each other.
    for (let run = 0; run < runs; run++) times.push(await spawnTimer(bundleFile, warmUp?.url, options));
  } finally {
    warmUp?.remove();
  }
  return median(times);
}
