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
import { pathToFileURL } from 'node:url';

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

// Warms the loader up (a temp module of its own), waits for one line on stdin, {url, cwd, env} as
// JSON (none: it was not needed, exit quietly), imports the module and exits as soon as the time is
// printed: timers or sockets opened at module scope must not keep the child alive.
const IMPORT_TIMER = [
  "import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';",
  "import { tmpdir } from 'node:os';",
  "import { join } from 'node:path';",
  "import { pathToFileURL } from 'node:url';",
  "if (process.argv[1] === 'warm-up') {",
  "  const dir = mkdtempSync(join(tmpdir(), 'neosl-cold-start-'));",
  '  try {',
  "    writeFileSync(join(dir, 'warm-up.mjs'), 'export {};\\n');",
  "    await import(pathToFileURL(join(dir, 'warm-up.mjs')).href);",
  '  } finally {',
  '    rmSync(dir, { recursive: true, force: true });',
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
    [...execArgv, '--input-type=module', '-e', IMPORT_TIMER, ...(warmUp ? ['warm-up'] : [])],
    { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] },
  ) as ChildProcess & { stdin: NonNullable<ChildProcess['stdin']> };
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
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
      const { code } = await exited.finally(() => clearTimeout(timer));
      if (spawnError) throw spawnError;
      const ms = Number(stdout.trim());
      if (code === 0 && stdout.trim() !== '' && Number.isFinite(ms)) return ms;
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
