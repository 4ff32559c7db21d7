// The servers the tests start themselves (PostgreSQL, Redis): spawned and awaited until they print
// the line that says they are ready (their output so far in the error when they exit first or take
// too long), and stopped with a signal, waiting for the exit.
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

export interface ReadyLine {
  /** The server's name in errors ("postgres", "redis-server"). */
  name: string;
  port: number;
  /** Text of the line (on stdout or stderr) that says the server accepts connections. */
  text: string;
  timeoutMs: number;
}

/** Spawns `command` (stdout and stderr piped) and resolves once its output holds `ready.text`. */
export function spawnUntilReady(command: string, args: string[], options: SpawnOptions, ready: ReadyLine): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${ready.name} did not start on port ${ready.port} within ${ready.timeoutMs / 1000}s:\n${output}`));
    }, ready.timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes(ready.text)) return;
      clearTimeout(timer);
      // Stop collecting, but keep reading, so that a full pipe never blocks the server.
      for (const stream of [child.stdout!, child.stderr!]) stream.off('data', onData).resume();
      resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${ready.name} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Sends `signal` unless the process has already ended, and resolves when it exits. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
