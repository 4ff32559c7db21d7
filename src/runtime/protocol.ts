// The messages between the host (main thread) and an instance (worker thread). Structured clone,
// no JSON. The hot path is batched per event-loop turn in both directions: the host sends the
// invocations of one turn as one array (InvokeBatch), the instance answers those of one turn in one
// AnswerBatch with the events and deltas gathered meanwhile. Neither carries a `type` field, so that
// the hot path's messages stay as small as the invoke protocol itself; everything else is tagged.
import type { Permission } from '../config/types.js';
import type { LogRecord } from '../sdk/context.js';
import type { SpanRecord } from '../sdk/observability/tracer.js';
import type { InvocationError } from './types.js';
import type { FaultOrigin, MemoryUsage } from './errors.js';

/** What the worker receives as workerData. */
export interface WorkerData {
  functionName: string;
  bundleFile: string;
  /** The bundle as shown in messages (relative to the project). */
  bundleShown: string;
  exportName?: string;
  env: Record<string, string>;
  /** Empty unless `permissions` has secrets:read. */
  secrets: Record<string, string>;
  /** neosl.yaml `permissions`: for the instance's own messages; the host enforces them on its side. */
  permissions: Permission[];
  memoryCacheMaxEntries?: number;
  /** The SQLite file the instance opens (never ':memory:'). */
  databaseFile: string;
  /** The host's Redis as its messages name it (password redacted) and its command timeout. */
  redis: { label: string; commandTimeoutMs?: number };
  /** Which per-request events the host wants at launch; later changes come as `interest` messages. */
  interest: EventInterest;
}

/**
 * Which per-request events an instance sends: log records, spans, and metric updates one by one.
 * Metric values always reach the host, aggregated (MetricsDelta), whatever `metrics` says.
 */
export interface EventInterest {
  logs: boolean;
  spans: boolean;
  metrics: boolean;
}

/** An error crossing the port: name, message and stack, plus its own data (code, details …). */
export interface RemoteError {
  name: string;
  message: string;
  stack?: string;
  props?: Record<string, unknown>;
}

// host → worker

export interface InvokeRequest {
  id: number;
  input: unknown;
  requestId: string;
  traceId?: string;
}

/** The invocations the host assigned to one instance during one turn of its event loop. */
export type InvokeBatch = InvokeRequest[];

export type ServiceReply = { type: 'reply'; id: number; ok: true; value: unknown } | { type: 'reply'; id: number; ok: false; error: RemoteError };

/** A standby worker becomes an instance of a function. */
export interface StartMessage {
  type: 'start';
  data: WorkerData;
}

export type HostMessage =
  | InvokeBatch
  | ServiceReply
  | StartMessage
  | { type: 'interest'; interest: EventInterest }
  | { type: 'ping'; id: number }
  | { type: 'close' };

// worker → host

/**
 * Cache reads since the instance last reported them: [memory hits, memory misses, redis hits,
 * redis misses]. Counted in plain integers as the function reads, sent only when some changed,
 * riding on the next message the instance sends anyway (an invoke response, an event batch, its
 * last flush before it stops).
 */
export type CacheReadDelta = [memoryHits: number, memoryMisses: number, redisHits: number, redisMisses: number];

/**
 * Metric updates since the instance last reported them, aggregated: each counter's sum, each
 * gauge's last value, every histogram sample (the host keeps percentiles over recent samples).
 * Sent, like CacheReadDelta, on messages the instance sends anyway.
 */
export interface MetricsDelta {
  counters?: [name: string, sum: number][];
  gauges?: [name: string, value: number][];
  histograms?: [name: string, samples: number[]][];
}

export type WorkerEvent =
  | { kind: 'log'; id: number; record: LogRecord }
  | { kind: 'span'; id: number; requestId: string; span: SpanRecord }
  | { kind: 'metric'; id: number; requestId: string; metric: 'counter' | 'gauge' | 'histogram'; name: string; value: number }
  // Made by the host's Instance from a message's `cache` and `metrics` fields, so that they reach
  // the runtime with the events they came with; an instance never sends one.
  | { kind: 'cache'; reads: CacheReadDelta }
  | { kind: 'metrics'; delta: MetricsDelta };

export type InvokeResponse = { id: number; ok: true; value: unknown; durationMs: number } | { id: number; ok: false; error: InvocationError; durationMs: number };

/** What an instance gathered since its last message: events (in order) and the deltas of its counts. */
export interface EventsPayload {
  events?: WorkerEvent[];
  cache?: CacheReadDelta;
  metrics?: MetricsDelta;
}

/**
 * The answers an instance finished during one turn of its event loop, with the events and deltas
 * gathered up to then (a request's logs arrive with its answer, before it).
 */
export interface AnswerBatch extends EventsPayload {
  type?: undefined;
  answers: InvokeResponse[];
}

export type ServiceName = 'redis' | 'chain' | 'execute';

export interface ServiceCall {
  type: 'call';
  id: number;
  service: ServiceName;
  method: string;
  args: unknown[];
}

export type WorkerMessage =
  | AnswerBatch
  | ServiceCall
  | { type: 'ready' }
  | { type: 'start-failed'; error: InvocationError }
  // Events and deltas with no answer to ride on (logged after an answer, in a timer …).
  | ({ type: 'events' } & EventsPayload)
  | { type: 'pong'; id: number }
  // Heap + external memory over the function's `memory`: the host ends the instance (the answer that
  // found it is not sent).
  | { type: 'memory-exceeded'; usage: MemoryUsage }
  // An uncaught exception or unhandled rejection, just before Node ends the thread for it (unless
  // the function handles 'uncaughtException' itself).
  | { type: 'fault'; origin: FaultOrigin; error: Pick<InvocationError, 'name' | 'message' | 'stack'> };
