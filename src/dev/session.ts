// A `neosl dev` session: a function host (src/host/function-host.ts) with the project's config, one
// incremental builder per function, and the watcher that rebuilds on a change and swaps the new
// bundle in (hot reload); neosl.yaml and .env edits apply too. Events (src/host/events.ts) go to the
// dashboard, the printers and /_neosl/events.
import { EventEmitter } from 'node:events';
import { join, relative, sep } from 'node:path';
import { createFunctionBuilder, type FunctionBuilder } from '../bundler/bundle-function.js';
import { loadConfig } from '../config/load.js';
import type { FunctionConfig, LoadedConfig } from '../config/types.js';
import { isUserError, type Diagnostic } from '../errors.js';
import { localBuildDir } from '../local-state.js';
import { isLoopbackHost } from '../util/loopback.js';
import type { HostEventMap, FunctionSummary } from '../host/events.js';
import { createFunctionHost, type FunctionHost } from '../host/function-host.js';
import { CONSOLE_PATH } from '../emulator/console-routes.js';
import { persistPaths, projectBackends, projectHostSettings } from '../host/project-host.js';
import { watchProject, type ChangeBatch, type ProjectWatcher } from './watcher.js';

export interface DevSessionOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Default: neosl.yaml dev.port (8700); 0 = a free port. */
  port?: number;
  /** Default: neosl.yaml dev.host (127.0.0.1). */
  host?: string;
  /** Where the database and the cache persist; ':memory:' for nowhere. Default `.neosl/state`. */
  persistTo?: string;
  envFile?: string;
  /** Subscribe before the session starts to see its first builds; default: a new emitter. */
  events?: EventEmitter<HostEventMap>;
  /** A debugger may hold requests at breakpoints (--inspect): function timeouts are not enforced. */
  debugging?: boolean;
}

export interface DevSession {
  readonly events: EventEmitter<HostEventMap>;
  readonly url: string;
  readonly port: number;
  readonly projectDir: string;
  summaries(): FunctionSummary[];
  rebuildAll(): Promise<void>;
  /** Stops accepting, drains in-flight requests (bounded), closes runtime and stores. */
  close(): Promise<void>;
}

/** What the session adds to a hosted function: its builder and what its last build read. */
interface BuildEntry {
  config: FunctionConfig;
  builder: FunctionBuilder;
  /** Project-relative inputs of the last successful build. */
  inputs: Set<string>;
  sha256?: string;
}
/** What a bundle can be made of; other files (logs, docs, data) never trigger a build. */
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json)$/;

function diagnosticsOf(error: unknown): { message: string; code?: string; diagnostics: Diagnostic[] } {
  if (isUserError(error)) {
    const diagnostics = [...(error.location ? [{ message: error.message, location: error.location }] : []), ...error.diagnostics];
    return { message: error.message, code: error.code, diagnostics };
  }
  return { message: error instanceof Error ? error.message : String(error), diagnostics: [] };
}

