// Starting `neosl dev` on a throwaway copy of a project for the performance suite, and the load
// generator (autocannon) in its own process so that it does not steal the server's CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/neosl.js', import.meta.url));
const autocannonBin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

export interface RunningEmulator {
  url: string;
  dir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Copies `fixture` to a temp dir and runs `neosl dev` there until stop(). */
export async function startEmulator(fixture: string, extraArgs: string[] = []): Promise<RunningEmulator> {
  const dir = join(mkdtempSync(join(tmpdir(), 'neosl-bench-')), 'app');
  cpSync(fixture, dir, { recursive: true });
  const child = spawn(process.execPath, [bin, 'dev', '--no-dashboard', '--port', '0', '--persist-to', ':memory:', ...extraArgs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`neosl dev did not become ready in 30 s:\n${stderr}`)), 30_000);
    const onData = (chunk: string) => {
      stderr += chunk;
      const match = /Ready on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        // From here on the output is only drained: the per-request lines must not pile up here.
        child.stderr!.off('data', onData).on('data', () => {});
        resolve(match[1]!.replace(/\/$/, ''));
      }
    };
    child.stderr!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`neosl dev exited with ${code}:\n${stderr}`));
    });
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
  p99: number;
  non2xx: number;
  errors: number;
}

/** autocannon in a child process against url; JSON result. */
export async function autocannon(url: string, options: { connections: number; seconds: number; method?: string; body?: string }): Promise<LoadResult> {
  const args = [autocannonBin, '-j', '-c', String(options.connections), '-d', String(options.seconds)];
  if (options.method) args.push('-m', options.method);
  if (options.body !== undefined) args.push('-b', options.body, '-H', 'content-type=application/json');
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  const result = JSON.parse(out) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}
