// createRuntime: the functions of a project, each a pool of instances on shared backends (one
// Redis client, one chain, one SQLite file), with invoke, hot reload, stats and events.
import { isPostgresLocator } from '../backends/database/database-locator.js';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openRedisConnection } from '../backends/cache/redis-connection.js';
import { redisClientInfo } from '../backends/cache/redis-registry.js';
import { createLocalChain } from '../backends/chain/local-chain.js';
import { UserError } from '../errors.js';
import type { MetricsSnapshot } from '../sdk/context.js';
import { MetricsRegistry } from '../sdk/observability/metrics.js';
import { displayPath } from '../util/display-path.js';
import { Call } from './call.js';
import { closedError, unknownFunctionError } from './errors.js';
import { createHostServices } from './host-services.js';
import { instanceEnvironment } from './worker-env.js';
import type { FaultEventMap } from './fault.js';
import { PermissionCheck, SECRETS_PERMISSION } from '../sdk/permissions.js';
import type { Instance } from './instance.js';
import { FunctionPool, type PoolHost } from './pool.js';
import { StandbyWorker } from './standby-worker.js';
import type { EventInterest, MetricsDelta, WorkerData, WorkerEvent } from './protocol.js';
import type {
  CacheStats,
  FunctionDefinition,
  FunctionStats,
  InvocationError,
  InvokeOptions,
  InvokeOutcome,
  MetricUpdate,
  RuntimeEventMap,
  RuntimeOptions,
} from './types.js';

export type RuntimeEvents = EventEmitter<RuntimeEventMap & FaultEventMap>;
export type { EventInterest };

export interface Runtime {
  /** Runs a function once; never rejects: failures are outcomes with an error code and HTTP status. */
  invoke(name: string, input: unknown, options?: InvokeOptions): Promise<InvokeOutcome>;
  /**
   * Swaps a function to a new bundle/config atomically: the new version is started and warm before
   * it takes requests; requests in flight finish on the old one, which then stops. Rejects (and keeps
   * the old version serving) when the new version cannot start. A new name adds a function.
   */
  reload(name: string, definition: FunctionDefinition): Promise<void>;
  /**
   * The first half of a reload: the new version is started and warm, but takes no request until
   * commit() (synchronous, so that a host can switch several functions in one step). discard()
   * stops it instead. Rejects when it cannot start.
   */
  prepare(name: string, definition: FunctionDefinition): Promise<PreparedVersion>;
  stats(name: string): FunctionStats;
  /** The function's metrics, summed over all its instances (and versions). */
  metricsSnapshot(name: string): MetricsSnapshot;
  functionNames(): string[];
  /**
   * Takes a function out (e.g. removed from neosl.yaml): new and queued requests fail as unknown,
   * those in flight finish, then its instances stop. Resolves when they have.
   */
  remove(name: string): Promise<void>;
  /**
   * Which per-request events instances send across the thread boundary (default: all). `logs:
   * false`: log records stay in the instance, so neither 'log' events nor InvokeOutcome.logs carry
   * them; `spans: false`: no 'span' events; `metrics: false`: no 'metrics' events (metricsSnapshot
   * stays complete: instances always send their metric values, aggregated). Takes effect on every
   * instance at once (a request already running may still send a few).
   */
  setEventInterest(interest: Partial<EventInterest>): void;
  readonly events: RuntimeEvents;
  /** Fails what is in flight, stops every instance, closes the backends it opened. */
  close(): Promise<void>;
}

export interface PreparedVersion {
  commit(): void;
  discard(): Promise<void>;
}

type Counters = Pick<FunctionStats, 'coldStarts' | 'warmStarts' | 'instancesStarted' | 'crashes' | 'invocations' | 'errors'>;

interface FunctionSlot {
  name: string;
  version: number;
  pool: FunctionPool;
  /** Earlier versions finishing their requests. */
  retiring: Set<FunctionPool>;
  counters: Counters;
  /** Cache reads reported by its instances, summed. */
  cache: CacheStats;
  metrics: MetricsRegistry;
  /** Reloads of one function run one after another. */
  reloading: Promise<unknown>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const projectDir = resolve(options.projectDir);
  const events: RuntimeEvents = new EventEmitter<RuntimeEventMap & FaultEventMap>();
  const slots = new Map<string, FunctionSlot>();
  let closed = false;
  let instanceIds = 0;

