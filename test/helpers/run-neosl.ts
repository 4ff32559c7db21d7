// Runs the CLI in-process with captured output: fast, for behaviour that needs no separate process.
import { run } from '../../src/cli.js';
import type { NeoslResult } from './spawn-neosl.js';

function capture() {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true), isTTY: false }, text: () => text };
}

export async function runNeosl(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<NeoslResult> {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await run(args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}
