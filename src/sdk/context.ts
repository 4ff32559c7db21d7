// The Context every function receives: the platform's services, scoped to one request.
import type { Blockchain } from './blockchain-types.js';
import type { Cache } from './cache-types.js';
import type { Database } from './database-types.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: object): void;
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  error(message: string, fields?: object): void;
}

/** One structured log record, as the host receives it (requestId attached). */
export interface LogRecord {
  level: LogLevel;
  message: string;
  /** Epoch milliseconds. */
  time: number;
  requestId: string;
  functionName: string;
  fields: Record<string, unknown>;
}

export interface Timer {
  /** Stops the timer and returns the elapsed time in milliseconds. */
  end(): number;
}

export interface Metrics {
  increment(name: string, value?: number): void;
  gauge(name: string, value: number): void;
  histogram(name: string, value: number): void;
  startTimer(): Timer;
}

export interface HistogramSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface MetricsSnapshot {
  counters: Record<string, number>;
  gauges: Record<string, number>;
  histograms: Record<string, HistogramSummary>;
}

export type SpanStatus = 'unset' | 'ok' | 'error';
export type AttributeValue = string | number | boolean;

export interface Span {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  setAttribute(key: string, value: AttributeValue): this;
  setStatus(status: SpanStatus, message?: string): this;
  /** Ends the span and returns its duration in milliseconds. */
  end(): number;
}

export interface SpanOptions {
  parent?: Span;
  attributes?: Record<string, AttributeValue>;
}

export interface Tracer {
  startSpan(name: string, options?: SpanOptions): Span;
}

export interface Secrets {
  /** Resolves a secret (locally: from .env or the environment); rejects when it is not set. */
  get(name: string): Promise<string>;
}

export interface FunctionsClient {
  /** Calls another function of the project and resolves with its result. */
  execute<T = unknown>(name: string, input: unknown): Promise<T>;
}

export interface Context {
  readonly requestId: string;
  readonly functionName: string;
  readonly env: Record<string, string>;
  readonly secrets: Secrets;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly cache: Cache;
  readonly database: Database;
  readonly blockchain: Blockchain;
  readonly functions: FunctionsClient;
}
