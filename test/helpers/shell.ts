// Running a command line as a user pastes it into a shell (sh -c), for the tests that run what the
// generated README, workflow and `neosl init` print. A server command (`npm run dev`) is started,
// awaited until it says "Ready on", and stopped with SIGINT, as Ctrl-C would.
import { spawn, spawnSync } from 'node:child_process';

export interface ShellRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr as they came. */
  output: string;
  stdout: string;
}

export function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[killed: still running after ${timeoutMs} ms]`;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, stdout });
    });
  });
}

/** The processes below `pid` (children, grandchildren, …) with their command lines. */
function descendants(pid: number): { pid: number; args: string }[] {
  const table = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout.split('\n');
  const rows = table.flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }] : [];
  });
  const found: { pid: number; args: string }[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        found.push(row);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * Starts a server command, waits for "Ready on", then sends SIGINT to the neosl process it runs
 * (`npm run dev` → sh → neosl dev). Only neosl gets it: a terminal's Ctrl-C signals the whole group,
 * and npm then exits by the signal whatever its script did; here the script's own exit code counts.
 * A port taken by another test's server is waited out.
 */
export async function runServerUntilReady(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<ShellRun & { ready: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const attempt = await new Promise<ShellRun & { ready: boolean }>((resolve, reject) => {
      const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let output = '';
      let stdout = '';
      let ready = false;
      const onData = (chunk: string) => {
        output += chunk;
        if (ready || !/Ready on http/.test(output)) return;
        ready = true;
        const server = descendants(child.pid!).find((entry) => /\bneosl(\.js)?\b.*\bdev\b/.test(entry.args) && !/^(sh|npm)\b/.test(entry.args));
        if (server) process.kill(server.pid, 'SIGINT');
        else output += '\n[no neosl dev process found under the command]';
      };
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        onData(chunk);
      });
      child.stderr.setEncoding('utf8').on('data', onData);
      const timer = setTimeout(() => {
        output += `\n[killed: no clean stop within ${timeoutMs} ms]`;
        process.kill(-child.pid!, 'SIGKILL');
      }, Math.max(1000, deadline - Date.now()));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, output, stdout, ready });
      });
    });
    if (attempt.ready || !/already in use/.test(attempt.output)) return attempt;
    if (Date.now() + 30_000 > deadline) return { ...attempt, output: `${attempt.output}\n[the port stayed in use for ${timeoutMs} ms]` };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
