// Builds the Context a function receives for one request. What lives as long as an instance (the
// backends, the metrics registry) is passed in once; the per-request part is a few small objects.
import type { Blockchain } from '../blockchain-types.js';
import type { Cache } from '../cache-types.js';
import type { Context, LogLevel, Secrets } from '../context.js';
import type { Database } from '../database-types.js';
import { createLogger, type LogSink } from '../observability/logger.js';
import type { MetricsRegistry } from '../observability/metrics.js';
import { createTracer, newTraceId, type SpanSink } from '../observability/tracer.js';

export interface CallerInfo {
  requestId: string;
  traceId: string;
  functionName: string;
}

export interface InstanceServices {
  functionName: string;
  env: Readonly<Record<string, string>>;
  /** Built once per instance (createSecrets). */
  secrets: Secrets;
  cache: Cache;
  database: Database;
  blockchain: Blockchain;
  metrics: MetricsRegistry;
  onLog: LogSink;
  onSpan: SpanSink;
  minLogLevel?: LogLevel;
  /** context.functions.execute: runs another function of the project. */
  executeFunction(name: string, input: unknown, caller: CallerInfo): Promise<unknown>;
}

export function createRequestContext(services: InstanceServices, request: { requestId: string; traceId?: string }): Context {
  const { functionName } = services;
  const traceId = request.traceId ?? newTraceId();
  const caller: CallerInfo = { requestId: request.requestId, traceId, functionName };
  return {
    requestId: request.requestId,
    functionName,
    env: services.env,
    secrets: services.secrets,
    logger: createLogger({ requestId: request.requestId, functionName, sink: services.onLog, minLevel: services.minLogLevel }),
    metrics: services.metrics,
    tracer: createTracer({ traceId, sink: services.onSpan }),
    cache: services.cache,
    database: services.database,
    blockchain: services.blockchain,
    functions: {
      execute: <T>(name: string, input: unknown) => services.executeFunction(name, input, caller) as Promise<T>,
    },
  };
}
