// The function host: the runtime, the HTTP server, the triggers (schedules, blocks, notifications)
// and the backends, with the functions it serves and their request stats. `neosl dev` puts a
// watcher and a rebuild in front of it; `neosl serve` a store of versions and the deploy API.
// Versions come in through load() (one function, as a hot reload does) or activate() (every
// function of a version in one step: all start first, then all switch at once, or none does).
import { EventEmitter } from 'node:events';
import { sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, RequestListener, Server, ServerOptions } from 'node:http';
import type { FunctionConfig, FunctionSample, TriggerConfig } from '../config/types.js';
import { UserError, type Diagnostic } from '../errors.js';
import { createRuntime, type FunctionDefinition, type InvokeOutcome, type PreparedVersion, type Runtime } from '../runtime/index.js';
import type { AccessPolicy } from '../emulator/access-policy.js';
import type { AdminRoute } from '../emulator/admin-routes.js';
import { statusRoutes } from '../emulator/admin.js';
import { chainRoutes } from '../emulator/chain-admin.js';
import { consoleRoutes } from '../emulator/console-routes.js';
import { requestRoutes } from '../emulator/request-routes.js';
import { attachEventsSocket, type EventsSocket } from '../emulator/events-socket.js';
import { metricsText } from '../emulator/metrics-text.js';
import { RateLimiter } from '../emulator/rate-limit.js';
import { createChainRpcHandler } from '../emulator/rpc/index.js';
import { describeRoutes, Router } from '../emulator/router.js';
import { createEmulatorServer, setBodyTimeout, type EmulatorState, type ServedFunction } from '../emulator/server.js';
import { blockEvent, notificationEvents } from '../backends/chain/events.js';
import type { ApplicationLog, Block, BlockEvent, NotificationEvent } from '../sdk/blockchain-types.js';
import type { ScheduleEvent } from '../sdk/function.js';
import type { FunctionState, FunctionSummary, HostEventMap, RequestEvent } from './events.js';
import { faultReport } from './fault-report.js';
import { openHostBackends, type HostBackendOptions } from './host-backends.js';
import { isSecretHeader, REDACTED, RequestLog, type RequestExchange } from './request-log.js';
import { RequestStats } from './request-stats.js';
import { Schedules, type TickOutcome, type TriggerGate } from './schedules.js';
import { blockSubscribers, notificationSubscribers } from './trigger-match.js';
import { triggerPolicy, TriggerRunner } from './trigger-runner.js';
import { blockTrigger, notificationTrigger, scheduleTrigger, triggerLane } from './trigger-source.js';

/** What the server reads on each request; replaced when neosl.yaml changes. */
export interface HostSettings {
  bodyLimitBytes: number;
  bodyTimeoutMs: number;
  access: AccessPolicy;
  rpcAllowedOrigins: string[];
}

export interface FunctionHostOptions {
  kind: 'dev' | 'serve';
  /** Relative bundle paths resolve from here, and messages show paths relative to it. */
  projectDir: string;
  listenHost: string;
  port: number;
  settings: HostSettings;
  backends: HostBackendOptions;
  /** Project-wide environment and the secrets functions read; owned by the caller and updated in place. */
  env: Record<string, string>;
  secrets: Record<string, string>;
  events?: EventEmitter<HostEventMap>;
  /** A debugger may hold requests at breakpoints: function timeouts are not enforced. */
  debugging?: boolean;
  /** Keep a worker booted for the next reload (hot reload); default true. */
  standbyWorker?: boolean;
  /** More /_neosl/* routes (a host's API), given the host once it exists. */
  adminRoutes?: (host: FunctionHost) => AdminRoute[];
  /** A host with tokens: false answers 401 on every route but health. */
  authorize?(req: IncomingMessage): boolean;
  /** A host with tokens: whether a token is valid, for one a browser offers as a WebSocket subprotocol (it cannot send Authorization there). */
  authorizeToken?(token: string): boolean;
  /** The web console's files (index.html, assets/); default dist/ui of the neosl package. */
  consoleDir?: string;
  createServer?: (options: ServerOptions, listener: RequestListener) => Server;
  /** Extra fields of GET /_neosl/health. */
  health?(): Record<string, unknown>;
  /** http or https, for the URL the host prints. */
  scheme?: 'http' | 'https';
  /** Several hosts on one store (src/serve/cluster/): which runs each schedule tick and the blockchain triggers. Default: this host runs all. */
  triggerGate?: TriggerGate;
}

