// A long-running `neosl` command as a user runs it (no TTY, NO_COLOR), for the e2e tests: its output
// collected as it comes, its exit awaited, and "Ready on <url>" waited for when it is a server.
import { spawn, type ChildProcess } from 'node:child_process';
import { neoslBin } from './spawn-neosl.js';

export interface NeoslProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when ended by a signal). */
  exited: Promise<number | null>;
}

/**
 * Starts `neosl <args>`; `running` keeps it until it exits (for a kill in afterAll). `bin`: another
 * neosl's bin/neosl.js than this checkout's (e.g. one unpacked from a packed tarball).
 */
export function startNeosl(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; running?: Set<ChildProcess>; bin?: string }): NeoslProcess {
  const child = spawn(process.execPath, [options.bin ?? neoslBin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.running?.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      options.running?.delete(child);
      resolve(code);
    }),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the URL once the process prints "Ready on <url>"; rejects with its output when it exits first or takes over 20 s. */
export function readyUrl(process: NeoslProcess, name: string): Promise<string> {
  const { child } = process;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} printed no "Ready on" within 20 s:\n${process.stderr()}`));
    }, 20_000);
    const onData = () => {
      const match = /Ready on (https?:\/\/\S+)/.exec(process.stderr());
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve(match[1]!);
    };
    child.stderr!.on('data', onData);
    onData();
    void process.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${process.stderr()}`));
    });
  });
}