  // Backends shared by every instance.
  let temporaryDir: string | undefined;
  let databaseFile = options.state.databaseFile;
  if (databaseFile === ':memory:') {
    // A SQLite :memory: database belongs to one connection; instances need one they can all open.
    temporaryDir = mkdtempSync(join(tmpdir(), 'neosl-runtime-'));
    databaseFile = join(temporaryDir, 'state.sqlite');
  } else if (!isPostgresLocator(databaseFile)) {
    databaseFile = resolve(projectDir, databaseFile);
    mkdirSync(dirname(databaseFile), { recursive: true });
  }
  const redis = openRedisConnection({ url: options.state.redisUrl });
  options.persistRedisWrites?.(redis.client);
  const ownChain = options.blockchain === undefined ? createLocalChain() : undefined;
  const blockchain = options.blockchain ?? ownChain!.blockchain;
  const redisHost: WorkerData['redis'] = { label: redisClientInfo(redis.client).url, commandTimeoutMs: redis.client.options?.commandTimeout };

  const standby = new StandbyWorker();
  /** After a function's version is warm: a standby for its next reload. */
  const prepareStandby = (pool: FunctionPool): void => {
    if (options.standbyWorker && !closed) standby.prepare(pool.standbyKey, () => pool.launchStandby());
  };

  const serve = createHostServices({ redis: redis.client, blockchain, invoke: (name, input, o) => invoke(name, input, o) });

  const publish = (functionName: string, batch: WorkerEvent[]): void => {
    const slot = slots.get(functionName);
    let updates: MetricUpdate[] | undefined;
    for (const event of batch) {
      switch (event.kind) {
        case 'log':
          events.emit('log', event.record);
          break;
        case 'span':
          events.emit('span', { functionName, requestId: event.requestId, span: event.span });
          break;
        case 'metric': {
          // The value itself arrives in the instance's MetricsDelta: this is only the update's event.
          const { metric, name, value, requestId } = event;
          (updates ??= []).push({ kind: metric, name, value, requestId });
          break;
        }
        case 'metrics':
          if (slot) addMetrics(slot, event.delta);
          break;
        case 'cache':
          if (slot) {
            const { memory, redis: shared } = slot.cache;
            const [memoryHits, memoryMisses, redisHits, redisMisses] = event.reads;
            memory.hits += memoryHits;
            memory.misses += memoryMisses;
            shared.hits += redisHits;
            shared.misses += redisMisses;
          }
      }
    }
    if (updates) events.emit('metrics', { functionName, updates });
  };

  let interest: EventInterest = { logs: true, spans: true, metrics: true };
  /** Every pool made and not yet finished: serving, retiring, or a version being prepared. */
  const pools = new Set<FunctionPool>();
  const livePools = (): Set<FunctionPool> => {
    for (const pool of pools) if (pool.finished) pools.delete(pool);
    return pools;
  };

  // Without `serve`: each pool gets it bound to its function's permissions (createPool).
  const host: Omit<PoolHost, 'serve'> = {
    publish,
    console(functionName, instanceId, stream, text) {
      if (events.listenerCount('console') > 0) events.emit('console', { functionName, instanceId, stream, text });
      else process.stderr.write(text);
    },
    instanceEvent(pool: FunctionPool, instance: Instance, type, error) {
      const slot = slots.get(pool.functionName);
      if (slot && type === 'start') slot.counters.instancesStarted++;
      if (slot && type === 'crash') slot.counters.crashes++;
      events.emit('instance', {
        functionName: pool.functionName,
        version: pool.version,
        instanceId: instance.id,
        type,
        ...(type === 'start' ? { durationMs: instance.initDurationMs } : {}),
        ...(error ? { error } : {}),
      });
    },
    assigned(functionName, cold) {
      const counters = slots.get(functionName)?.counters;
      if (counters) {
        if (cold) counters.coldStarts++;
        else counters.warmStarts++;
      }
    },
    nextInstanceId: () => ++instanceIds,
    interest: () => interest,
    takeStandby: (key) => standby.take(key),
    fault: (event) => events.emit('fault', event),
    redirect(functionName, call) {
      const slot = slots.get(functionName);
      if (closed || slot === undefined) call.fail(closedError(functionName));
      else slot.pool.dispatch(call);
    },
  };