export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  let loaded = await loadConfig({ cwd: options.cwd, env: options.env, envFile: options.envFile });
  const projectDir = loaded.dir;
  let closing = false;
  const outdir = localBuildDir(projectDir);
  const persist = persistPaths(loaded, options.persistTo);
  const listenHost = options.host ?? loaded.config.dev.host;

  // Owned and updated in place on .env edits: every new instance reads them when it starts.
  const env: Record<string, string> = { ...loaded.dotenv };
  const secrets: Record<string, string> = { ...(options.env as Record<string, string>), ...loaded.dotenv };
  const host: FunctionHost = await createFunctionHost({
    kind: 'dev',
    projectDir,
    listenHost,
    port: options.port ?? loaded.config.dev.port,
    settings: projectHostSettings(loaded, listenHost),
    backends: projectBackends(loaded, options.env, options.persistTo),
    env,
    secrets,
    ...(options.events ? { events: options.events } : {}),
    ...(options.debugging ? { debugging: true } : {}),
  });
  const { events } = host;
  const error = host.error;

  const builds = new Map<string, BuildEntry>();
  const newBuilder = (fn: FunctionConfig) => createFunctionBuilder({ projectDir, fn, outdir, minify: false, incremental: true });
  const addBuild = (fn: FunctionConfig): BuildEntry => {
    const entry: BuildEntry = { config: fn, builder: newBuilder(fn), inputs: new Set() };
    builds.set(fn.name, entry);
    return entry;
  };

  /** Builds a function and swaps the new bundle in; a failure keeps the last good version serving. */
  async function buildAndSwap(name: string, cause: string, firstSeen: number, force = false): Promise<void> {
    const entry = builds.get(name);
    const hosted = host.functions.get(name);
    if (entry === undefined || hosted === undefined) return;
    hosted.state = 'building';
    const started = performance.now();
    events.emit('build', { type: 'build', time: Date.now(), functionName: name, status: 'start' });
    let bundle;
    try {
      bundle = await entry.builder.build();
    } catch (failure) {
      if (builds.get(name) !== entry) return;
      hosted.state = 'failed';
      const { message, code, diagnostics } = diagnosticsOf(failure);
      const time = Date.now();
      hosted.buildFailure = { time, message, ...(diagnostics ? { diagnostics } : {}) };
      events.emit('build', { type: 'build', time, functionName: name, status: 'failure', durationMs: performance.now() - started, message, diagnostics });
      error(message, { functionName: name, code, diagnostics });
      return;
    }
    if (builds.get(name) !== entry) return;
    delete hosted.buildFailure;
    events.emit('build', { type: 'build', time: Date.now(), functionName: name, status: 'success', durationMs: performance.now() - started });
    entry.inputs = new Set(bundle.inputs.map((input) => input.path));
    if (!force && hosted.served.serving && entry.sha256 === bundle.sha256) {
      hosted.state = 'ready';
      return;
    }
    const definition = { config: entry.config, bundleFile: bundle.outputFile, exportName: bundle.exportName };
    if (closing) return;
    if (await host.load(name, { key: bundle.sha256, definition }, cause, firstSeen)) entry.sha256 = bundle.sha256;
  }

  const configRel = relative(projectDir, loaded.file).split(sep).join('/');
  const envRel = () => relative(projectDir, loaded.envFile ?? join(projectDir, '.env')).split(sep).join('/');

  async function applyConfig(cause: string, firstSeen: number, envChanged: boolean): Promise<void> {
    let next: LoadedConfig;
    try {
      next = await loadConfig({ cwd: projectDir, file: loaded.file, env: options.env, envFile: options.envFile });
    } catch (failure) {
      const { message, code, diagnostics } = diagnosticsOf(failure);
      error(`${message} (the previous configuration keeps serving)`, { code, diagnostics });
      return;
    }
    const previous = loaded;
    loaded = next;
    if (JSON.stringify(previous.config.blockchain) !== JSON.stringify(next.config.blockchain)) {
      error('neosl.yaml blockchain: the change applies when neosl dev restarts (the chain keeps running as it was)', { code: 'RESTART_NEEDED' });
    }
    for (const key of Object.keys(env)) delete env[key];
    Object.assign(env, next.dotenv);
    Object.assign(secrets, next.dotenv);
    const work: Promise<void>[] = [];
    for (const [name, entry] of builds) {
      if (next.config.functions[name] !== undefined) continue;
      builds.delete(name);
      void entry.builder.dispose();
    }
    const functions = Object.values(next.config.functions);
    const changed: string[] = [];
    for (const fn of functions) {
      const entry = builds.get(fn.name);
      if (entry === undefined) {
        addBuild(fn);
        changed.push(fn.name);
        continue;
      }
      if (JSON.stringify(fn) === JSON.stringify(entry.config) && !envChanged) continue;
      if (JSON.stringify(fn.handler) !== JSON.stringify(entry.config.handler)) {
        void entry.builder.dispose();
        entry.builder = newBuilder(fn);
      }
      entry.config = fn;
      changed.push(fn.name);
    }
    work.push(host.setFunctions(functions));
    // A new function builds the first time; a changed one is swapped in even when its bundle is the same (its config changed).
    for (const name of changed) work.push(buildAndSwap(name, cause, firstSeen, true));
    host.updateSettings(projectHostSettings(next, listenHost));
    await Promise.all(work);
  }

  async function onBatch({ files, firstSeen }: ChangeBatch): Promise<void> {
    const configChanged = files.includes(configRel);
    const envChanged = files.includes(envRel());
    if (configChanged || envChanged) {
      await applyConfig(configChanged ? configRel : envRel(), firstSeen, envChanged);
      return;
    }
    const sources = files.filter((file) => SOURCE_FILE.test(file));
    if (sources.length === 0) return;
    const needsBuild = (name: string, entry: BuildEntry) => {
      const state = host.functions.get(name)?.state;
      return state === 'failed' || state === 'no-build' || sources.some((file) => entry.inputs.has(file));
    };
    let affected = [...builds].filter(([name, entry]) => needsBuild(name, entry));
    // A source no bundle is known to use (a new import, a type-only module…): rebuild all; unchanged
    // bundles are not swapped.
    if (sources.some((file) => ![...builds.values()].some((entry) => entry.inputs.has(file)))) affected = [...builds];
    await Promise.all(affected.map(([name]) => buildAndSwap(name, files.join(', '), firstSeen)));
  }

  // First builds, then listen: requests before a function's first good build answer 503.
  const initial = performance.now();
  const functions = Object.values(loaded.config.functions);
  for (const fn of functions) addBuild(fn);
  await host.setFunctions(functions);
  await Promise.all([...builds.keys()].map((name) => buildAndSwap(name, 'start', initial)));

  const disposeBuilders = () => Promise.all([...builds.values()].map((entry) => entry.builder.dispose()));
  try {
    await host.listen();
  } catch (failure) {
    await disposeBuilders();
    throw failure;
  }
  const { url } = host;

  let work: Promise<void> = Promise.resolve();
  const watcher: ProjectWatcher = watchProject(projectDir, (batch) => {
    if (closing) return;
    work = work
      .then(() => onBatch(batch))
      .catch((failure: unknown) => {
        error(`reload failed: ${(failure as Error)?.message ?? String(failure)}`);
      });
  }, [outdir, ...(persist.dir ? [persist.dir] : [])]);
  await watcher.ready;

  events.emit('ready', { type: 'ready', time: Date.now(), url, consoleUrl: `${url}${CONSOLE_PATH}` });
  if (!isLoopbackHost(listenHost)) {
    error(
      `neosl dev listens on ${listenHost}, beyond this machine: anyone who can reach it can call your functions and the admin routes under /_neosl/ (chain transfers, triggers, the events stream). Use --host 127.0.0.1 to keep it local.`,
      { code: 'LISTENING_BEYOND_LOOPBACK', warning: true },
    );
  }

  let closed: Promise<void> | undefined;
  return {
    events,
    url,
    port: host.port,
    projectDir,
    summaries: () => host.summaries(),
    rebuildAll: () => (work = work.then(() => Promise.all([...builds.keys()].map((name) => buildAndSwap(name, 'rebuild', performance.now(), true))).then(() => undefined))),
    close() {
      closed ??= (async () => {
        closing = true;
        await watcher.close();
        await host.close();
        await work.catch(() => undefined);
        await disposeBuilders();
      })();
      return closed;
    },
  };
}
