// A `neosl dev` session: the config, one incremental builder per function, the runtime, the HTTP
// server, the watcher, the schedules and the persisted state, tied together by typed events
// (events.ts) that the dashboard, the printers and /_neosl/events subscribe to.
import { EventEmitter } from 'node:events';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openRedisConnection, type RedisConnection } from '../backends/cache/redis-connection.js';
import { createFunctionBuilder, type FunctionBuilder } from '../bundler/bundle-function.js';
import { loadConfig } from '../config/load.js';
import type { FunctionConfig, LoadedConfig, TriggerConfig } from '../config/types.js';
import { isUserError, UserError, type Diagnostic } from '../errors.js';
import { databaseFileFor, localBuildDir } from '../local-state.js';
import { createRuntime, type InvokeOutcome, type Runtime } from '../runtime/index.js';
import { handleAdmin } from '../emulator/admin.js';
import { handleChainAdmin } from '../emulator/chain-admin.js';
import { attachEventsSocket, type EventsSocket } from '../emulator/events-socket.js';
import { metricsText } from '../emulator/metrics-text.js';
import { RateLimiter } from '../emulator/rate-limit.js';
import { RedisPersistence } from '../emulator/redis-persistence.js';
import { createEmulatorServer, setBodyTimeout, type EmulatorState, type ServedFunction } from '../emulator/server.js';
import { AccessPolicy } from '../emulator/access-policy.js';
import { isLoopbackHost } from '../util/loopback.js';
import { describeRoutes, Router } from '../emulator/router.js';
import type { HostEventMap, FunctionState, FunctionSummary, RequestEvent } from '../host/events.js';
import { RequestStats } from '../host/request-stats.js';
import { faultReport } from './fault-report.js';
import { Schedules } from './schedules.js';
import { watchProject, type ChangeBatch, type ProjectWatcher } from './watcher.js';
import { nodeClientFactory, startChainHost, type ChainHost } from '../backends/chain/chain-host.js';
import { blockSubscribers, notificationSubscribers } from './trigger-match.js';
import { triggerPolicy, TriggerRunner } from './trigger-runner.js';
import { blockTrigger, notificationTrigger, scheduleTrigger, triggerLane } from './trigger-source.js';
import { blockEvent, notificationEvents } from '../backends/chain/events.js';
import { createChainRpcHandler } from '../emulator/rpc/index.js';
import type { ApplicationLog, Block } from '../sdk/blockchain-types.js';

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

interface FunctionEntry {
  config: FunctionConfig;
  builder: FunctionBuilder;
  state: FunctionState;
  /** Project-relative inputs of the last successful build. */
  inputs: Set<string>;
  sha256?: string;
  served: ServedFunction;
  stats: RequestStats;
}

const DRAIN_MS = 5000;
/** What a bundle can be made of; other files (logs, docs, data) never trigger a build. */
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json)$/;

function diagnosticsOf(error: unknown): { message: string; code?: string; diagnostics: Diagnostic[] } {
  if (isUserError(error)) {
    const diagnostics = [...(error.location ? [{ message: error.message, location: error.location }] : []), ...error.diagnostics];
    return { message: error.message, code: error.code, diagnostics };
  }
  return { message: error instanceof Error ? error.message : String(error), diagnostics: [] };
}

function accessPolicyFor(loaded: LoadedConfig, listenHost: string): AccessPolicy {
  return new AccessPolicy({ listenHost, allowedHosts: loaded.config.dev.allowedHosts, allowedOrigins: loaded.config.dev.allowedOrigins });
}

function persistPaths(loaded: LoadedConfig, persistTo: string | undefined): { databaseFile: string; dir?: string } {
  if (persistTo === ':memory:') return { databaseFile: ':memory:' };
  const dir = resolve(loaded.dir, persistTo ?? join('.neosl', 'state'));
  const { database } = loaded.config;
  if (persistTo === undefined || database.kind !== 'sqlite') return { databaseFile: databaseFileFor(database), dir };
  return { databaseFile: databaseFileFor({ ...database, file: join(dir, basename(database.file)) }), dir };
}

