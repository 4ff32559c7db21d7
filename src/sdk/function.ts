// `@neo-service/sdk/function`: the shapes of functions and the errors they throw.
import type { Context } from './context.js';

export type NeoFunction<I = any, O = any> = (input: I, context: Context) => Promise<O> | O;

export interface HttpRequest<B = any> {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: B;
}

export interface HttpResult<B = any> {
  statusCode: number;
  headers?: Record<string, string>;
  body?: B;
}

export type NeoHttpFunction = NeoFunction<HttpRequest, HttpResult>;

/** Schedule and blockchain triggers call event functions; their return value is ignored. */
export type NeoEventFunction<E = any> = (event: E, context: Context) => Promise<void> | void;

/** The event a `schedule` trigger receives. */
export interface ScheduleEvent {
  type: 'schedule';
  cron: string;
  /** ISO time the run was due. */
  scheduledTime: string;
}

export { NeoError, statusForErrorCode } from './neo-error.js';

/** What a call rejects with when the function does not declare the permission it needs in neosl.yaml. */
export { PermissionDeniedError } from './permissions.js';

/** Stops calling a failing dependency: opens after errorThreshold failures, tries again after resetTimeout. */
export { CircuitBreaker } from './network/circuit-breaker.js';

export type { Context } from './context.js';
