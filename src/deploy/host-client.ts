// How the host commands talk to a `neosl serve` host: JSON over fetch with the Bearer token, and
// every failure (unreachable, not a neosl host, 401, the host's own error answers) as a UserError
// that says what happened and what to do. The token is sent in a header only, never shown.
import { UserError } from '../errors.js';
import { describeTokenSource, type HostTarget } from './target.js';

export interface HostRequestOptions {
  /** Default: the client's (30 s unless hostClient was given another). */
  timeoutMs?: number;
  /** Bytes to send as application/octet-stream instead of a JSON body. */
  raw?: Buffer;
}

/** GET /_neosl/health of a host. */
export interface HostHealth {
  status: string;
  kind: 'serve';
  neosl?: string;
  uptimeMs?: number;
}

export interface HostClient {
  /** The host's base URL, no trailing slash. */
  readonly url: string;
  readonly target: HostTarget;
  /** `path` starts with "/" (e.g. "/_neosl/versions"); resolves with the parsed JSON answer (undefined when empty). */
  request<T>(method: string, path: string, body?: unknown, options?: HostRequestOptions): Promise<T>;
  /** GET /_neosl/health and check that a `neosl serve` answered (not `neosl dev`, not another server). */
  checkHost(): Promise<HostHealth>;
}

export const DEFAULT_HOST_TIMEOUT_MS = 30_000;

const TLS_PROBLEMS = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text from the other side, safe to print: no control characters (terminal escapes), bounded. */
function printable(text: string, max = 500): string {
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

interface Unreachable {
  reason: string;
  hint: string;
  code: 'HOST_UNREACHABLE' | 'NOT_A_NEOSL_HOST';
}

/** Why fetch failed before an answer, in the user's terms. */
function whyUnreachable(error: unknown, url: string, timeoutMs: number): Unreachable {
  const checkUrl = `is "neosl serve" running there? Check the URL (--target, deploy.targets in neosl.yaml, or "neosl login")`;
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { code: 'HOST_UNREACHABLE', reason: `no answer within ${seconds(timeoutMs)}`, hint: checkUrl };
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  if (code !== undefined && TLS_PROBLEMS.has(code)) {
    return { code: 'HOST_UNREACHABLE', reason: `its TLS certificate is not trusted (${code})`, hint: 'give Node the CA that signed it: NODE_EXTRA_CA_CERTS=/path/to/ca.pem' };
  }
  if (code?.startsWith('HPE_')) return { code: 'NOT_A_NEOSL_HOST', reason: 'what answered does not speak HTTP', hint: checkUrl };
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return { code: 'HOST_UNREACHABLE', reason: `TLS failed (${code})`, hint: url.startsWith('https:') ? 'the host may serve plain http:// rather than https://' : checkUrl };
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens there)',
    ENOTFOUND: `the name ${new URL(url).hostname} does not resolve (DNS)`,
    EAI_AGAIN: `the name ${new URL(url).hostname} could not be resolved now (DNS)`,
    ECONNRESET: 'the connection was closed before an answer',
    UND_ERR_SOCKET: 'the connection was closed before an answer',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
    EHOSTUNREACH: 'no route to the host',
    ENETUNREACH: 'the network is unreachable',
  };
  return { code: 'HOST_UNREACHABLE', reason: (code !== undefined ? reasons[code] : undefined) ?? printable(message, 200), hint: checkUrl };
}

function unauthorized(target: HostTarget): UserError {
  const create = 'create a token on the host with "neosl serve token create NAME"';
  if (target.token === undefined) {
    return new UserError(`the host at ${target.url} needs a token, and none was given`, {
      code: 'UNAUTHORIZED',
      hint: `log in with "neosl login ${target.url}" (or set NEOSL_TOKEN); ${create}`,
    });
  }
  const renew =
    target.tokenSource === 'NEOSL_TOKEN'
      ? 'then set NEOSL_TOKEN to it'
      : target.tokenSource === 'neosl.yaml'
        ? `then update the token of deploy target "${target.name}"`
        : `then "neosl login ${target.url}"`;
  return new UserError(`the host at ${target.url} refused the token from ${describeTokenSource(target)}: it is wrong or was revoked`, {
    code: 'UNAUTHORIZED',
    hint: `${create}, ${renew}`,
  });
}