export interface HostedFunction {
  config: FunctionConfig;
  state: FunctionState;
  served: ServedFunction;
  stats: RequestStats;
  /** What is loaded (bundle and config), to tell an unchanged function from a changed one. */
  loadedKey?: string;
  /** Its last build's failure, while that is the last build (neosl dev): what the console shows a page opened later. */
  buildFailure?: BuildFailure;
}

export interface BuildFailure {
  time: number;
  message: string;
  diagnostics?: Diagnostic[];
}

/** Which deployed version answers (neosl serve): the active one, and a canary taking a share of the traffic. */
export interface Deployment {
  active?: string;
  canary?: { version: string; percent: number; functions: ReadonlyMap<string, VersionDefinition> };
}

export interface VersionDefinition {
  /** Identifies the code and config: a function whose key did not change keeps its instances. */
  key: string;
  definition: FunctionDefinition;
}

/** A trigger event handed to the host from outside (a Knative PingSource, the trigger dispatcher): schedules name their trigger by cron and time zone. */
export type DeliveredEvent =
  | { kind: 'schedule'; event: ScheduleEvent; timezone?: string }
  | { kind: 'block'; event: BlockEvent }
  | { kind: 'notification'; event: NotificationEvent };

/** How a delivered event's run ended: after its last attempt, with the last attempt's error; unrun when it could not run (queue full, host closing, no such trigger). */
export type DeliveryOutcome = { outcome: 'done' } | { outcome: 'failed'; error: { code: string; message: string } } | { outcome: 'unrun' };

export interface FunctionHost {
  readonly events: EventEmitter<HostEventMap>;
  readonly runtime: Runtime;
  /** What the backends were opened with. */
  readonly backendOptions: HostBackendOptions;
  /** Opens other backends (and a new runtime on them); only while no function is loaded: a host before its first version. */
  replaceBackends(next: HostBackendOptions): Promise<void>;
  readonly functions: ReadonlyMap<string, HostedFunction>;
  /** The web console's request log (GET /_neosl/requests). */
  readonly requestLog: RequestLog;
  readonly projectDir: string;
  /** Set once listening. */
  readonly url: string;
  readonly port: number;
  /** Adds, updates and removes functions to match these configs (those added serve once loaded). */
  setFunctions(configs: readonly FunctionConfig[]): Promise<void>;
  /** Starts a new version of one function and switches it in; false when it did not start (reported as an error event). */
  load(name: string, version: VersionDefinition, cause: string, firstSeen: number): Promise<boolean>;
  /**
   * Every function of a version: those whose key changed start first, then every function switches
   * at once and those not in it are removed. Throws (nothing switched) when one does not start.
   */
  activate(functions: ReadonlyMap<string, VersionDefinition>, cause: string, deployed?: string): Promise<void>;
  /** Restarts the instances of these functions on the code they run (new secrets reach them). */
  restart(names: readonly string[], cause: string): Promise<void>;
  /** The version labels of request events; with a canary, starts its instances first (throws when one does not start) and splits the traffic. */
  setDeployment(deployment: Deployment): Promise<void>;
  readonly deployment: Deployment;
  updateSettings(settings: HostSettings): void;
  /** Runs one trigger event of a function now, as its own trigger would (retry, concurrency, request lines); resolves when the run is over. */
  deliverEvent(name: string, delivered: DeliveredEvent): Promise<DeliveryOutcome>;
  summaries(): FunctionSummary[];
  error(message: string, extra?: { functionName?: string; code?: string; diagnostics?: Diagnostic[]; warning?: true }): void;
  /** Listens; throws PORT_IN_USE / PORT_DENIED user errors. */
  listen(): Promise<void>;
  /** Stops accepting, drains in-flight requests (bounded), closes runtime and backends. */
  close(): Promise<void>;
}

/** The last attempt's error of a trigger run that failed. */
type TriggerFailure = { code: string; message: string };
/** Called once when a trigger run is over (after its retries), or at once when it is not run. */
type TriggerSettled = (outcome: TickOutcome, failure?: TriggerFailure) => void;

const DRAIN_MS = 5000;
/** The runtime key of a function's canary version. */
const CANARY_SUFFIX = '~canary';

