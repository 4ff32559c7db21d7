// What a function threw, as InvocationError data: an Error keeps its name, message, (source-mapped)
// stack and, like a NeoError, its code, statusCode and details; anything else thrown is shown.
import { inspect } from 'node:util';
import { serializeFields } from '../sdk/observability/serialize-fields.js';
import { FUNCTION_ERROR } from './errors.js';
import type { InvocationError } from './types.js';
import { userStack } from './user-stack.js';

type ErrorLike = Error & { code?: unknown; statusCode?: unknown; details?: unknown };

/** Errors of another realm (vm contexts) fail instanceof; their shape still tells them. */
function isErrorLike(value: unknown): value is ErrorLike {
  if (value instanceof Error) return true;
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string';
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

/** Plain data for any value (cycles cut, BigInts as strings), so that it can cross the port. */
export function toPlainData(value: unknown): unknown {
  return serializeFields({ value }).value;
}

/** The database's "PostgreSQL cannot be reached" (DatabaseError UNAVAILABLE): a 503, the message naming the cause. */
function isUnavailable(error: ErrorLike): boolean {
  return error.name === 'DatabaseError' && error.code === 'UNAVAILABLE';
}

export function describeThrown(thrown: unknown): InvocationError {
  if (isErrorLike(thrown)) {
    const error: InvocationError = {
      name: typeof thrown.name === 'string' && thrown.name ? thrown.name : 'Error',
      message: String(thrown.message),
      code: typeof thrown.code === 'string' && thrown.code ? thrown.code : FUNCTION_ERROR,
      statusCode: isHttpStatus(thrown.statusCode) ? thrown.statusCode : isUnavailable(thrown) ? 503 : 500,
    };
    // Reading .stack is what applies the source map.
    if (typeof thrown.stack === 'string') error.stack = userStack(thrown.stack);
    if (thrown.details !== undefined) error.details = toPlainData(thrown.details);
    return error;
  }
  return {
    name: 'Error',
    message: `the function threw a non-Error value: ${inspect(thrown, { depth: 4, breakLength: Infinity })}`,
    code: FUNCTION_ERROR,
    statusCode: 500,
    details: { thrown: toPlainData(thrown) },
  };
}
