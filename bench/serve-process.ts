// Starting `neosl serve` on a throwaway store with a copy of a project deployed to it, for the
// performance suite, and timing the CLI commands (deploy, build) run against it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/neosl.js', import.meta.url));

export interface CommandRun {
  /** Wall time of the whole process, from spawn to exit. */
  ms: number;
  stdout: string;
}

export interface RunningHost {
  url: string;
  /** The copy of the project, deployed to the host once. */
  projectDir: string;
  child: ChildProcess;
  /** `neosl <args>` in the project, with the host's token; throws when it exits non-zero. */
  neosl(args: string[]): CommandRun;
  /** `neosl deploy --target <the host>`. */
  deploy(): CommandRun;
  stop(): Promise<void>;
}

/** Polls `file` until `pattern` matches it; fails when `child` exits first or after 30 s. */
async function waitForLine(file: string, pattern: RegExp, child: ChildProcess, what: string): Promise<RegExpExecArray> {
  const started = Date.now();
  for (;;) {
    const text = readFileSync(file, 'utf8');
    const match = pattern.exec(text);
    if (match) return match;
    if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`${what} did not become ready (exit ${child.exitCode}):\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Copies `fixture` to a temp dir, creates a token, runs `neosl serve` on a store beside it and deploys the project. */
export async function startServeWithProject(fixture: string): Promise<RunningHost> {
  const root = mkdtempSync(join(tmpdir(), 'neosl-bench-serve-'));
  const projectDir = join(root, 'app');
  const store = join(root, 'store');
  cpSync(fixture, projectDir, { recursive: true });
  // NEOSL_CONFIG_DIR: nothing is read from or written to the user's own config folder.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NEOSL_CONFIG_DIR: join(root, 'config'), NEOSL_TOKEN: undefined };

  const created = spawnSync(process.execPath, [bin, 'serve', 'token', 'create', 'bench', '--store', store], { cwd: root, env, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`neosl serve token create exited with ${created.status}:\n${created.stderr}`);
  env.NEOSL_TOKEN = created.stdout.trim();

  // Output to a file, not a pipe: serve logs a line per request, and reading them would take CPU
  // from the host being measured.
  const logFile = join(root, 'serve.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [bin, 'serve', '--store', store, '--port', '0'], { cwd: root, stdio: ['ignore', log, log], env });
  closeSync(log);
  let url: string;
  try {
    url = (await waitForLine(logFile, /Ready on (http:\/\/\S+)/, child, 'neosl serve'))[1]!.replace(/\/$/, '');
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const neosl = (args: string[]): CommandRun => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, ...args], { cwd: projectDir, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`neosl ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
    return { ms, stdout: result.stdout };
  };
  const host: RunningHost = {
    url,
    projectDir,
    child,
    neosl,
    deploy: () => neosl(['deploy', '--target', url]),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    host.deploy();
  } catch (error) {
    await host.stop();
    throw error;
  }
  return host;
}