/** A function's sample as the console shows it: a header that carries a credential is not given out. */
function shownSample(sample: FunctionSample): FunctionSample {
  if (sample.kind !== 'http') return sample;
  const headers = Object.fromEntries(Object.entries(sample.request.headers).map(([name, value]) => [name, isSecretHeader(name) ? REDACTED : value]));
  return { kind: 'http', request: { ...sample.request, headers } };
}

/** What the request log keeps of a trigger run: the event it ran on and what it returned (only while the log is watched). */
function triggerExchange(event: unknown, outcome: InvokeOutcome): RequestExchange {
  const text = (value: unknown): string => {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return String(value);
    }
  };
  return {
    input: text(event),
    output: outcome.ok ? text(outcome.value) : text({ error: { code: outcome.error.code, message: outcome.error.message } }),
    ...(outcome.logs.length > 0 ? { logs: outcome.logs } : {}),
    ...(outcome.ok ? {} : { error: { code: outcome.error.code, message: outcome.error.message, ...(outcome.error.stack !== undefined ? { stack: outcome.error.stack } : {}) } }),
  };
}

/** Keeps an 'error' report that nobody listens to from being thrown by EventEmitter#emit. */
const ignoreUnheardReport = (): void => undefined;

const samePolicy = (a: FunctionConfig, b: FunctionConfig): boolean => JSON.stringify(a.rateLimit) === JSON.stringify(b.rateLimit);

