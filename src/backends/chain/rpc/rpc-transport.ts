// JSON-RPC 2.0 over HTTP(S) POST to a Neo N3 node: a keep-alive agent, one deadline per call (retries included),
// and retries with backoff on connection failures only, never on an answer (a JSON-RPC error or an HTTP status).
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { backoffCap, jitteredDelay, positiveNumber, sleep } from '../../../sdk/network/backoff.js';
import { RpcError } from '../rpc-error.js';
import { RpcClientError } from './rpc-client-error.js';
import type { RpcClientErrorCode, RpcClientErrorFields } from './rpc-client-error.js';

export interface RpcTransportOptions {
  /** The deadline of one call, retries included (ms). Default 10000. */
  timeoutMs?: number;
  /** Further tries after a connection failure. Default 2. */
  retries?: number;
}

export interface RpcTransport {
  /** The node's URL as messages show it (without credentials). */
  readonly url: string;
  call<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Destroys the sockets; calls in flight and later calls fail with NEO_RPC_CLOSED. */
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 2;
const BACKOFF_INITIAL_MS = 100;
const BACKOFF_MAX_MS = 2_000;
const BODY_START = 200;

/** System errors of a connection that a new try may get past. */
const RETRYABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

interface RawAnswer {
  status: number;
  statusMessage: string;
  contentType: string;
  text: string;
}

/** Why one try got no answer. */
type TryFailure =
  | { kind: 'deadline' }
  | { kind: 'connect-timeout' }
  | { kind: 'network'; errno: string | undefined; error: Error };

class TryFailed extends Error {
  constructor(readonly failure: TryFailure) {
    super(failure.kind);
  }
}

function shownUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.pathname === '/' && !copy.search ? copy.origin : copy.href;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > BODY_START ? `${line.slice(0, BODY_START)}…` : line;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node's error object as an RpcError; Neo 3.6+ already appends " - data" to message, which is not repeated. */
function toRpcError(error: Record<string, unknown>): RpcError {
  const code = error.code as number;
  const rawData = error.data;
  const data = rawData === undefined || rawData === null || rawData === '' ? undefined : typeof rawData === 'string' ? rawData : JSON.stringify(rawData);
  let message = typeof error.message === 'string' ? error.message : `JSON-RPC error ${code}`;
  if (data !== undefined && message.endsWith(` - ${data}`)) message = message.slice(0, -(data.length + 3));
  return new RpcError(code, message, data);
}

export function createRpcTransport(url: string, options: RpcTransportOptions = {}): RpcTransport {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError(`Neo RPC URL ${JSON.stringify(url)} is not a URL: expected http(s)://host:port, e.g. http://127.0.0.1:50012`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`Neo RPC URL ${JSON.stringify(url)}: expected an http:// or https:// URL, not ${target.protocol}`);
  }
  const timeoutMs = positiveNumber('Neo RPC timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const retries = positiveNumber('Neo RPC retries', options.retries, DEFAULT_RETRIES, { allowZero: true, integer: true });
  const shown = shownUrl(target);
  const https = target.protocol === 'https:';
  const agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 16 }) : new HttpAgent({ keepAlive: true, maxSockets: 16 });
  const send = https ? httpsRequest : httpRequest;
  let closed = false;
  let nextId = 1;

  const fail = (code: RpcClientErrorCode, what: string, method: string, extra: Omit<RpcClientErrorFields, 'url' | 'method'> = {}) =>
    new RpcClientError(code, `Neo RPC ${shown}: ${what}`, { url: shown, method, ...extra });

  /** One POST; resolves with any HTTP answer, rejects with TryFailed. */
  const tryOnce = (payload: Buffer, deadline: number, connectBudget: number): Promise<RawAnswer> =>
    new Promise<RawAnswer>((resolve, reject) => {
      let settled = false;
      let response: IncomingMessage | undefined;
      const timers: NodeJS.Timeout[] = [];
      const finish = (failure: TryFailure | undefined, answer?: RawAnswer): void => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        if (failure) {
          response?.destroy();
          req.destroy();
          reject(new TryFailed(failure));
        } else {
          resolve(answer!);
        }
      };
      const req: ClientRequest = send(target, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': String(payload.length) },
      }, (res) => {
        response = res;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => finish({ kind: 'network', errno: (error as NodeJS.ErrnoException).code, error }));
        res.on('close', () => {
          if (!res.complete) finish({ kind: 'network', errno: 'ECONNRESET', error: new Error('the connection closed before the answer ended') });
        });
        res.on('end', () => finish(undefined, {
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }));
      });
      timers.push(setTimeout(() => finish({ kind: 'deadline' }), Math.max(0, deadline - Date.now())));
      req.on('socket', (socket: Socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => finish({ kind: 'connect-timeout' }), Math.max(1, connectBudget));
        timers.push(connectTimer);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('error', (error) => finish({ kind: 'network', errno: (error as NodeJS.ErrnoException).code, error }));
      req.end(payload);
    });

  const parseAnswer = (method: string, answer: RawAnswer, attempts: number): unknown => {
    let body: unknown;
    let isJson = true;
    try {
      body = JSON.parse(answer.text);
    } catch {
      isJson = false;
    }
    if (isJson && isObject(body) && isObject(body.error) && typeof body.error.code === 'number') throw toRpcError(body.error);
    const start = oneLine(answer.text);
    const status = answer.status;
    if (status < 200 || status >= 300) {
      const what = `HTTP ${status}${answer.statusMessage ? ` ${answer.statusMessage}` : ''} for ${method}${start ? `: ${start}` : ''}`;
      throw fail('NEO_RPC_HTTP_STATUS', what, method, { status, attempts });
    }
    if (!isJson) {
      const what = start ? `the answer to ${method} is not JSON (${answer.contentType || 'no content-type'}): ${start}` : `the answer to ${method} is empty`;
      throw fail('NEO_RPC_BAD_RESPONSE', what, method, { status, attempts });
    }
    if (!isObject(body) || !('result' in body)) {
      throw fail('NEO_RPC_BAD_RESPONSE', `the answer to ${method} has neither a result nor an error: ${start}`, method, { status, attempts });
    }
    return body.result;
  };

  const call = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    if (closed) throw fail('NEO_RPC_CLOSED', `the client is closed (${method})`, method);
    const payload = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }), 'utf8');
    const deadline = Date.now() + timeoutMs;
    const tries = retries + 1;
    for (let attempt = 1; ; attempt++) {
      let failure: TryFailure;
      try {
        const connectBudget = (deadline - Date.now()) / (tries - attempt + 1);
        return parseAnswer(method, await tryOnce(payload, deadline, connectBudget), attempt) as T;
      } catch (error) {
        if (!(error instanceof TryFailed)) throw error;
        failure = error.failure;
      }
      const note = attempt > 1 ? `; ${attempt} attempts` : '';
      if (closed) throw fail('NEO_RPC_CLOSED', `the client was closed (${method})`, method, { attempts: attempt });
      if (failure.kind === 'deadline') {
        throw fail('NEO_RPC_TIMEOUT', `no answer within ${seconds(timeoutMs)} (${method}${note})`, method, { attempts: attempt });
      }
      const retryable = failure.kind === 'connect-timeout' || RETRYABLE_ERRNOS.has(failure.errno ?? '');
      const remaining = deadline - Date.now();
      if (!retryable || attempt >= tries || remaining <= 0) {
        if (failure.kind === 'connect-timeout') {
          throw fail('NEO_RPC_TIMEOUT', `no connection within ${seconds(timeoutMs)} (${method}${note})`, method, { attempts: attempt });
        }
        const errno = failure.errno;
        const why = (errno && ERRNO_TEXT[errno]) ?? failure.error.message;
        const detail = failure.error.message && failure.error.message !== why && !failure.error.message.includes(errno ?? '\0') ? ` (${failure.error.message})` : '';
        throw fail('NEO_RPC_UNREACHABLE', `${why}${detail} (${method}${note}); is the node running at this URL?`, method, {
          attempts: attempt,
          ...(errno ? { errno } : {}),
          cause: failure.error,
        });
      }
      await sleep(Math.min(remaining, jitteredDelay(backoffCap('exponential', BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, attempt))));
    }
  };

  return {
    url: shown,
    call,
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
