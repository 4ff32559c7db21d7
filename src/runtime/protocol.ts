// The messages between the host (main thread) and an instance (worker thread). Structured clone,
// no JSON: invocations carry no `type` field so that the hot path's messages stay as small as the
// invoke protocol itself; everything else is tagged.
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
  type?: undefined;
  id: number;
  input: unknown;
  requestId: string;
  traceId?: string;
}

export type ServiceReply = { type: 'reply'; id: number; ok: true; value: unknown } | { type: 'reply'; id: number; ok: false; error: RemoteError };

/** A standby worker becomes an instance of a function. */
export interface StartMessage {
  type: 'start';
  data: WorkerData;
}

export type HostMessage = InvokeRequest | ServiceReply | StartMessage | { type: 'ping'; id: number } | { type: 'close' };

// worker → host

/**
 * Cache reads since the instance last reported them: [memory hits, memory misses, redis hits,
 * redis misses]. Counted in plain integers as the function reads, sent only when some changed,
 * riding on the next message the instance sends anyway (an invoke response, an event batch, its
 * last flush before it stops).
 */
export type CacheReadDelta = [memoryHits: number, memoryMisses: number, redisHits: number, redisMisses: number];

export type WorkerEvent =
  | { kind: 'log'; id: number; record: LogRecord }
  | { kind: 'span'; id: number; requestId: string; span: SpanRecord }
  | { kind: 'metric'; id: number; requestId: string; metric: 'counter' | 'gauge' | 'histogram'; name: string; value: number }
  // Made by the host's Instance from a message's `cache` field, so that the reads reach the runtime
  // with the events they came with; an instance never sends one.
  | { kind: 'cache'; reads: CacheReadDelta };

export type InvokeResponse =
  | { type?: undefined; id: number; ok: true; value: unknown; durationMs: number; events?: WorkerEvent[]; cache?: CacheReadDelta }
  | { type?: undefined; id: number; ok: false; error: InvocationError; durationMs: number; events?: WorkerEvent[]; cache?: CacheReadDelta };

export type ServiceName = 'redis' | 'chain' | 'execute';

export interface ServiceCall {
  type: 'call';
  id: number;
  service: ServiceName;
  method: string;
  args: unknown[];
}

export type WorkerMessage =
  | InvokeResponse
  | ServiceCall
  | { type: 'ready' }
  | { type: 'start-failed'; error: InvocationError }
  | { type: 'events'; events: WorkerEvent[]; cache?: CacheReadDelta }
  | { type: 'pong'; id: number }
  // Heap + external memory over the function's `memory`: the host ends the instance (the answer that
  // found it is not sent).
  | { type: 'memory-exceeded'; usage: MemoryUsage }
  // An uncaught exception or unhandled rejection, just before Node ends the thread for it (unless
  // the function handles 'uncaughtException' itself).
  | { type: 'fault'; origin: FaultOrigin; error: Pick<InvocationError, 'name' | 'message' | 'stack'> };
