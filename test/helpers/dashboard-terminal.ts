// `neosl dev` with its Ink dashboard on a real pseudo-terminal (util-linux `script`), as a user's
// terminal runs it (not CI, where the dashboard gives way to plain lines): what it printed so far
// without escape codes, waiting for text, and pressing keys until they show an effect.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { neoslBin } from './spawn-neosl.js';
import { makeTempDir } from './temp-dir.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

export interface DashboardTerminal {
  child: ChildProcess;
  /** Everything printed so far, escape codes removed. */
  text(): string;
  waitFor(test: (text: string) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Keys reach Ink once it has put the terminal in raw mode: presses again until the effect shows. */
  press(key: string, effect: (text: string) => boolean, what: string): Promise<void>;
  write(key: string): void;
  exited: Promise<number | null>;
}

/** A copy of the fixture project, served by `neosl dev` on a 120x40 terminal. */
export function startDashboardTerminal(fixture: string, prefix: string): DashboardTerminal {
  const project = join(makeTempDir(prefix), 'app');
  cpSync(fixture, project, { recursive: true });
  const command = `stty cols 120 rows 40; exec '${process.execPath}' '${neoslBin}' dev --port 0 --persist-to :memory:`;
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...env } = process.env;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: project, env: { ...env, NO_COLOR: '1', TERM: 'xterm' } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const text = () => plain(output);
  const waitFor = async (test: (text: string) => boolean, what: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test(text())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${text().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const press = async (key: string, effect: (text: string) => boolean, what: string) => {
    for (let attempt = 0; !effect(text()); attempt++) {
      if (attempt === 10) throw new Error(`${what}: the key did nothing:\n${text().slice(-2000)}`);
      child.stdin.write(key);
      await waitFor(effect, what, 2000).catch(() => undefined);
    }
  };
  return { child, text, waitFor, press, write: (key) => void child.stdin.write(key), exited };
}
