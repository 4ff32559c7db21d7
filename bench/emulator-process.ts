// Starting `neosl dev` on a throwaway copy of a project for the performance suite, timing an edit
// until it is served, and the load generator (autocannon) in its own process so that it does not
// steal the server's CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/neosl.js', import.meta.url));
const autocannonBin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
const cpuAtExit = fileURLToPath(new URL('./cpu-at-exit.cjs', import.meta.url));

export interface RunningEmulator {
  url: string;
  dir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Copies `fixture` to a temp dir and runs `neosl dev` there until stop(); `neoslBin`: another build of neosl (a previous version). */
export async function startEmulator(fixture: string, extraArgs: string[] = [], neoslBin = bin): Promise<RunningEmulator> {
  const dir = join(mkdtempSync(join(tmpdir(), 'neosl-bench-')), 'app');
  cpSync(fixture, dir, { recursive: true });
  // stderr goes to a file, not a pipe: a pipe would make this process read every request line,
  // and its CPU is not the emulator's (on a 2-core machine it would slow the emulator down).
  const logFile = join(dir, '..', 'dev.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [neoslBin, 'dev', '--no-dashboard', '--port', '0', '--persist-to', ':memory:', ...extraArgs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', log],
    env: { ...process.env, NO_COLOR: '1' },
  });
  closeSync(log);
  const url = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const text = readFileSync(logFile, 'utf8');
      const match = /Ready on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!.replace(/\/$/, ''));
      } else if (child.exitCode !== null || Date.now() - started > 30_000) {
        clearInterval(timer);
        reject(new Error(`neosl dev did not become ready (exit ${child.exitCode}):\n${text}`));
      }
    }, 20);
  });
  return {
    url,
    dir,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(join(dir, '..'), { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests answered in the run. */
  total: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU seconds (user + system) the load generator itself used, when it reported them. */
  clientCpuSeconds?: number;
}

/** autocannon in a child process against url; JSON result. */
export async function autocannon(url: string, options: { connections: number; seconds: number; method?: string; body?: string; rate?: number }): Promise<LoadResult> {
  const args = ['-r', cpuAtExit, autocannonBin, '-j', '-c', String(options.connections), '-d', String(options.seconds)];
  // A fixed overall rate (req/s), for CPU-per-request figures that do not depend on how loaded the server is.
  if (options.rate !== undefined) args.push('-R', String(options.rate));
  if (options.method) args.push('-m', options.method);
  if (options.body !== undefined) args.push('-b', options.body, '-H', 'content-type=application/json');
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  // 'close', not 'exit': the last line on stderr (the CPU figure) is written at exit.
  await new Promise((resolve) => child.once('close', resolve));
  const result = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p99: number }; non2xx: number; errors: number };
  const cpu = /^neosl-bench-client-cpu (\{.*\})$/m.exec(err);
  const clientCpu = cpu ? (JSON.parse(cpu[1]!) as { user: number; system: number }) : undefined;
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(clientCpu ? { clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6 } : {}),
  };
}

/**
 * Writes a new version of the hello function in a running emulator's project and resolves with the
 * ms until a response shows it (POSTs in a loop meanwhile; fails after 10 s).
 */
export async function editAndWait(emulator: { dir: string; url: string }, version: number): Promise<number> {
  const file = join(emulator.dir, 'functions', 'hello.ts');
  const source = readFileSync(file, 'utf8').replace(/Hello(?: v\d+)?,/, `Hello v${version},`);
  const expected = `Hello v${version},`;
  const started = performance.now();
  writeFileSync(file, source);
  for (;;) {
    const response = await fetch(`${emulator.url}/functions/hello`, { method: 'POST', body: '{"name":"neo"}', headers: { 'content-type': 'application/json' } });
    if ((await response.text()).includes(expected)) return performance.now() - started;
    if (performance.now() - started > 10_000) throw new Error(`version ${version} was not served within 10 s`);
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), which ends at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
