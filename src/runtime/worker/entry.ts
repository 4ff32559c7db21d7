// An instance: a worker thread that imports one function's bundle once and runs its invocations.
// The Context of each request is built with createRequestContext on services that live as long as
// the instance: its own memory cache and SQLite connection (opened on first use), and the host's
// Redis, chain and other functions over the port. Invocations arrive in batches (one message per
// turn of the host's loop) and their answers leave in batches (the Outbox), with the logs, spans and
// metric updates the host is interested in; cache reads and metric values are counted in place and
// ride on the next message as deltas.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { createCache } from '../../backends/cache/cache.js';
import { createMemoryCache } from '../../backends/cache/memory-cache.js';
import type { Context } from '../../sdk/context.js';
import { setActiveBlockchain } from '../../sdk/context/active-blockchain.js';
import { createRequestContext, type InstanceServices } from '../../sdk/context/create-context.js';
import { createSecrets } from '../../sdk/context/secrets.js';
import { PermissionCheck } from '../../sdk/permissions.js';
import type { NeoFunction } from '../../sdk/function.js';
import { MetricsRegistry } from '../../sdk/observability/metrics.js';
import { describeThrown } from '../describe-error.js';
import { runtimeError } from '../errors.js';
import type { EventInterest, HostMessage, InvokeRequest, InvokeResponse, StartMessage, WorkerData } from '../protocol.js';
import type { InvocationError } from '../types.js';
import { CacheReads } from './cache-reads.js';
import { createLazyDatabase, loadDatabaseOpener } from './lazy-database.js';
import { loadHandler, StartFailure } from './load-handler.js';
import { monitorFaults } from './fault-monitor.js';
import { MemoryGuard } from './memory-guard.js';
import { MetricDeltas } from './metric-deltas.js';
import { Outbox } from './outbox.js';
import { RemoteCalls } from './remote-calls.js';
import { createRemoteChain } from './remote-chain.js';
import { createRemoteRedis } from './remote-redis.js';
import { RequestScope } from './request-scope.js';
import { checkSendable, jsonCopy, unsendableError } from './sendable.js';
import { newTraceId } from '../../sdk/observability/random-ids.js';

const port = parentPort as MessagePort;
// Independent of the function: under way while a standby waits (its failure is reported at start).
const databaseOpener = loadDatabaseOpener();
databaseOpener.catch(() => undefined);
// A standby worker is launched before its function is known: it gets its data in a `start` message.
const data: WorkerData =
  (workerData as WorkerData | null) ?? (await new Promise<WorkerData>((resolve) => port.once('message', (message: StartMessage) => resolve(message.data))));
const calls = new RemoteCalls(port);
const cacheReads = new CacheReads();
const outbox = new Outbox(port, cacheReads, new MetricDeltas());
const registry = new MetricsRegistry();
const noop = (): void => undefined;
/** Which per-request events leave the instance; the host changes it with `interest` messages. */
const interest: EventInterest = { ...data.interest };
// Answers finished before the thread ends (a fault, process.exit in the function) still leave.
monitorFaults(port, outbox.flush);
process.on('exit', outbox.flush);
const memory = new MemoryGuard((usage) => port.postMessage({ type: 'memory-exceeded', usage }));

let handler: NeoFunction | undefined;
let services: InstanceServices | undefined;
let closeDatabase = noop;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** An answer leaves with the others of this turn, unless the instance is over its memory limit. */
function answer(response: InvokeResponse): void {
  if (memory.checkBeforeAnswer()) {
    // Over its memory limit: the host ends the instance and fails what it holds, so the answer is
    // not sent; what the request logged still is.
    outbox.flush();
    return;
  }
  outbox.answer(response);
}

function fail(id: number, started: number, error: InvocationError): void {
  answer({ id, ok: false, error, durationMs: performance.now() - started });
}