function describeBody(contentType: string | null, text: string): string {
  if (text.trim() === '') return 'an empty body';
  if (contentType?.includes('html') || /^\s*<(!doctype|html)/i.test(text)) return 'an HTML page';
  return contentType ? `a ${contentType.split(';')[0]} body` : 'a body that is not JSON';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The client for `target`; `defaults.timeoutMs` replaces the 30 s per request. */
export function hostClient(target: HostTarget, defaults: { timeoutMs?: number } = {}): HostClient {
  const url = target.url.replace(/\/+$/, '');
  const defaultTimeoutMs = defaults.timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS;
  const notNeosl = (message: string, hint = `check the URL: it should be where "neosl serve" listens`) =>
    new UserError(message, { code: 'NOT_A_NEOSL_HOST', hint });

  async function send<T>(method: string, path: string, body: unknown, options: HostRequestOptions, withToken: boolean): Promise<T> {
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (withToken && target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
    let payload: string | Uint8Array | undefined;
    if (options.raw !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      payload = new Uint8Array(options.raw.buffer, options.raw.byteOffset, options.raw.byteLength);
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }

    let response: Response;
    let text: string;
    try {
      // No redirects: a token must not follow one to another place.
      response = await fetch(`${url}${path}`, { method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const why = whyUnreachable(error, url, timeoutMs);
      throw new UserError(`cannot reach the host at ${url}: ${why.reason}`, { code: why.code, hint: why.hint, cause: error });
    }

    const { status } = response;
    const asked = `${method} ${path}`;
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location');
      throw new UserError(`the host at ${url} answered ${asked} with a redirect${location ? ` to ${printable(location, 200)}` : ''}`, {
        code: 'HOST_REDIRECTED',
        hint: 'use the URL it redirects to (e.g. https:// rather than http://): neosl does not send its token on to another place',
      });
    }
    if (status === 401) throw unauthorized(target);

    const parsed = text.trim() === '' ? undefined : parseJson(text);
    if (status >= 400) {
      const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
      if (error === undefined || typeof error.code !== 'string' || typeof error.message !== 'string') {
        throw notNeosl(`${url} is not a neosl host: ${asked} answered ${status} with ${describeBody(response.headers.get('content-type'), text)}`);
      }
      if (status === 404 && error.code === 'ROUTE_NOT_FOUND') {
        throw notNeosl(`${url} is a neosl emulator without ${path}: "neosl dev", or a neosl serve older than this neosl`, 'point at a host started with "neosl serve" (as new as this neosl)');
      }
      throw new UserError(printable(error.message), { code: printable(error.code, 64), ...(error.details !== undefined ? { details: error.details } : {}) });
    }
    if (text.trim() === '') return undefined as T;
    if (!isObject(parsed)) throw notNeosl(`${url} is not a neosl host: ${asked} answered ${status} with ${describeBody(response.headers.get('content-type'), text)}`);
    return parsed as T;
  }

  return {
    url,
    target: { ...target, url },
    request: <T>(method: string, path: string, body?: unknown, options: HostRequestOptions = {}) => send<T>(method, path, body, options, true),
    async checkHost(): Promise<HostHealth> {
      const health = await send<Record<string, unknown>>('GET', '/_neosl/health', undefined, {}, false);
      if (health.kind === 'serve') return health as unknown as HostHealth;
      if (health.kind === 'dev') throw notNeosl(`${url} is "neosl dev", the local emulator, not a host`, 'deploy to a host started with "neosl serve"');
      throw notNeosl(`${url} is not a neosl host: GET /_neosl/health did not answer kind "serve"`);
    },
  };
}
