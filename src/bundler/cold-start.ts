// Cold start as a platform instance pays it: the time to import the bundle in a fresh process.
//
// The process is started before the bundle exists (an `ImportTimer`): it boots Node while esbuild
// bundles (`neosl build` starts one before it even reads neosl.yaml), then waits on its stdin for
// the bundle's URL and the instance's folder and extra environment, and only the import is timed.
// Booting the process is not part of the figure, so it need not be on the build's critical path.
//
// Before the timed import the child imports a tiny module: an instance's host code (an ES module)
// has always loaded before the function, so Node's module loader is initialised by then. Its lazy
// set-up (3-4 ms on Node 20, the same for every function) would otherwise dominate the figure of a
// small function and hide what its own imports cost.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../package-info.js';

export interface ColdStartOptions {
  /** Fresh processes to import the bundle in (default 5); the median is returned. */
  runs?: number;
  /** Environment of the child (default process.env): module scope may read it. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child (default process.cwd()). */
  cwd?: string;
  /** Per run, from the moment the module is handed over (default 15 s): a module that never finishes loading must not hang the build. */
  timeoutMs?: number;
  /** Node flags before the script, e.g. ['--import', 'tsx'] to time a TypeScript source unbundled. */
  execArgv?: string[];
  /** Import a tiny module first, untimed (default true; see above). */
  warmUp?: boolean;
}

/** Given with the module: what the instance would have that the process was not started with. */
export interface ImportSetup {
  /** The folder module scope runs in. */
  cwd?: string;
  /** Added to the process's environment before the import. */
  env?: Record<string, string>;
}

// Warms the loader up (importing WARM_UP_MODULE, given as its argument), waits for one line on
// stdin, {url, cwd, env} as JSON (none: it was not needed, exit quietly), imports the module and
// writes the time as one line on file descriptor 3 (the module may print on stdout). The parent
// stops the process as soon as that line is read: timers or sockets opened at module scope must not
// keep it alive, nor an exit handler.
const IMPORT_TIMER = [
  "import { writeSync } from 'node:fs';",
  'if (process.argv[1]) {',
  '  try {',
  '    await import(process.argv[1]);',
  '  } catch {',
  '    // Only the precision of the figure depends on it.',
  '  }',
  '}',
  "let input = '';",
  "process.stdin.setEncoding('utf8');",
  "for await (const chunk of process.stdin) { input += chunk; if (input.includes('\\n')) break; }",
  "if (!input.includes('\\n')) process.exit(0);",
  "const { url, cwd, env } = JSON.parse(input.slice(0, input.indexOf('\\n')));",
  'if (cwd) process.chdir(cwd);',
  'if (env) Object.assign(process.env, env);',
  'const started = performance.now();',
  'await import(url);',
  "writeSync(3, `${performance.now() - started}\\n`);",
  'process.exit(0);',
].join('\n');

/** An empty ES module of neosl's own (no temp file to write: the timing process boots on the build's critical path). */
const WARM_UP_MODULE = pathToFileURL(join(packageRoot, 'dist', 'bundler', 'warm-up-module.js')).href;

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

/** A fresh process, booted and waiting to time the import of one module. */
export interface ImportTimer {
  /** Milliseconds the import of `moduleFile` takes in it, run as `setup` says; the process then exits. Call once. */
  time(moduleFile: string, setup?: ImportSetup): Promise<number>;
  /** Stops the process without timing anything (its module was not built). */
  cancel(): void;
}

/** Starts the process now, to be handed its module later. */
export function startImportTimer(options: Omit<ColdStartOptions, 'runs'> = {}): ImportTimer {
  const { env = process.env, cwd = process.cwd(), timeoutMs = 15_000, execArgv = [], warmUp = true } = options;
  const child: ChildProcess & { stdin: NonNullable<ChildProcess['stdin']> } = spawn(
    process.execPath,
    [...execArgv, '--input-type=module', '-e', IMPORT_TIMER, ...(warmUp ? [WARM_UP_MODULE] : [])],
    { cwd, env, stdio: ['pipe', 'ignore', 'pipe', 'pipe'] },
  ) as ChildProcess & { stdin: NonNullable<ChildProcess['stdin']> };
  let figureLine = '';
  let stderr = '';
  let printed: () => void = () => undefined;
  /** Resolves when the figure's line is in: the process need not be waited for any longer. */
  const figure = new Promise<void>((resolve) => (printed = resolve));
  const figureStream = child.stdio[3] as NodeJS.ReadableStream;
  figureStream.setEncoding('utf8').on('data', (chunk: string) => {
    figureLine += chunk;
    if (figureLine.includes('\n')) printed();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A child that already exited (it failed to boot) must not crash the build with EPIPE: its exit is the error.
  child.stdin.on('error', () => undefined);
  let spawnError: Error | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      spawnError = error;
      resolve({ code: null, signal: null });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  let used = false;

  return {
    async time(moduleFile, setup = {}) {
      if (used) throw new Error('an ImportTimer times one module');
      used = true;
      child.stdin.end(`${JSON.stringify({ url: pathToFileURL(moduleFile).href, cwd: setup.cwd, env: setup.env })}\n`);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      const outcome = await Promise.race([figure.then(() => 'printed' as const), exited]).finally(() => clearTimeout(timer));
      if (spawnError) throw spawnError;
      const ms = Number(figureLine.trim());
      if (outcome === 'printed' && Number.isFinite(ms)) {
        // Already on its way out (process.exit); not waited for, nor left to run anything more.
        child.kill('SIGKILL');
        child.unref();
        for (const stream of [child.stdin, child.stderr, child.stdio[3]]) (stream as { destroy?: () => void } | null)?.destroy?.();
        return ms;
      }
      const code = outcome === 'printed' ? (await exited).code : outcome.code;
      if (code === 0 && figureLine.trim() !== '' && Number.isFinite(ms)) return ms;
      const why = timedOut ? `did not finish loading within ${timeoutMs} ms` : `failed to load (exit code ${code})`;
      const firstLine = /^\w*Error\b.*$/m.exec(stderr)?.[0] ?? stderr.trim().split('\n')[0] ?? '';
      throw new ColdStartError(`${moduleFile} ${why}${firstLine ? `: ${firstLine}` : ''}`, stderr);
    },
    cancel() {
      if (used) return;
      used = true;
      child.kill('SIGKILL');
    },
  };
}

/** Milliseconds one fresh process takes to `import()` the module. */
export async function timeImport(moduleFile: string, options: ColdStartOptions = {}): Promise<number> {
  return measureColdStart(moduleFile, { ...options, runs: 1 });
}

/** Median ms of importing the bundle in a fresh process, over `runs` sequential runs. */
export async function measureColdStart(bundleFile: string, options: ColdStartOptions = {}): Promise<number> {
  const runs = Math.max(1, options.runs ?? 5);
  const times: number[] = [];
  // Sequential: parallel children would compete for the CPU and measure each other.
  for (let run = 0; run < runs; run++) times.push(await startImportTimer(options).time(bundleFile));
  return median(times);
}
