// PostgreSQL failures as the host store's user errors: a connection that cannot be made or was lost
// becomes STORE_UNAVAILABLE (503 on the host API) naming host:port and the cause, never a password;
// constraint violations the store expects are told apart by their SQLSTATE.
import { isUserError, UserError } from '../../../errors.js';
import { STORE_UNAVAILABLE } from '../host-store-api.js';
import { postgresAddress, scrubPassword } from './postgres-url.js';

/** SQLSTATE classes and Node codes that mean "the server is not there (now)", not "the query is wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES = [/connection terminated/i, /not queryable/i, /timeout exceeded when trying to connect/i, /connection (?:is )?closed/i, /server closed the connection/i];

export const UNIQUE_VIOLATION = '23505';

export function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}

/** Whether `error` says the server could not be reached or the connection was lost. */
export function isConnectionFailure(error: unknown): boolean {
  if (isUserError(error)) return error.code === STORE_UNAVAILABLE;
  const code = pgCode(error);
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith('08') || code.startsWith('28'))) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AggregateError) return error.errors.some(isConnectionFailure);
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/** The cause in a few words: "connection refused", the server's message, … (no password). */
export function connectionCause(error: unknown, url: string): string {
  const code = pgCode(error);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT') return 'connection timed out';
  if (error instanceof AggregateError && error.errors.length > 0) return connectionCause(error.errors[0], url);
  const message = error instanceof Error ? error.message : String(error);
  return scrubPassword(message, url) || 'connection lost';
}

export function storeUnavailable(error: unknown, url: string): UserError {
  if (isUserError(error) && error.code === STORE_UNAVAILABLE) return error;
  return new UserError(`the host store (PostgreSQL at ${postgresAddress(url)}) is unavailable: ${connectionCause(error, url)}`, {
    code: STORE_UNAVAILABLE,
    hint: 'the functions keep serving their active version; try again once PostgreSQL is back (no restart needed)',
  });
}