function succeed(id: number, started: number, value: unknown): void {
  const check = checkSendable(value);
  if (!check.ok) return fail(id, started, unsendableError(check.problem));
  if (check.needsJsonCopy) {
    try {
      value = jsonCopy(value);
    } catch (error) {
      return fail(id, started, unsendableError((error as Error).message));
    }
  }
  answer({ id, ok: true, value, durationMs: performance.now() - started });
}

function invoke(request: InvokeRequest): void {
  const started = performance.now();
  const { id } = request;
  if (handler === undefined || services === undefined) return fail(id, started, runtimeError('INSTANCE_CRASHED', 'the instance is not ready'));
  const scope = new RequestScope(id, request.requestId, outbox, registry, interest);
  // createRequestContext hands the sinks to the logger and tracer as it builds them: pointing them
  // at this request's scope first tags what the request records, without another services object.
  services.onLog = scope.onLog;
  services.onSpan = scope.onSpan;
  let result: unknown;
  try {
    const context = createRequestContext(services, { requestId: request.requestId, traceId: request.traceId ?? newTraceId() });
    (context as { metrics: Context['metrics'] }).metrics = scope;
    result = handler(request.input, context);
  } catch (error) {
    return fail(id, started, describeThrown(error));
  }
  if (isThenable(result)) {
    result.then(
      (value) => succeed(id, started, value),
      (error: unknown) => fail(id, started, describeThrown(error)),
    );
  } else {
    succeed(id, started, result);
  }
}

function shutdown(): never {
  outbox.flush();
  calls.close();
  try {
    closeDatabase();
  } catch {
    // Exiting anyway; SQLite's WAL keeps the file consistent.
  }
  // In a worker, process.exit ends this thread only.
  process.exit(0);
}

port.on('message', (message: HostMessage) => {
  if (Array.isArray(message)) {
    for (const request of message) invoke(request);
    return;
  }
  switch (message.type) {
    case 'interest':
      Object.assign(interest, message.interest);
      break;
    case 'reply':
      calls.settle(message);
      break;
    case 'ping':
      port.postMessage({ type: 'pong', id: message.id });
      break;
    case 'close':
      shutdown();
      break;
    case 'start':
      // Only the first message of a standby, taken above.
      break;
  }
});

try {
  const blockchain = createRemoteChain(calls);
  setActiveBlockchain(blockchain);
  const lazy = createLazyDatabase(data.databaseFile, await databaseOpener, (database) => {
    if (services) services.database = database;
  });
  closeDatabase = lazy.close;
  services = {
    functionName: data.functionName,
    env: data.env,
    secrets: createSecrets(data.secrets, new PermissionCheck(data.functionName, data.permissions)),
    cache: createCache({
      memory: createMemoryCache({ maxEntries: data.memoryCacheMaxEntries, reads: cacheReads.memory }),
      redisClient: createRemoteRedis(calls, data.redis),
      redisReads: cacheReads.redis,
    }),
    database: lazy.database,
    blockchain,
    metrics: registry,
    onLog: noop,
    onSpan: noop,
    executeFunction: (name, input, caller) => calls.call('execute', name, [input, caller.traceId], new Error()),
  };
  // Stack traces of a bundle with a source map point at the TypeScript lines. Turned on only now:
  // Node reads and parses the map of every module loaded while it is on, and the runtime's own
  // modules (with their .js.map) would add ~15 ms to every cold start.
  process.setSourceMapsEnabled(true);
  memory.start();
  handler = await loadHandler(data);
  // A bundle that loads over its memory limit is ended by the host: a start failure.
  if (!memory.check()) port.postMessage({ type: 'ready' });
} catch (error) {
  const info = error instanceof StartFailure ? error.info : runtimeError('INSTANCE_CRASHED', `function "${data.functionName}": the instance could not start: ${(error as Error)?.message ?? String(error)}`, { stack: (error as Error)?.stack });
  port.postMessage({ type: 'start-failed', error: info });
  shutdown();
}
