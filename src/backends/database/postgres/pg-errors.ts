// PostgreSQL errors → DatabaseError: which failures mean "the server cannot be reached" (UNAVAILABLE,
// naming host:port and the cause, never the password), and how a URL is shown (password masked).
import { DatabaseError } from '../errors.js';

/** The URL with its password replaced by ***, for messages and logs. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** "host:port" of a postgres URL (5432 when absent), for messages. */
export function hostPort(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname === '' ? (parsed.searchParams.get('host') ?? 'localhost') : parsed.hostname;
    return `${host}:${parsed.port === '' ? '5432' : parsed.port}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/** SQLSTATE classes and codes that say the connection or the server is gone, not the statement. */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28P01', '28000']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Client was closed|terminating connection/i;

/** pg's errors carry a SQLSTATE (`code`, 5 characters) or a Node errno code. */
export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether the failure is about reaching the server (so the statement may not have run). */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseError) return error.code === 'UNAVAILABLE';
  const code = pgCode(error);
  if (code !== undefined && (CONNECTION_ERRNOS.has(code) || CONNECTION_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return CONNECTION_MESSAGES.test(message);
}

function causeOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return causeOf(error.errors[0]);
  const message = error instanceof Error ? error.message : String(error);
  return message === '' ? (pgCode(error) ?? 'unknown error') : message;
}

/** UNAVAILABLE: PostgreSQL at host:port cannot be reached, with the cause and what happened to the call. */
export function unavailableError(url: string, operation: string, error: unknown, outcome?: string): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const cause = causeOf(error).replaceAll(url, maskUrl(url));
  return new DatabaseError(
    'UNAVAILABLE',
    `${operation}: PostgreSQL at ${hostPort(url)} is unavailable: ${cause}${outcome === undefined ? '' : ` (${outcome})`}`,
    { cause: error, pgCode: pgCode(error) },
  );
}
