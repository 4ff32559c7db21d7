// How `neosl chain` reaches the chain of a running `neosl dev`: its admin routes (/_neosl/chain, to
// mine and send) and its Neo JSON-RPC endpoint (/_neosl/rpc, to read as from any node).
import type { CommandContext } from '../../command-context.js';
import { findConfigFile } from '../../config/find.js';
import { loadConfig } from '../../config/load.js';
import { UsageError, UserError } from '../../errors.js';

export interface EmulatorOptions {
  url?: string;
}

export interface AdminAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A JSON-RPC error answered by the node (e.g. -103 Unknown transaction). */
export class RpcAnswerError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RpcAnswerError';
  }
}

const TIMEOUT_MS = 30_000;

/** The running emulator: --url, else neosl.yaml's dev host and port, else 127.0.0.1:8700. */
export async function emulatorUrl(context: CommandContext, options: EmulatorOptions): Promise<string> {
  if (options.url !== undefined) {
    try {
      return new URL(options.url).origin;
    } catch {
      throw new UsageError(`--url ${options.url}: not a URL`, { hint: 'e.g. --url http://127.0.0.1:8700' });
    }
  }
  if (findConfigFile(context.cwd) === undefined) return 'http://127.0.0.1:8700';
  const { config } = await loadConfig({ cwd: context.cwd, env: context.env });
  const host = config.dev.host === '0.0.0.0' || config.dev.host === '::' ? '127.0.0.1' : config.dev.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.dev.port}`;
}

async function request(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; parsed: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UserError(`no neosl dev answers at ${base} (${cause})`, { code: 'EMULATOR_NOT_RUNNING', hint: 'The chain lives in the emulator: start it with "neosl dev", or point at it with --url.' });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`${base}${path} answered ${response.status} with something that is not JSON: is it a neosl dev emulator?`, { code: 'NOT_AN_EMULATOR', hint: 'Point at the emulator with --url (neosl dev prints it: "Ready on …").' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(`${base}${path} answered ${response.status} with JSON that is not an object: is it a neosl dev emulator?`, { code: 'NOT_AN_EMULATOR' });
  }
  return { status: response.status, parsed: parsed as Record<string, unknown> };
}

/** GET or POST one of the /_neosl/chain routes; a 404 that is not the emulator's own means "not an emulator". */
export async function adminCall(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<AdminAnswer> {
  const { status, parsed } = await request(base, method, path, body);
  if (status === 404 && (parsed.error as { code?: string } | undefined)?.code !== 'ROUTE_NOT_FOUND') {
    throw new UserError(`${base} is not a neosl dev emulator with a chain (${path} answered 404)`, { code: 'NOT_AN_EMULATOR', hint: 'Point at the emulator with --url (neosl dev prints it: "Ready on …").' });
  }
  return { status, body: parsed };
}

/** The admin route's error as a UserError (exit 1), when it answered one. */
export function failIfError(answer: AdminAnswer): void {
  if (answer.status < 400) return;
  const error = (answer.body.error ?? {}) as { code?: string; message?: string };
  throw new UserError(error.message ?? `the emulator answered ${answer.status}`, { code: error.code ?? 'CHAIN_ERROR' });
}

/** One Neo JSON-RPC call at /_neosl/rpc: its result, or an RpcAnswerError with the node's code. */
export async function rpcCall<T>(base: string, method: string, params: unknown[]): Promise<T> {
  const { status, parsed } = await request(base, 'POST', '/_neosl/rpc', { jsonrpc: '2.0', id: 1, method, params });
  const error = parsed.error as { code?: unknown; message?: unknown } | undefined;
  if (error !== undefined && error !== null) throw new RpcAnswerError(Number(error.code), String(error.message));
  if (status !== 200 || !('result' in parsed)) {
    throw new UserError(`${base}/_neosl/rpc answered ${status} without a JSON-RPC result: is it a neosl dev emulator?`, { code: 'NOT_AN_EMULATOR' });
  }
  return parsed.result as T;
}