export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  let loaded = await loadConfig({ cwd: options.cwd, env: options.env, envFile: options.envFile });
  const projectDir = loaded.dir;
  const events = options.events ?? new EventEmitter<HostEventMap>();
  let closing = false;
  const outdir = localBuildDir(projectDir);
  const persist = persistPaths(loaded, options.persistTo);
  const now = () => Date.now();
  const error = (message: string, extra: { functionName?: string; code?: string; diagnostics?: Diagnostic[]; warning?: true } = {}) =>
    events.emit('error', { type: 'error', time: now(), message, ...extra });

  // The redis fake, persisted (a real Redis keeps its own data).
  let redis: RedisConnection | undefined;
  let redisPersistence: RedisPersistence | undefined;
  const redisUrl = loaded.config.cache.redis?.url ?? options.env.NEOSL_REDIS_URL;
  if (redisUrl === undefined && persist.dir !== undefined) {
    redis = openRedisConnection();
    // Every write is appended to redis.aof before it is answered: a kill -9 loses none.
    redisPersistence = await RedisPersistence.open(redis.client, { dir: persist.dir, onError: (message) => error(message, { code: 'CACHE' }) });
  }

  // The chain: in-process (saved with the rest of the state) or a real node; new blocks run the
  // blockchain triggers (runTrigger is defined below, once the functions exist).
  const chain: ChainHost = startChainHost({
    rpcUrl: loaded.config.blockchain.rpcUrl,
    blockIntervalMs: loaded.config.blockchain.blockIntervalMs,
    contracts: loaded.config.blockchain.contracts,
    ...(persist.dir !== undefined ? { stateFile: join(persist.dir, 'chain.json') } : {}),
    connect: nodeClientFactory({ ...options.env, ...loaded.dotenv }),
    onBlock: (block, logs) => onChainBlock(block, logs),
    onError: (message) => error(message, { code: 'CHAIN' }),
  });

  // Owned and updated in place on .env edits: every new instance reads them when it starts.
  const env: Record<string, string> = { ...loaded.dotenv };
  const secrets: Record<string, string> = { ...(options.env as Record<string, string>), ...loaded.dotenv };
  const runtime: Runtime = createRuntime({
    projectDir,
    functions: {},
    state: { databaseFile: persist.databaseFile, redisUrl },
    persistRedisWrites: redisPersistence?.journal.bind(redisPersistence),
    env,
    secrets,
    memoryCacheMaxEntries: loaded.config.cache.memory.maxEntries,
    standbyWorker: true,
    enforceTimeouts: !options.debugging,
    blockchain: chain.blockchain,
  });
  runtime.events.on('log', (record) => events.emit('log', { type: 'log', record }));
  runtime.events.on('console', (event) => {
    const message = event.text.replace(/\n$/, '');
    events.emit('log', {
      type: 'log',
      record: { level: event.stream === 'stderr' ? 'error' : 'info', message, time: now(), requestId: '', functionName: event.functionName, fields: { stream: event.stream } },
    });
  });
  // An instance lost on its own: an error and a log line, and an error of the function when no
  // request's 502 counted it already.
  runtime.events.on('fault', (fault) => {
    if (fault.failedRequests === 0) entries.get(fault.functionName)?.stats.recordFault();
    const report = faultReport(fault, projectDir, now());
    events.emit('error', report.error);
    events.emit('log', report.log);
  });

  const entries = new Map<string, FunctionEntry>();
  const requestCounts = new Map<string, Map<number, number>>();
  const listenHost = options.host ?? loaded.config.dev.host;
  const state: EmulatorState = {
    router: new Router(Object.values(loaded.config.functions)),
    functions: new Map(),
    bodyLimit: loaded.config.dev.bodyLimitBytes,
    access: accessPolicyFor(loaded, listenHost),
    rpcAllowedOrigins: loaded.config.dev.rpcAllowedOrigins,
  };

  const makeEntry = (fn: FunctionConfig): FunctionEntry => {
    const served: ServedFunction = { serving: false, ...(fn.rateLimit ? { limiter: new RateLimiter(fn.rateLimit) } : {}) };
    const entry: FunctionEntry = {
      config: fn,
      builder: createFunctionBuilder({ projectDir, fn, outdir, minify: false, incremental: true }),
      state: 'no-build',
      inputs: new Set(),
      served,
      stats: new RequestStats(),
    };
    entries.set(fn.name, entry);
    state.functions.set(fn.name, served);
    return entry;
  };

  /** Builds a function and swaps the new bundle in; a failure keeps the last good version serving. */
  async function buildAndSwap(name: string, cause: string, firstSeen: number, force = false): Promise<void> {
    const entry = entries.get(name);
    if (entry === undefined) return;
    entry.state = 'building';
    const started = performance.now();
    events.emit('build', { type: 'build', time: now(), functionName: name, status: 'start' });
    let bundle;
    try {
      bundle = await entry.builder.build();
    } catch (failure) {
      if (entries.get(name) !== entry) return;
      entry.state = 'failed';
      const { message, code, diagnostics } = diagnosticsOf(failure);
      events.emit('build', { type: 'build', time: now(), functionName: name, status: 'failure', durationMs: performance.now() - started, message, diagnostics });
      error(message, { functionName: name, code, diagnostics });
      return;
    }
    if (entries.get(name) !== entry) return;
    events.emit('build', { type: 'build', time: now(), functionName: name, status: 'success', durationMs: performance.now() - started });
    entry.inputs = new Set(bundle.inputs.map((input) => input.path));
    if (!force && entry.served.serving && entry.sha256 === bundle.sha256) {
      entry.state = 'ready';
      return;
    }
    try {
      await runtime.reload(name, { config: entry.config, bundleFile: bundle.outputFile, exportName: bundle.exportName });
    } catch (failure) {
      if (closing) return;
      entry.state = 'failed';
      const { message, code } = diagnosticsOf(failure);
      if (!entry.served.serving) entry.served.startFailure = { code: code ?? 'START_FAILED', message };
      error(`${name}: the new version did not start: ${message}`, { functionName: name, code });
      return;
    }
    entry.sha256 = bundle.sha256;
    entry.served.serving = true;
    delete entry.served.startFailure;
    entry.state = 'ready';
    events.emit('reload', { type: 'reload', time: now(), functionName: name, version: runtime.stats(name).version, durationMs: performance.now() - firstSeen, cause });
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
    for (const [name, entry] of entries) {
      if (next.config.functions[name] !== undefined) continue;
      entries.delete(name);
      state.functions.delete(name);
      void entry.builder.dispose();
      work.push(runtime.remove(name));
    }
    for (const fn of Object.values(next.config.functions)) {
      const entry = entries.get(fn.name);
      if (entry === undefined) {
        makeEntry(fn);
        work.push(buildAndSwap(fn.name, cause, firstSeen));
        continue;
      }
      const changed = JSON.stringify(fn) !== JSON.stringify(entry.config);
      if (!changed && !envChanged) continue;
      if (JSON.stringify(fn.handler) !== JSON.stringify(entry.config.handler)) {
        void entry.builder.dispose();
        entry.builder = createFunctionBuilder({ projectDir, fn, outdir, minify: false, incremental: true });
      }
      entry.config = fn;
      if (fn.rateLimit) entry.served.limiter = new RateLimiter(fn.rateLimit);
      else delete entry.served.limiter;
      work.push(buildAndSwap(fn.name, cause, firstSeen, true));
    }
    state.router = new Router(Object.values(next.config.functions));
    state.bodyLimit = next.config.dev.bodyLimitBytes;
    state.access = accessPolicyFor(next, listenHost);
    state.rpcAllowedOrigins = next.config.dev.rpcAllowedOrigins;
    setBodyTimeout(server, next.config.dev.bodyTimeoutMs);
    if (JSON.stringify(previous.config.functions) !== JSON.stringify(next.config.functions)) schedules.apply(Object.values(next.config.functions));
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
    let affected = [...entries].filter(([, entry]) => entry.state === 'failed' || entry.state === 'no-build' || sources.some((file) => entry.inputs.has(file)));
    // A source no bundle is known to use (a new import, a type-only module…): rebuild all; unchanged
    // bundles are not swapped.
    if (sources.some((file) => ![...entries.values()].some((entry) => entry.inputs.has(file)))) affected = [...entries];
    await Promise.all(affected.map(([name]) => buildAndSwap(name, files.join(', '), firstSeen)));
  }

  const invoke = (name: string, input: unknown, requestId: string): Promise<InvokeOutcome> => runtime.invoke(name, input, { requestId });

  const requestDone = (event: RequestEvent) => {
    const name = event.functionName;
    if (name !== undefined) {
      entries.get(name)?.stats.record(event.durationMs, event.status >= 500, event.bench === true);
      let byStatus = requestCounts.get(name);
      if (!byStatus) requestCounts.set(name, (byStatus = new Map()));
      byStatus.set(event.status, (byStatus.get(event.status) ?? 0) + 1);
    }
    events.emit('request', event);
  };

  /** Each attempt of a trigger run is shown like a request (method SCHEDULE, BLOCK, EVENT); retries say which attempt. */
  const triggerRuns = new TriggerRunner<{ name: string; event: unknown; method: string; path: string }, InvokeOutcome>({
    invoke: (run, attempt) => {
      const requestId = crypto.randomUUID();
      const started = performance.now();
      return invoke(run.name, run.event, requestId).then((outcome) => {
        requestDone({
          type: 'request',
          time: now(),
          requestId,
          functionName: run.name,
          method: run.method,
          path: attempt === 1 ? run.path : `${run.path} (attempt ${attempt})`,
          status: outcome.ok ? 200 : outcome.error.statusCode,
          durationMs: performance.now() - started,
          coldStart: outcome.coldStart,
          ...(outcome.ok ? {} : { errorCode: outcome.error.code }),
        });
        return outcome;
      });
    },
    // The function was removed or the session is closing: another attempt cannot succeed.
    retryable: (outcome) => outcome.ok || (outcome.error.code !== 'FUNCTION_NOT_FOUND' && outcome.error.code !== 'RUNTIME_CLOSED'),
    onGiveUp: (run, outcome, attempts) => {
      if (attempts > 1 && !outcome.ok) error(`${run.name}: ${run.method} ${run.path} failed after ${attempts} attempts: ${outcome.error.message}`, { functionName: run.name, code: outcome.error.code });
    },
    onDrop: (run, _lane, { queueLimit, concurrency }) =>
      error(`${run.name}: ${run.method} ${run.path} was dropped without running: ${queueLimit} runs of its trigger were already waiting (trigger concurrency ${concurrency})`, {
        functionName: run.name,
        code: 'TRIGGER_QUEUE_FULL',
      }),
    onError: (run, failure) => error(`${run.name}: ${run.method} ${run.path}: ${(failure as Error)?.message ?? String(failure)}`, { functionName: run.name }),
  });

  /** A trigger (schedule, block, notification) runs a function, with that trigger's retry and concurrency. */
  function runTrigger(name: string, pick: (fn: FunctionConfig) => TriggerConfig | undefined, event: unknown, method: string, path: string): void {
    const entry = entries.get(name);
    if (closing || !entry?.served.serving) return;
    const trigger = pick(entry.config);
    if (trigger === undefined) return;
    triggerRuns.submit(triggerLane(entry.config, trigger), triggerPolicy(entry.config, trigger), { name, event, method, path });
  }

  // The function's config may have been replaced by an equal one since the job started: found again by its schedule.
  const schedules = new Schedules((name, event, fired) => runTrigger(name, (fn) => scheduleTrigger(fn, fired), event, 'SCHEDULE', event.cron));

  function onChainBlock(block: Block, logs: ApplicationLog[]): void {
    const functions = [...entries.values()].map((entry) => entry.config);
    for (const name of blockSubscribers(functions)) runTrigger(name, blockTrigger, blockEvent(block), 'BLOCK', `#${block.index}`);
    for (const notification of notificationEvents(block, logs)) {
      for (const name of notificationSubscribers(functions, notification)) {
        runTrigger(name, (fn) => notificationTrigger(fn, notification), notification, 'EVENT', `${notification.eventName} ${notification.contract}`);
      }
    }
  }

  function summaries(): FunctionSummary[] {
    return [...entries].map(([name, entry]) => {
      const stats = entry.served.serving ? runtime.stats(name) : undefined;
      const hits = stats ? stats.cache.memory.hits + stats.cache.redis.hits : 0;
      const misses = stats ? stats.cache.memory.misses + stats.cache.redis.misses : 0;
      return {
        name,
        routes: describeRoutes(entry.config),
        state: entry.state,
        version: stats?.version ?? 0,
        instances: stats?.instances ?? 0,
        requests: entry.stats.requests,
        errors: entry.stats.errors,
        ...entry.stats.percentiles(),
        ...(entry.stats.benchSummary() ? { bench: entry.stats.benchSummary() } : {}),
        coldStarts: stats?.coldStarts ?? 0,
        cache: { hits, misses, hitRate: hits + misses > 0 ? hits / (hits + misses) : null },
      };
    });
  }

  let url = '';
  const startedAt = now();
  // POST /_neosl/rpc: the session's chain (in-process, or the node it uses) for outside tools.
  const rpcHandler = createChainRpcHandler(chain.blockchain);
  const serveRpc = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (path !== '/_neosl/rpc' && path !== '/_neosl/rpc/') return false;
    rpcHandler(req, res);
    return true;
  };
  const server = createEmulatorServer({
    state,
    invoke,
    requestDone,
    admin: (req, res, path) =>
      handleAdmin(
        {
          startedAt,
          url: () => url,
          functions: summaries,
          metricsText: () =>
            metricsText({
              requests: requestCounts,
              functions: summaries().map((summary) => {
                const serving = entries.get(summary.name)!.served.serving;
                return { ...summary, snapshot: serving ? runtime.metricsSnapshot(summary.name) : undefined, cacheReads: serving ? runtime.stats(summary.name).cache : undefined };
              }),
            }),
        },
        req,
        res,
        path,
      ) ||
      serveRpc(req, res, path) ||
      handleChainAdmin({ blockchain: chain.blockchain, local: chain.local, rpcUrl: loaded.config.blockchain.rpcUrl, blockIntervalMs: loaded.config.blockchain.blockIntervalMs }, req, res, path),
  }, { bodyTimeoutMs: loaded.config.dev.bodyTimeoutMs });
  const socket: EventsSocket = attachEventsSocket(server, events, { access: () => state.access });
  // Responses not yet sent, for the drain on close: a request counts until its answer is flushed.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) drained?.();
    });
  });

  // First builds, then listen: requests before a function's first good build answer 503.
  const initial = performance.now();
  for (const fn of Object.values(loaded.config.functions)) makeEntry(fn);
  await Promise.all([...entries.keys()].map((name) => buildAndSwap(name, 'start', initial)));

  const host = listenHost;
  const port = options.port ?? loaded.config.dev.port;
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (failure) {
    await Promise.all([...entries.values()].map((entry) => entry.builder.dispose()));
    await runtime.close();
    await chain.close();
    await redisPersistence?.close().catch(() => undefined);
    await redis?.close();
    await socket.close();
    const code = (failure as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`port ${port} is already in use on ${host}`, { code: 'PORT_IN_USE', hint: `stop the other server, or pick another port: neosl dev --port ${port + 1} (or --port 0 for any free port)` });
    if (code === 'EACCES') throw new UserError(`not allowed to listen on ${host}:${port}`, { code: 'PORT_DENIED', hint: 'use a port above 1024 with --port' });
    throw failure;
  }
  server.on('error', (failure) => error(`server error: ${(failure as Error).message}`));
  const actualPort = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  url = `http://${shownHost}:${actualPort}`;

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
  schedules.apply(Object.values(loaded.config.functions));

  const metricsTimer = setInterval(() => {
    if (events.listenerCount('metrics') > 0) events.emit('metrics', { type: 'metrics', time: now(), functions: summaries(), rssBytes: process.memoryUsage.rss() });
  }, 1000);
  metricsTimer.unref();

  events.emit('ready', { type: 'ready', time: now(), url });
  if (!isLoopbackHost(host)) {
    error(
      `neosl dev listens on ${host}, beyond this machine: anyone who can reach it can call your functions and the admin routes under /_neosl/ (chain transfers, triggers, the events stream). Use --host 127.0.0.1 to keep it local.`,
      { code: 'LISTENING_BEYOND_LOOPBACK', warning: true },
    );
  }

  let closed: Promise<void> | undefined;
  return {
    events,
    url,
    port: actualPort,
    projectDir,
    summaries,
    rebuildAll: () => (work = work.then(() => Promise.all([...entries.keys()].map((name) => buildAndSwap(name, 'rebuild', performance.now(), true))).then(() => undefined))),
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(metricsTimer);
        schedules.stop();
        triggerRuns.stop();
        await watcher.close();
        const stopped = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await new Promise<void>((resolveDrain) => {
            const timer = setTimeout(resolveDrain, DRAIN_MS);
            drained = () => {
              clearTimeout(timer);
              resolveDrain();
            };
          });
        }
        server.closeAllConnections();
        await socket.close();
        await stopped;
        await work.catch(() => undefined);
        await Promise.all([...entries.values()].map((entry) => entry.builder.dispose()));
        await runtime.close();
        await chain.close();
        if (redisPersistence) await redisPersistence.close().catch((failure: unknown) => error(`could not save the cache: ${(failure as Error).message}`));
        await redis?.close();
      })();
      return closed;
    },
  };
}
