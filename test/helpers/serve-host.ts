// `neosl serve` as an operator runs it, for the e2e tests: a temp store with a token, the host started
// on it (--port 0, "Ready on" read from stderr), stopped with SIGTERM and started again on the same
// store and port; the CLI driven against it as a user would (NEOSL_TOKEN, a temp config folder).
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readyUrl, startNeosl } from './neosl-process.js';
import { spawnNeosl, type NeoslResult } from './spawn-neosl.js';
import { makeTempDir } from './temp-dir.js';

export const serveFixture = fileURLToPath(new URL('../fixtures/serve-project', import.meta.url));

const running = new Set<ChildProcess>();

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** SIGTERM (or the given signal) and the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServeHost {
  /** The folder the host and the CLI run in; the store and the project are inside it. */
  dir: string;
  store: string;
  token: string;
  /** The project, a copy of the fixture the test may change. */
  project: string;
  /** The environment a user's CLI runs with: this token, a config folder of its own. */
  env: NodeJS.ProcessEnv;
  serve: ServeProcess;
  /** Stops the host (SIGTERM, expecting exit 0) and starts it again on the same store and port. */
  restart(): Promise<ServeProcess>;
  /** `neosl <args> --target <url>` in the project, as the user. */
  neosl(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv; target?: boolean }): Promise<NeoslResult>;
}

/** A temp folder with a store holding one token ("ci"); the token as `token create` printed it. */
export async function createStoreWithToken(dir = makeTempDir('neosl-serve-')): Promise<{ dir: string; store: string; token: string }> {
  const store = join(dir, 'store');
  const created = await spawnNeosl(['serve', 'token', 'create', 'ci', '--store', store], { cwd: dir });
  if (created.exitCode !== 0) throw new Error(`neosl serve token create failed (${created.exitCode}):\n${created.stderr}`);
  return { dir, store, token: created.stdout.trim() };
}

/** `neosl serve --store <store> --port <port>` until "Ready on"; rejects with its output when it exits first. */
export async function startServe(options: { store: string; cwd: string; port?: number; args?: string[]; env?: NodeJS.ProcessEnv }): Promise<ServeProcess> {
  const serve = startNeosl(['serve', '--store', options.store, '--port', String(options.port ?? 0), ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { NEOSL_TOKEN: undefined, ...options.env },
    running,
  });
  const { child, exited } = serve;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  const url = await readyUrl(serve, 'neosl serve');
  return { ...serve, url, port: Number(new URL(url).port), stop };
}

/** A store with a token, a copy of the project fixture beside it, and the host serving the store. */
/** `serveEnv`: the host's own environment (what `${env.NAME}` in a deployed neosl.yaml reads there). */
export async function startServeHost(fixture = serveFixture, serveEnv: NodeJS.ProcessEnv = {}): Promise<ServeHost> {
  const { dir, store, token } = await createStoreWithToken();
  const project = join(dir, 'app');
  cpSync(fixture, project, { recursive: true });
  const configDir = join(dir, 'config');
  mkdirSync(configDir);
  const env: NodeJS.ProcessEnv = { NEOSL_TOKEN: token, NEOSL_CONFIG_DIR: configDir };
  const host: ServeHost = {
    dir,
    store,
    token,
    project,
    env,
    serve: await startServe({ store, cwd: dir, env: serveEnv }),
    async restart() {
      const code = await host.serve.stop('SIGTERM');
      if (code !== 0) throw new Error(`neosl serve exited with ${code} on SIGTERM:\n${host.serve.stderr()}`);
      host.serve = await startServe({ store, cwd: dir, port: host.serve.port, env: serveEnv });
      return host.serve;
    },
    neosl(args, options = {}) {
      const target = options.target === false ? [] : ['--target', host.serve.url];
      return spawnNeosl([...args, ...target], { cwd: project, env: { ...env, ...options.env }, ...(options.input !== undefined ? { input: options.input } : {}) });
    },
  };
  return host;
}

/** POST a function on the host (JSON body), its status and JSON answer. */
export async function callFunction(url: string, name: string, body: unknown = {}): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${url}/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await answer.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text as it came
  }
  return { status: answer.status, body: parsed };
}

/** The host API with a token (or none): status and JSON body. */
export async function hostApi(url: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; text: string; json: unknown }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const answer = await fetch(`${url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await answer.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: answer.status, text, json };
}

/** Every file under a folder, with its bytes as text (for "the plaintext is nowhere" checks). */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) files.push(...filesUnder(path));
    else if (stat.isFile()) files.push({ path, text: readFileSync(path, 'latin1') });
  }
  return files;
}

/** Kills every host still running (afterAll), by its pid. */
export function killServeHosts(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