export async function createFunctionHost(options: FunctionHostOptions): Promise<FunctionHost> {
  const events = options.events ?? new EventEmitter<HostEventMap>();
  const { projectDir } = options;
  const now = () => Date.now();
  let closing = false;
  const error: FunctionHost['error'] = (message, extra = {}) => events.emit('error', { type: 'error', time: now(), message, ...extra });

  // Per-request events cross the thread boundary only when someone consumes them: functions' log
  // records while the host's 'log' event has listeners ('newListener' fires before the listener is
  // added: `adding`); spans and single metric updates never, as the host forwards neither
  // (/_neosl/metrics reads the values instances send aggregated).
  // The request log, while watched, keeps each request's log records: they must cross too.
  const eventInterest = (adding?: string | symbol) => ({ logs: adding === 'log' || events.listenerCount('log') > 0 || requestLog.watching, spans: false, metrics: false });
  const requestLog = new RequestLog({
    // The secrets the functions declare: never shown in a request's detail, even when a function echoes one.
    secrets: () => [...entries.values()].flatMap((entry) => entry.config.secrets.map((name) => options.secrets[name] ?? '')),
    onWatchingChange: () => runtime.setEventInterest(eventInterest()),
  });
  const followListeners = (name: string | symbol) => {
    if (name === 'log') runtime.setEventInterest(eventInterest());
  };
  const followNewListener = (name: string | symbol) => {
    if (name === 'log') runtime.setEventInterest(eventInterest(name));
  };

  let backendOptions = options.backends;
  let backends = await openHostBackends(backendOptions, events, (block, logs) => onChainBlock(block, logs));
  const openRuntime = (): Runtime => {
    const opened = createRuntime({
      projectDir,
      functions: {},
      state: { databaseFile: backends.databaseFile, redisUrl: backends.redisUrl },
      persistRedisWrites: backends.persistRedisWrites,
      env: options.env,
      secrets: options.secrets,
      memoryCacheMaxEntries: backendOptions.memoryCacheMaxEntries,
      standbyWorker: options.standbyWorker ?? true,
      enforceTimeouts: !options.debugging,
      blockchain: backends.chain.blockchain,
    });
    opened.setEventInterest(eventInterest());
    opened.events.on('log', (record) => events.emit('log', { type: 'log', record }));
    opened.events.on('console', (event) => {
      const message = event.text.replace(/\n$/, '');
      events.emit('log', {
        type: 'log',
        record: { level: event.stream === 'stderr' ? 'error' : 'info', message, time: now(), requestId: '', functionName: event.functionName, fields: { stream: event.stream } },
      });
    });
    // An instance lost on its own: an error and a log line, and an error of the function when no
    // request's 502 counted it already.
    opened.events.on('fault', (fault) => {
      if (fault.failedRequests === 0) entries.get(fault.functionName)?.stats.recordFault();
      const report = faultReport(fault, projectDir, now());
      events.emit('error', report.error);
      events.emit('log', report.log);
    });
    return opened;
  };
  let runtime = openRuntime();
  (events as EventEmitter).on('newListener', followNewListener).on('removeListener', followListeners);
  // The host's 'error' events are reports (a build failed, a trigger gave up), not exceptions: with no
  // one listening (no printer, no events socket client) Node would throw them from emit().
  events.on('error', ignoreUnheardReport);

  const entries = new Map<string, HostedFunction>();
  /** The definition each function runs, for restart(). */
  const currentDefinitions = new Map<string, FunctionDefinition>();
  const requestCounts = new Map<string, Map<number, number>>();
  const state: EmulatorState = {
    router: new Router([]),
    functions: new Map(),
    bodyLimit: options.settings.bodyLimitBytes,
    access: options.settings.access,
    rpcAllowedOrigins: options.settings.rpcAllowedOrigins,
  };

  const addEntry = (fn: FunctionConfig): HostedFunction => {
    const served: ServedFunction = { serving: false, ...(fn.rateLimit ? { limiter: new RateLimiter(fn.rateLimit) } : {}) };
    const entry: HostedFunction = { config: fn, state: 'no-build', served, stats: new RequestStats() };
    entries.set(fn.name, entry);
    state.functions.set(fn.name, served);
    return entry;
  };

  const updateEntry = (entry: HostedFunction, fn: FunctionConfig): void => {
    if (!samePolicy(entry.config, fn)) {
      if (fn.rateLimit) entry.served.limiter = new RateLimiter(fn.rateLimit);
      else delete entry.served.limiter;
    }
    entry.config = fn;
  };

  /** The router and the schedules follow the functions' configs. */
  const routeAndSchedule = (previous: readonly FunctionConfig[]): void => {
    const configs = [...entries.values()].map((entry) => entry.config);
    state.router = new Router(configs);
    if (JSON.stringify(previous) !== JSON.stringify(configs)) schedules.apply(configs);
  };

  async function setFunctions(configs: readonly FunctionConfig[]): Promise<void> {
    const previous = [...entries.values()].map((entry) => entry.config);
    const wanted = new Set(configs.map((fn) => fn.name));
    const removals: Promise<void>[] = [];
    for (const [name] of entries) {
      if (wanted.has(name)) continue;
      entries.delete(name);
      currentDefinitions.delete(name);
      state.functions.delete(name);
      removals.push(runtime.remove(name));
    }
    for (const fn of configs) {
      const entry = entries.get(fn.name);
      if (entry === undefined) addEntry(fn);
      else updateEntry(entry, fn);
    }
    // neosl.yaml order.
    const ordered = configs.map((fn) => [fn.name, entries.get(fn.name)!] as const);
    entries.clear();
    for (const [name, entry] of ordered) entries.set(name, entry);
    routeAndSchedule(previous);
    await Promise.all(removals);
  }

  async function load(name: string, version: VersionDefinition, cause: string, firstSeen: number): Promise<boolean> {
    const entry = entries.get(name);
    if (entry === undefined) return false;
    try {
      await runtime.reload(name, version.definition);
    } catch (failure) {
      if (closing) return false;
      entry.state = 'failed';
      const { message, code } = failure as UserError;
      if (!entry.served.serving) entry.served.startFailure = { code: code ?? 'START_FAILED', message };
      error(`${name}: the new version did not start: ${message}`, { functionName: name, code });
      return false;
    }
    currentDefinitions.set(name, version.definition);
    if (entries.get(name) !== entry) return false;
    entry.loadedKey = version.key;
    entry.served.serving = true;
    delete entry.served.startFailure;
    entry.state = 'ready';
    events.emit('reload', { type: 'reload', time: now(), functionName: name, version: runtime.stats(name).version, durationMs: performance.now() - firstSeen, cause });
    return true;
  }

  // Activations (and restarts) run one after another: a deploy never interleaves with a rollback.
  let activating: Promise<unknown> = Promise.resolve();

  async function startAll(versions: [string, VersionDefinition][]): Promise<[string, VersionDefinition, PreparedVersion][]> {
    const started = await Promise.allSettled(versions.map(async ([name, version]) => [name, version, await runtime.prepare(name, version.definition)] as [string, VersionDefinition, PreparedVersion]));
    const failed = started.findIndex((outcome) => outcome.status === 'rejected');
    if (failed === -1) return started.map((outcome) => (outcome as PromiseFulfilledResult<[string, VersionDefinition, PreparedVersion]>).value);
    await Promise.all(started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value[2].discard() : undefined)));
    const reason = (started[failed] as PromiseRejectedResult).reason as UserError;
    const name = versions[failed]![0].replace(CANARY_SUFFIX, '');
    // Paths as the project knows them, not where this host keeps its files.
    const stack = (reason.details as { stack?: string } | undefined)?.stack?.replaceAll(`${projectDir}${sep}`, '');
    throw new UserError(`${name} did not start: ${reason.message}`, { code: 'START_FAILED', cause: reason, details: { function: name, cause: reason.code, message: reason.message, ...(stack !== undefined ? { stack } : {}) } });
  }

  function activate(functions: ReadonlyMap<string, VersionDefinition>, cause: string, deployed?: string): Promise<void> {
    const run = activating.then(async () => {
      const started = performance.now();
      const changed = [...functions].filter(([name, version]) => entries.get(name)?.loadedKey !== version.key || !entries.get(name)?.served.serving);
      const prepared = await startAll(changed);
      if (closing) {
        await Promise.all(prepared.map(([, , version]) => version.discard()));
        return;
      }
      // One synchronous step: no request sees some functions switched and others not.
      const previous = [...entries.values()].map((entry) => entry.config);
      for (const [name, version, ready] of prepared) {
        ready.commit();
        currentDefinitions.set(name, version.definition);
        const entry = entries.get(name) ?? addEntry(version.definition.config);
        updateEntry(entry, version.definition.config);
        entry.loadedKey = version.key;
        entry.served.serving = true;
        delete entry.served.startFailure;
        entry.state = 'ready';
      }
      for (const [name, version] of functions) updateEntry(entries.get(name)!, version.definition.config);
      const removed = [...entries.keys()].filter((name) => !functions.has(name));
      for (const name of removed) {
        entries.delete(name);
        currentDefinitions.delete(name);
        state.functions.delete(name);
      }
      routeAndSchedule(previous);
      for (const [name] of prepared) {
        events.emit('reload', { type: 'reload', time: now(), functionName: name, version: runtime.stats(name).version, ...(deployed !== undefined ? { deployed } : {}), durationMs: performance.now() - started, cause });
      }
      await Promise.all(removed.map((name) => runtime.remove(name)));
    });
    activating = run.catch(() => undefined);
    return run;
  }

  function restart(names: readonly string[], cause: string): Promise<void> {
    const run = activating.then(async () => {
      const started = performance.now();
      // A function's canary (another key of the runtime) restarts with it.
      const keys = names.flatMap((name) => (entries.get(name)?.served.serving ? [name, ...(canaryShare.has(name) ? [canaryKey(name)] : [])] : []));
      await Promise.all(
        keys.map(async (key) => {
          const name = key.replace(CANARY_SUFFIX, '');
          try {
            await runtime.reload(key, currentDefinitions.get(key)!);
            events.emit('reload', { type: 'reload', time: now(), functionName: name, version: runtime.stats(name).version, durationMs: performance.now() - started, cause });
          } catch (failure) {
            error(`${name}: could not restart (${cause}): ${(failure as Error).message}; the running instances keep serving`, { functionName: name, code: (failure as UserError).code });
          }
        }),
      );
    });
    activating = run.catch(() => undefined);
    return run;
  }

  let deployment: Deployment = {};
  /** The canary's share of each function it changed; requests it took, until they are answered. */
  const canaryShare = new Map<string, number>();
  const canaryRequests = new Set<string>();
  const canaryKey = (name: string) => `${name}${CANARY_SUFFIX}`;

  const invoke = (name: string, input: unknown, requestId: string): Promise<InvokeOutcome> => {
    const share = canaryShare.size === 0 ? undefined : canaryShare.get(name);
    if (share !== undefined && Math.random() * 100 < share) {
      canaryRequests.add(requestId);
      return runtime.invoke(canaryKey(name), input, { requestId });
    }
    return runtime.invoke(name, input, { requestId });
  };

  /** Takes a canary's instances out once nothing waits for them (in-flight requests finish). */
  async function retireCanary(names: readonly string[]): Promise<void> {
    for (const name of names) canaryShare.delete(name);
    await Promise.all(
      names.map(async (name) => {
        const key = canaryKey(name);
        if (!runtime.functionNames().includes(key)) return;
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && runtime.stats(key).queued > 0) await new Promise((resolveWait) => setTimeout(resolveWait, 20));
        await runtime.remove(key);
      }),
    );
  }

  function setDeployment(next: Deployment): Promise<void> {
    const run = activating.then(async () => {
      const previous = [...canaryShare.keys()];
      if (next.canary === undefined) {
        deployment = next;
        await retireCanary(previous);
        return;
      }
      const { canary } = next;
      const changed = [...canary.functions].filter(([name, version]) => entries.get(name)?.loadedKey !== version.key);
      const prepared = await startAll(changed.map(([name, version]) => [canaryKey(name), version]));
      for (const [key, version, ready] of prepared) {
        ready.commit();
        currentDefinitions.set(key, version.definition);
      }
      deployment = next;
      for (const [name] of changed) canaryShare.set(name, canary.percent);
      await retireCanary(previous.filter((name) => !canaryShare.has(name)));
    });
    activating = run.catch(() => undefined);
    return run;
  }

  const requestDone = (event: RequestEvent, exchange?: RequestExchange) => {
    if (canaryRequests.delete(event.requestId)) event.version = deployment.canary?.version;
    else if (deployment.active !== undefined) event.version = deployment.active;
    if (requestLog.watching) requestLog.add(event, exchange);
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
  const triggerRuns = new TriggerRunner<{ name: string; event: unknown; method: string; path: string; settled?: TriggerSettled; failure?: TriggerFailure }, InvokeOutcome>({
    invoke: (run, attempt) => {
      const requestId = crypto.randomUUID();
      const started = performance.now();
      return invoke(run.name, run.event, requestId).then((outcome) => {
        requestDone(
          {
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
          },
          requestLog.watching ? triggerExchange(run.event, outcome) : undefined,
        );
        if (!outcome.ok) run.failure = { code: outcome.error.code, message: outcome.error.message };
        return outcome;
      });
    },
    // The function was removed or the host is closing: another attempt cannot succeed.
    retryable: (outcome) => outcome.ok || (outcome.error.code !== 'FUNCTION_NOT_FOUND' && outcome.error.code !== 'RUNTIME_CLOSED'),
    onGiveUp: (run, outcome, attempts) => {
      if (attempts > 1 && !outcome.ok) error(`${run.name}: ${run.method} ${run.path} failed after ${attempts} attempts: ${outcome.error.message}`, { functionName: run.name, code: outcome.error.code });
    },
    onDrop: (run, _lane, { queueLimit, concurrency }) =>
      error(`${run.name}: ${run.method} ${run.path} was dropped without running: ${queueLimit} runs of its trigger were already waiting (trigger concurrency ${concurrency})`, {
        functionName: run.name,
        code: 'TRIGGER_QUEUE_FULL',
      }),
    onError: (run, failure) => {
      run.failure = { code: 'TRIGGER_ERROR', message: (failure as Error)?.message ?? String(failure) };
      error(`${run.name}: ${run.method} ${run.path}: ${run.failure.message}`, { functionName: run.name });
    },
    onSettled: (run, outcome) => run.settled?.(outcome, run.failure),
  });

  /** A trigger (schedule, block, notification) runs a function, with that trigger's retry and concurrency. */
  function runTrigger(name: string, pick: (fn: FunctionConfig) => TriggerConfig | undefined, event: unknown, method: string, path: string, settled?: TriggerSettled): void {
    const entry = entries.get(name);
    const trigger = closing || !entry?.served.serving ? undefined : pick(entry.config);
    if (entry === undefined || trigger === undefined) return settled?.('unrun');
    triggerRuns.submit(triggerLane(entry.config, trigger), triggerPolicy(entry.config, trigger), { name, event, method, path, ...(settled ? { settled } : {}) });
  }

  // The function's config may have been replaced by an equal one since the job started: found again by its schedule.
  const schedules = new Schedules((name, event, fired, settled) => runTrigger(name, (fn) => scheduleTrigger(fn, fired), event, 'SCHEDULE', event.cron, settled), options.triggerGate);

  function onChainBlock(block: Block, logs: ApplicationLog[]): void {
    if (options.triggerGate?.runsChainTriggers() === false) return;
    const functions = [...entries.values()].map((entry) => entry.config);
    for (const name of blockSubscribers(functions)) runTrigger(name, blockTrigger, blockEvent(block), 'BLOCK', `#${block.index}`);
    for (const notification of notificationEvents(block, logs)) {
      for (const name of notificationSubscribers(functions, notification)) {
        runTrigger(name, (fn) => notificationTrigger(fn, notification), notification, 'EVENT', `${notification.eventName} ${notification.contract}`);
      }
    }
  }

  function deliverEvent(name: string, delivered: DeliveredEvent): Promise<DeliveryOutcome> {
    return new Promise((resolveRun) => {
      const settled: TriggerSettled = (outcome, failure) =>
        resolveRun(outcome === 'failed' ? { outcome, error: failure ?? { code: 'TRIGGER_FAILED', message: 'the run failed' } } : { outcome });
      if (delivered.kind === 'schedule') {
        const fired = { cron: delivered.event.cron, ...(delivered.timezone !== undefined ? { timezone: delivered.timezone } : {}) };
        runTrigger(name, (fn) => scheduleTrigger(fn, fired), delivered.event, 'SCHEDULE', delivered.event.cron, settled);
      } else if (delivered.kind === 'block') runTrigger(name, blockTrigger, delivered.event, 'BLOCK', `#${delivered.event.block.index}`, settled);
      else {
        const notification = delivered.event;
        runTrigger(name, (fn) => notificationTrigger(fn, notification), notification, 'EVENT', `${notification.eventName} ${notification.contract}`, settled);
      }
    });
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
  let port = 0;
  const startedAt = now();
  // POST /_neosl/rpc: the host's chain (in-process, or the node it uses) for outside tools.
  let rpcHandler = createChainRpcHandler(backends.chain.blockchain, { local: backends.chain.local });

  /** Other backends, while no function is loaded (a host's first version names them): the runtime and the chain are opened anew. */
  async function replaceBackends(next: HostBackendOptions): Promise<void> {
    const run = activating.then(async () => {
      if (runtime.functionNames().length > 0) throw new UserError('the backends can only change while no function runs: restart the host', { code: 'RESTART_NEEDED' });
      await runtime.close();
      await backends.close((message) => error(message));
      backendOptions = next;
      backends = await openHostBackends(backendOptions, events, (block, logs) => onChainBlock(block, logs));
      runtime = openRuntime();
      rpcHandler = createChainRpcHandler(backends.chain.blockchain, { local: backends.chain.local });
    });
    activating = run.catch(() => undefined);
    return run;
  }
  const host: FunctionHost = {
    events,
    get runtime() {
      return runtime;
    },
    get backendOptions() {
      return backendOptions;
    },
    replaceBackends,
    functions: entries,
    requestLog,
    projectDir,
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    setFunctions,
    load,
    activate,
    restart,
    setDeployment,
    get deployment() {
      return deployment;
    },
    updateSettings(settings) {
      state.bodyLimit = settings.bodyLimitBytes;
      state.access = settings.access;
      state.rpcAllowedOrigins = settings.rpcAllowedOrigins;
      setBodyTimeout(server, settings.bodyTimeoutMs);
    },
    deliverEvent,
    summaries,
    error,
    listen,
    close,
  };
  const adminRoutes: AdminRoute[] = [
    ...statusRoutes({
      kind: options.kind,
      startedAt,
      url: () => url,
      functions: summaries,
      // The console's invoke form starts from each function's sample input (neosl.yaml `sample:`).
      listFunctions: () =>
        summaries().map((summary) => {
          const entry = entries.get(summary.name);
          const sample = entry?.config.sample;
          return {
            ...summary,
            ...(sample === undefined ? {} : { sample: shownSample(sample) }),
            ...(entry?.buildFailure === undefined ? {} : { buildFailure: entry.buildFailure }),
          };
        }),
      metricsText: () =>
        metricsText({
          requests: requestCounts,
          functions: summaries().map((summary) => {
            const serving = entries.get(summary.name)!.served.serving;
            return { ...summary, snapshot: serving ? runtime.metricsSnapshot(summary.name) : undefined, cacheReads: serving ? runtime.stats(summary.name).cache : undefined };
          }),
        }),
      ...(options.health ? { health: options.health } : {}),
    }),
    // As a node: GET with the call in the query, or POST with it in the body (a preflight is told
    // "GET, POST", the node's methods).
    { method: 'GET', path: '/_neosl/rpc', rpcCors: true, note: '(Neo N3 JSON-RPC: ?method=…&params=[…]&id=…)', handle: ({ req, res }) => rpcHandler(req, res) },
    { method: 'POST', path: '/_neosl/rpc', rpcCors: true, note: '(Neo N3 JSON-RPC)', handle: ({ req, res }) => rpcHandler(req, res) },
    ...chainRoutes({
      get blockchain() {
        return backends.chain.blockchain;
      },
      get local() {
        return backends.chain.local;
      },
      get rpcUrl() {
        return backendOptions.blockchain.rpcUrl;
      },
      get blockIntervalMs() {
        return backendOptions.blockchain.blockIntervalMs;
      },
    }),
    ...requestRoutes(requestLog),
    ...consoleRoutes(options.consoleDir),
    ...(options.adminRoutes?.(host) ?? []),
  ];
  const server = createEmulatorServer(
    { state, invoke, requestDone, requestLog, adminRoutes, ...(options.authorize ? { authorize: options.authorize } : {}), ...(options.createServer ? { createServer: options.createServer } : {}) },
    { bodyTimeoutMs: options.settings.bodyTimeoutMs },
  );
  const socket: EventsSocket = attachEventsSocket(server, events, {
    access: () => state.access,
    onRequestWatchers: (count) => requestLog.setWatchers(count),
    ...(options.authorize ? { authorize: options.authorize } : {}),
    ...(options.authorizeToken ? { authorizeToken: options.authorizeToken } : {}),
  });
  // Responses not yet sent, for the drain on close: a request counts until its answer is flushed.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  // One shared listener, no closure per request ('close' comes once).
  const responseClosed = () => {
    if (--inFlight === 0) drained?.();
  };
  server.on('request', (_req, res) => {
    inFlight++;
    res.on('close', responseClosed);
  });

  const metricsTimer = setInterval(() => {
    if (events.listenerCount('metrics') > 0) events.emit('metrics', { type: 'metrics', time: now(), functions: summaries(), rssBytes: process.memoryUsage.rss() });
  }, 1000);
  metricsTimer.unref();

  async function listen(): Promise<void> {
    const listenHost = options.listenHost;
    try {
      await new Promise<void>((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(options.port, listenHost, () => {
          server.off('error', reject);
          resolveListen();
        });
      });
    } catch (failure) {
      await close();
      const code = (failure as NodeJS.ErrnoException).code;
      const command = options.kind === 'dev' ? 'neosl dev' : 'neosl serve';
      if (code === 'EADDRINUSE') throw new UserError(`port ${options.port} is already in use on ${listenHost}`, { code: 'PORT_IN_USE', hint: `stop the other server, or pick another port: ${command} --port ${options.port + 1} (or --port 0 for any free port)` });
      if (code === 'EACCES') throw new UserError(`not allowed to listen on ${listenHost}:${options.port}`, { code: 'PORT_DENIED', hint: 'use a port above 1024 with --port' });
      throw failure;
    }
    server.on('error', (failure) => error(`server error: ${(failure as Error).message}`));
    port = (server.address() as AddressInfo).port;
    const shownHost = listenHost === '0.0.0.0' || listenHost === '::' ? 'localhost' : listenHost.includes(':') ? `[${listenHost}]` : listenHost;
    url = `${options.scheme ?? 'http'}://${shownHost}:${port}`;
  }

  let closed: Promise<void> | undefined;
  function close(): Promise<void> {
    closed ??= (async () => {
      closing = true;
      clearInterval(metricsTimer);
      requestLog.close();
      schedules.stop();
      triggerRuns.stop();
      const stopped = server.listening ? new Promise<void>((resolveClose) => server.close(() => resolveClose())) : Promise.resolve();
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
      await activating;
      await runtime.close();
      (events as EventEmitter).off('newListener', followNewListener).off('removeListener', followListeners);
      events.off('error', ignoreUnheardReport);
      await backends.close((message) => error(message));
    })();
    return closed;
  }

  return host;
}
