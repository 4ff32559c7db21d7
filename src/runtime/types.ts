// The runtime's public shapes: what createRuntime takes, what an invocation resolves with, the
// stats and events it reports.
import type { Redis } from 'ioredis';
import type { FunctionConfig } from '../config/types.js';
import type { Blockchain } from '../sdk/blockchain-types.js';
import type { LogRecord } from '../sdk/context.js';
import type { SpanRecord } from '../sdk/observability/tracer.js';

export interface FunctionDefinition {
  config: FunctionConfig;
  /** The ESM bundle to import (absolute, or relative to projectDir). */
  bundleFile: string;
  /** The handler export; default: the export named like the function, else the default export. */
  exportName?: string;
}

export interface RuntimeOptions {
  /** The project root: relative bundle paths resolve from it and messages show paths relative to it. */
  projectDir: string;
  functions: Record<string, FunctionDefinition>;
  state: {
    /**
     * The SQLite file every instance opens (WAL). ':memory:' cannot be shared between connections,
     * so the runtime then uses a private temporary file that close() deletes.
     */
    databaseFile: string;
    /** A real Redis; absent: the in-process ioredis-mock, shared by all instances. */
    redisUrl?: string;
  };
  /** Project-wide environment (e.g. .env); a function's config.environment overrides it. */
  env?: Record<string, string>;
  /** What context.secrets.get() answers. */
  secrets?: Record<string, string>;
  /** Entries of each instance's memory cache level (neosl.yaml cache.memory.maxEntries); default 10000. */
  memoryCacheMaxEntries?: number;
  /** The chain instances talk to; absent: an in-process local chain owned (and closed) by the runtime. */
  blockchain?: Blockchain;
  /**
   * Keep one worker thread booted ahead of time for the next reload (the dev emulator), so that a
   * new version starts in the time its bundle takes to import. Costs one idle thread. Default false.
   */
  standbyWorker?: boolean;
  /**
   * False: requests run past the function's timeout (a debugger paused at a breakpoint must not get
   * its instance terminated). Instance starts keep their own limit. Default true.
   */
  enforceTimeouts?: boolean;
  /** Called once with the client that answers instances' Redis commands, before it serves any (the dev session journals its writes). */
  persistRedisWrites?: (client: Redis) => void;
}

export interface InvokeOptions {
  /** Default: a random UUID. */
  requestId?: string;
  /** Default: a new trace. */
  traceId?: string;
}

/** An error as the function (or the runtime on its behalf) reports it; plain data. */
export interface InvocationError {
  name: string;
  message: string;
  /** Source-mapped when the bundle has a map; absent for thrown non-Errors and runtime errors. */
  stack?: string;
  /** A NeoError's code, an error's string `code`, else FUNCTION_ERROR; or one of RuntimeErrorCode. */
  code: string;
  /** The HTTP status the emulator answers with. */
  statusCode: number;
  details?: unknown;
}

interface OutcomeBase {
  /** Time the handler ran (measured in the instance); for runtime failures, time since dispatch. */
  durationMs: number;
  /** True when this request waited for a new instance to start (import the bundle). */
  coldStart: boolean;
  /** The instance's start-up time (import of the bundle), when coldStart. */
  initDurationMs?: number;
  requestId: string;
  /** The function's log records of this request, in order. */
  logs: LogRecord[];
}

export type InvokeOutcome = (OutcomeBase & { ok: true; value: unknown }) | (OutcomeBase & { ok: false; error: InvocationError });

export interface FunctionStats {
  /** Bumped by each reload. */
  version: number;
  /** Live instances (starting, serving, or finishing requests of a previous version). */
  instances: number;
  /** Requests sent to or waiting for an instance. */
  inFlight: number;
  /** Requests waiting because every instance is at targetConcurrency and maxInstances is reached. */
  queued: number;
  /** Invocations that waited for a new instance; coldStarts + warmStarts = invocations that reached an instance. */
  coldStarts: number;
  warmStarts: number;
  /** Instances started successfully. */
  instancesStarted: number;
  /** Instances that crashed, ran out of memory, or were terminated for not yielding. */
  crashes: number;
  invocations: number;
  errors: number;
  /** Cache reads of the function's code (all instances and versions), by level. */
  cache: CacheStats;
}

/** Reads (get, has) that found the key, and those that found it absent or expired. */
export interface CacheReadStats {
  hits: number;
  misses: number;
}

export interface CacheStats {
  /** context.cache.memory: each instance's own. */
  memory: CacheReadStats;
  /** context.cache.redis, context.cache.get/has and createClient() clients: the shared Redis. */
  redis: CacheReadStats;
}

export interface SpanEvent {
  functionName: string;
  requestId: string;
  span: SpanRecord;
}

export interface MetricUpdate {
  kind: 'counter' | 'gauge' | 'histogram';
  name: string;
  value: number;
  requestId: string;
}

export interface MetricsEvent {
  functionName: string;
  updates: MetricUpdate[];
}

export interface InstanceEvent {
  functionName: string;
  version: number;
  instanceId: number;
  /** start: ready to serve; stop: stopped by the pool (cooldown, reload, close). */
  type: 'start' | 'start-failed' | 'stop' | 'crash';
  /** start: the instance's start-up time. */
  durationMs?: number;
  /** start-failed and crash: why. */
  error?: InvocationError;
}

export interface InvocationEvent {
  functionName: string;
  requestId: string;
  ok: boolean;
  durationMs: number;
  coldStart: boolean;
  /** The error code when !ok. */
  code?: string;
  statusCode?: number;
}

/** Text a function wrote to stdout/stderr (console.log …); without a listener it goes to the host's stderr. */
export interface ConsoleEvent {
  functionName: string;
  instanceId: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface RuntimeEventMap {
  log: [LogRecord];
  span: [SpanEvent];
  metrics: [MetricsEvent];
  instance: [InstanceEvent];
  invocation: [InvocationEvent];
  console: [ConsoleEvent];
}
