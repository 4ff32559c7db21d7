// Starting `neosl dev` with its Ink dashboard on a pseudo-terminal, for the performance suite: the
// emulator as a user sees it in a terminal. util-linux `script` gives it the terminal; what the
// dashboard draws goes to a file (read only to check that the dashboard really renders, and to
// count how many bytes it writes), so no process of ours spends CPU reading a pipe during a load.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/neosl.js', import.meta.url));

/** The terminal the dashboard draws on: wide enough for its table on one line. */
const COLUMNS = 120;
const ROWS = 40;

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

/** The dashboard's frame, as the view draws it: its header with the URL, and its table's column heads. */
const HEADER = /neosl dev\s+(http:\/\/127\.0\.0\.1:\d+)/;
const TABLE_HEAD = /function\s+state\s+version/;

export interface DevOnTerminal {
  url: string;
  /** The copy of the project it runs in. */
  dir: string;
  /** The neosl process itself (under `script` and its shell): the one whose CPU counts. */
  pid: number;
  /** The `script` process: the terminal's side, which reads everything the dashboard draws. */
  terminalPid: number;
  /** Bytes written to the terminal so far. */
  terminalBytes(): number;
  /** The last `bytes` written to the terminal (all of it by default), escape sequences removed. */
  terminalText(bytes?: number): string;
  stop(): Promise<void>;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The process `script` started (its shell, which execs neosl), once it runs neosl. */
function neoslChildOf(scriptPid: number, neoslBin: string): number | undefined {
  const childrenFile = `/proc/${scriptPid}/task/${scriptPid}/children`;
  if (!existsSync(childrenFile)) return undefined;
  for (const pid of readFileSync(childrenFile, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(neoslBin)) return pid;
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

/**
 * Copies `fixture` to a temp dir and runs `neosl dev` there on a pseudo-terminal (120x40, TERM
 * xterm-256color, colours on, CI unset) until stop(); resolves once the dashboard shows its frame
 * with the URL, and fails if it does not within 30 s. `neoslBin`: another build of neosl.
 */
export async function startDevOnTerminal(fixture: string, neoslBin = bin): Promise<DevOnTerminal> {
  const root = mkdtempSync(join(tmpdir(), 'neosl-bench-tty-'));
  const dir = join(root, 'app');
  cpSync(fixture, dir, { recursive: true });
  const outputFile = join(root, 'terminal.out');
  const output = openSync(outputFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  // Either would turn the live dashboard off (src/output/live-terminal.ts) or its colours.
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  delete env.NO_COLOR;
  const command = `stty cols ${COLUMNS} rows ${ROWS} 2>/dev/null; exec ${shellQuote(process.execPath)} ${shellQuote(neoslBin)} dev --port 0 --persist-to :memory:`;
  // stdin a pipe that stays open and silent: at its end `script` would end the session.
  const script: ChildProcess = spawn('script', ['-qfc', command, '/dev/null'], { cwd: dir, stdio: ['pipe', output, output], env });
  closeSync(output);
  let spawnError: Error | undefined;
  script.once('error', (error) => (spawnError = error));

  const terminalText = (bytes = Infinity) => {
    const size = statSync(outputFile).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    const fd = openSync(outputFile, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8').replace(ANSI, '');
  };
  const stopScript = async () => {
    if (spawnError === undefined && script.exitCode === null && script.signalCode === null) {
      const exited = new Promise((resolve) => script.once('exit', resolve));
      const pid = neoslChildOf(script.pid!, neoslBin);
      // Ctrl-C as the terminal would send it; the emulator stops and `script` ends with it.
      if (pid !== undefined) process.kill(pid, 'SIGINT');
      else script.kill('SIGTERM');
      const timer = setTimeout(() => {
        const late = neoslChildOf(script.pid!, neoslBin);
        if (late !== undefined) process.kill(late, 'SIGKILL');
        script.kill('SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    script.stdin?.end();
    rmSync(root, { recursive: true, force: true });
  };

  const started = Date.now();
  let pid: number | undefined;
  let url: string | undefined;
  try {
    for (;;) {
      pid ??= neoslChildOf(script.pid!, neoslBin);
      const text = terminalText();
      const header = HEADER.exec(text);
      if (pid !== undefined && header && TABLE_HEAD.test(text)) {
        url = header[1]!;
        break;
      }
      if (spawnError) throw new Error(`cannot run util-linux \`script\` for a pseudo-terminal: ${spawnError.message}`);
      if (script.exitCode !== null || Date.now() - started > 30_000) {
        throw new Error(`neosl dev on a terminal did not show the dashboard (its header "neosl dev <url>" and table) within 30 s (script exit ${script.exitCode}); the terminal showed:\n${text.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await stopScript();
    throw error;
  }
  return {
    url: url.replace(/\/$/, ''),
    dir,
    pid: pid!,
    terminalPid: script.pid!,
    terminalBytes: () => statSync(outputFile).size,
    terminalText,
    stop: stopScript,
  };
}

/** Whether a terminal text shows the dashboard's frame (header and table). */
export function showsDashboardFrame(text: string): boolean {
  return HEADER.test(text) && TABLE_HEAD.test(text);
}