  function createPool(name: string, version: number, definition: FunctionDefinition): FunctionPool {
    const { config } = definition;
    const bundleFile = resolve(projectDir, definition.bundleFile);
    const env = { ...options.env, ...config.environment };
    const caller = new PermissionCheck(name, config.permissions);
    const workerData: Omit<WorkerData, 'interest'> = {
      // The function's own name: a host's second version of it (a canary) runs under another key.
      functionName: config.name,
      bundleFile,
      bundleShown: displayPath(bundleFile, projectDir),
      exportName: definition.exportName,
      env,
      // Not even sent to an instance that may not read them.
      secrets: caller.has(SECRETS_PERMISSION) ? { ...options.secrets } : {},
      permissions: [...config.permissions],
      memoryCacheMaxEntries: options.memoryCacheMaxEntries,
      databaseFile,
      redis: redisHost,
    };
    const pool = new FunctionPool({ ...host, serve: (call) => serve(call, caller) }, { functionName: name, version, config, workerData, env: instanceEnvironment(process.env, env), enforceTimeout: options.enforceTimeouts ?? true });
    livePools().add(pool);
    return pool;
  }

  function addMetrics({ metrics }: FunctionSlot, delta: MetricsDelta): void {
    if (delta.counters) for (const [name, sum] of delta.counters) metrics.increment(name, sum);
    if (delta.gauges) for (const [name, value] of delta.gauges) metrics.gauge(name, value);
    if (delta.histograms) for (const [name, samples] of delta.histograms) for (const value of samples) metrics.histogram(name, value);
  }

  function settle(slot: FunctionSlot, call: Call, outcome: InvokeOutcome): void {
    slot.counters.invocations++;
    if (!outcome.ok) slot.counters.errors++;
    if (events.listenerCount('invocation') > 0) {
      events.emit('invocation', {
        functionName: slot.name,
        requestId: call.requestId,
        ok: outcome.ok,
        durationMs: outcome.durationMs,
        coldStart: outcome.coldStart,
        ...(outcome.ok ? {} : { code: outcome.error.code, statusCode: outcome.error.statusCode }),
      });
    }
  }

  function addFunction(name: string, definition: FunctionDefinition, pool = createPool(name, 1, definition)): FunctionSlot {
    const slot: FunctionSlot = {
      name,
      version: pool.version,
      pool,
      retiring: new Set(),
      counters: { coldStarts: 0, warmStarts: 0, instancesStarted: 0, crashes: 0, invocations: 0, errors: 0 },
      cache: { memory: { hits: 0, misses: 0 }, redis: { hits: 0, misses: 0 } },
      metrics: new MetricsRegistry(),
      reloading: Promise.resolve(),
    };
    slots.set(name, slot);
    return slot;
  }

  function failedOutcome(error: InvocationError, requestId: string): InvokeOutcome {
    return { ok: false, error, durationMs: 0, coldStart: false, requestId, logs: [] };
  }

  function invoke(name: string, input: unknown, invokeOptions?: InvokeOptions): Promise<InvokeOutcome> {
    const requestId = invokeOptions?.requestId ?? randomUUID();
    const slot = slots.get(name);
    if (slot === undefined) return Promise.resolve(failedOutcome(unknownFunctionError(name, [...slots.keys()]), requestId));
    if (closed) return Promise.resolve(failedOutcome(closedError(name), requestId));
    return new Promise((resolveOutcome) => {
      slot.pool.dispatch(
        new Call(input, requestId, invokeOptions?.traceId, (call, outcome) => {
          settle(slot, call, outcome);
          resolveOutcome(outcome);
        }),
      );
    });
  }

