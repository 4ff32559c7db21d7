// Starting `neosl serve` on a throwaway store with a copy of a project deployed to it, for the
// performance suite, and timing the CLI commands (deploy, build) run against it; or a built copy
// served with `neosl serve --from-dir`.
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
/** SIGTERM (serve drains and exits), then the temporary folder goes. */
async function stopServe(child: ChildProcess, root: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
}

/**
 * Spawns `node <args>` in `root` and resolves once it prints "Ready on <url>". Output goes to a file,
 * not a pipe: serve logs request lines, and reading them would take CPU from the host being measured.
 * On failure the process is killed and `root` removed.
 */
async function spawnServe(root: string, args: string[], env: NodeJS.ProcessEnv, name: string): Promise<{ child: ChildProcess; url: string }> {
  const logFile = join(root, 'serve.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', log, log], env });
  closeSync(log);
  try {
    return { child, url: (await waitForLine(logFile, /Ready on (http:\/\/\S+)/, child, name))[1]!.replace(/\/$/, '') };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

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

  const { child, url } = await spawnServe(root, [bin, 'serve', '--store', store, '--port', '0'], env, 'neosl serve');

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
    stop: () => stopServe(child, root),
  };
  try {
    host.deploy();
  } catch (error) {
    await host.stop();
    throw error;
  }
  return host;
}

export interface ServedBuild {
  url: string;
  /** The built copy of the project it serves. */
  projectDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Copies `fixture` to a temp dir, builds it (`neosl build`) and serves the build read-only with
 * `neosl serve --from-dir`, as a container image runs it; `neoslBin`: another build of neosl.
 */
export async function startServeFromDir(fixture: string, neoslBin = bin): Promise<ServedBuild> {
  const root = mkdtempSync(join(tmpdir(), 'neosl-bench-from-dir-'));
  const projectDir = join(root, 'app');
  cpSync(fixture, projectDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NEOSL_CONFIG_DIR: join(root, 'config'), NEOSL_TOKEN: undefined };
  const built = spawnSync(process.execPath, [neoslBin, 'build'], { cwd: projectDir, env, encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`neosl build exited with ${built.status}:\n${built.stderr}`);
  }
  const { child, url } = await spawnServe(root, [neoslBin, 'serve', '--from-dir', projectDir, '--store', join(root, 'store'), '--port', '0'], env, 'neosl serve --from-dir');
  return {
    url,
    projectDir,
    child,
    stop: () => stopServe(child, root),
  };
}