  /** A new version of `name`, started and warm; rejects (and stops it) when it cannot start. */
  async function startVersion(name: string, definition: FunctionDefinition): Promise<FunctionPool> {
    const next = createPool(name, (slots.get(name)?.version ?? 0) + 1, definition);
    const error = await next.warm(Math.max(1, definition.config.scaling.minInstances), true);
    prepareStandby(next);
    if (error) {
      await next.close();
      throw new UserError(error.message, { code: error.code, ...(error.stack !== undefined ? { details: { stack: error.stack } } : {}) });
    }
    return next;
  }

  /** Puts a started version in front: requests in flight finish on the old one, queued ones move over. */
  function install(name: string, definition: FunctionDefinition, next: FunctionPool): void {
    if (closed) {
      void next.close();
      return;
    }
    const slot = slots.get(name);
    if (slot === undefined) {
      addFunction(name, definition, next);
      return;
    }
    const previous = slot.pool;
    slot.pool = next;
    slot.version = next.version;
    slot.retiring.add(previous);
    const { queued, done } = previous.drain();
    // Requests still waiting for room on the old version go to the new one.
    for (const call of queued) next.dispatch(call);
    void done.then(() => slot.retiring.delete(previous));
  }

  async function swap(slot: FunctionSlot, definition: FunctionDefinition): Promise<void> {
    const next = await startVersion(slot.name, definition);
    install(slot.name, definition, next);
  }

  function slotOf(name: string): FunctionSlot {
    const slot = slots.get(name);
    if (slot === undefined) throw new UserError(unknownFunctionError(name, [...slots.keys()]).message, { code: 'FUNCTION_NOT_FOUND' });
    return slot;
  }

  for (const [name, definition] of Object.entries(options.functions)) {
    const { pool } = addFunction(name, definition);
    void pool.warm().then(() => prepareStandby(pool));
  }

  return {
    events,
    invoke,

    reload(name, definition) {
      if (closed) return Promise.reject(new UserError(`cannot reload "${name}": the runtime is closed`, { code: 'RUNTIME_CLOSED' }));
      let slot = slots.get(name);
      if (slot === undefined) {
        const { pool } = (slot = addFunction(name, definition));
        return pool.warm().then((error) => {
          if (error) throw new UserError(error.message, { code: error.code });
          prepareStandby(pool);
        });
      }
      const target = slot;
      const result = target.reloading.then(() => swap(target, definition));
      target.reloading = result.catch(() => undefined);
      return result;
    },

    async prepare(name, definition) {
      if (closed) throw new UserError(`cannot start "${name}": the runtime is closed`, { code: 'RUNTIME_CLOSED' });
      const next = await startVersion(name, definition);
      let settled = false;
      return {
        commit() {
          if (settled) return;
          settled = true;
          install(name, definition, next);
        },
        async discard() {
          if (settled) return;
          settled = true;
          await next.close();
        },
      };
    },

    stats(name) {
      const { pool, retiring, counters, cache, version } = slotOf(name);
      let instances = pool.instances.length + pool.stopping.size;
      let inFlight = pool.inFlight;
      for (const old of retiring) {
        instances += old.instances.length + old.stopping.size;
        inFlight += old.inFlight;
      }
      return { version, instances, inFlight, queued: pool.queued, ...counters, cache: { memory: { ...cache.memory }, redis: { ...cache.redis } } };
    },

    setEventInterest(changes) {
      const next = { ...interest, ...changes };
      if (next.logs === interest.logs && next.spans === interest.spans && next.metrics === interest.metrics) return;
      interest = next;
      for (const pool of livePools()) pool.setInterest(interest);
    },

    metricsSnapshot(name) {
      return slotOf(name).metrics.snapshot();
    },

    functionNames() {
      return [...slots.keys()];
    },

    async remove(name) {
      const slot = slots.get(name);
      if (slot === undefined) return;
      slots.delete(name);
      await slot.reloading;
      const { queued, done } = slot.pool.drain();
      for (const call of queued) host.redirect(name, call);
      await Promise.all([done, ...[...slot.retiring].map((pool) => pool.drain().done)]);
    },

    async close() {
      if (closed) return;
      closed = true;
      const pools = [...slots.values()].flatMap((slot) => [slot.pool, ...slot.retiring]);
      await Promise.all([...pools.map((pool) => pool.close()), standby.close()]);
      await redis.close();
      ownChain?.close();
      if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
    },
  };
}
