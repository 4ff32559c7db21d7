// HttpClient: node:http/https with a keep-alive agent, per-try timeouts, and retries with jittered backoff.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { BackoffKind, HttpClientOptions, HttpResponse, RequestOptions } from '../network-types.js';
import { backoffCap, jitteredDelay, MAX_TIMER_MS, positiveNumber, sleep } from './backoff.js';
import { HttpRequestError } from './http-request-error.js';

interface RetryPolicy {
  attempts: number;
  backoff: BackoffKind;
  initialDelay: number;
  maxDelay: number;
}

/** A try's outcome before the retry decision: a response of any status, or a thrown network error. */
interface RawResponse {
  status: number;
  statusMessage: string;
  headers: Record<string, string>;
  text: string;
  contentType: string;
}

/** Thrown by one try that ran out of time. */
class TryTimeout extends Error {}

const BODY_START = 200;
const BACKOFF_KINDS: readonly BackoffKind[] = ['exponential', 'linear', 'none'];

export class HttpClient {
  readonly #timeout: number;
  readonly #headers: Record<string, string>;
  readonly #retry: RetryPolicy;
  readonly #httpAgent: HttpAgent;
  readonly #httpsAgent: HttpsAgent;
  #closed = false;

  constructor(options: HttpClientOptions = {}) {
    this.#timeout = positiveNumber('HttpClient timeout', options.timeout, 30_000, { allowZero: true });
    const maxSockets = options.maxSockets === undefined
      ? 50 : positiveNumber('HttpClient maxSockets', options.maxSockets, 50, { integer: true });
    const retry = options.retry;
    const backoff = retry?.backoff ?? 'exponential';
    if (!BACKOFF_KINDS.includes(backoff)) {
      throw new RangeError(`HttpClient retry.backoff must be one of ${BACKOFF_KINDS.join(', ')}, got ${String(backoff)}`);
    }
    this.#retry = {
      attempts: positiveNumber('HttpClient retry.attempts', retry?.attempts, retry ? 3 : 1, { integer: true }),
      backoff,
      initialDelay: positiveNumber('HttpClient retry.initialDelay', retry?.initialDelay, 100, { allowZero: true }),
      maxDelay: positiveNumber('HttpClient retry.maxDelay', retry?.maxDelay, 5000, { allowZero: true }),
    };
    this.#headers = lowerCaseKeys(options.headers ?? {});
    const agentOptions = { keepAlive: options.keepAlive ?? true, maxSockets };
    this.#httpAgent = new HttpAgent(agentOptions);
    this.#httpsAgent = new HttpsAgent(agentOptions);
  }

  get<T = any>(url: string, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('GET', url, undefined, options);
  }

  post<T = any>(url: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('POST', url, body, options);
  }

  put<T = any>(url: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('PUT', url, body, options);
  }

  delete<T = any>(url: string, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.request<T>('DELETE', url, undefined, options);
  }

  /**
   * Any method. Resolves with a 2xx response; rejects with an HttpClientError once the tries are used
   * up (network errors, timeouts and 5xx are retried; 4xx and other statuses are not).
   */
  async request<T = any>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    method = method.toUpperCase();
    const timeout = positiveNumber('request timeout', options.timeout, this.#timeout, { allowZero: true });
    let target: URL;
    try {
      target = buildUrl(url, options.query);
    } catch (cause) {
      throw new HttpRequestError(`${method} ${url}: ${(cause as Error).message}`, { url, attempts: 0, code: 'ERR_INVALID_URL', cause });
    }
    const headers: OutgoingHttpHeaders = { accept: 'application/json, text/plain, */*', ...this.#headers, ...lowerCaseKeys(options.headers ?? {}) };
    const payload = encodeBody(body, headers);
    const shownUrl = target.href;
    const { attempts } = this.#retry;

    for (let attempt = 1; ; attempt++) {
      if (this.#closed) {
        throw new HttpRequestError(`${method} ${shownUrl}: the HttpClient is closed`, { url: shownUrl, attempts: attempt - 1, code: 'ERR_CLIENT_CLOSED' });
      }
      let error: HttpRequestError;
      let retryable: boolean;
      try {
        const raw = await this.#try(method, target, headers, payload, timeout);
        const data = parseBody(raw, method, shownUrl, attempt);
        if (raw.status >= 200 && raw.status < 300) {
          return { status: raw.status, headers: raw.headers, data: data as T };
        }
        const start = oneLine(raw.text).slice(0, BODY_START);
        error = new HttpRequestError(
          `${method} ${shownUrl} failed with status ${raw.status}${raw.statusMessage ? ` ${raw.statusMessage}` : ''}`
            + `${attemptsNote(attempt)}${start ? `: ${start}${raw.text.length > BODY_START ? '…' : ''}` : ''}`,
          { url: shownUrl, attempts: attempt, status: raw.status, data },
        );
        retryable = raw.status >= 500;
      } catch (cause) {
        if (cause instanceof HttpRequestError) throw cause; // a body that could not be parsed: retrying would not help
        if (cause instanceof TryTimeout) {
          error = new HttpRequestError(`${method} ${shownUrl} timed out after ${timeout} ms${attemptsNote(attempt)}`,
            { url: shownUrl, attempts: attempt, isTimeout: true, code: 'ETIMEDOUT' });
        } else {
          const err = cause as NodeJS.ErrnoException;
          const why = this.#closed ? 'the HttpClient was closed' : err.message;
          error = new HttpRequestError(`${method} ${shownUrl} failed: ${why}${attemptsNote(attempt)}`,
            { url: shownUrl, attempts: attempt, ...(err.code ? { code: err.code } : {}), cause });
        }
        // Network errors and timeouts are retried; a request Node refuses to send (e.g. a bad header) is not.
        retryable = !(cause instanceof TypeError);
      }
      if (!retryable || attempt >= attempts || this.#closed) throw error;
      const { backoff, initialDelay, maxDelay } = this.#retry;
      await sleep(jitteredDelay(backoffCap(backoff, initialDelay, maxDelay, attempt)));
    }
  }

  /** Destroys the agents' sockets; requests still running fail, later ones are refused. */
  close(): void {
    this.#closed = true;
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  /** One try: resolves with the response whatever its status; rejects on network errors and TryTimeout. */
  #try(method: string, url: URL, headers: OutgoingHttpHeaders, payload: Buffer | undefined, timeout: number): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      let response: IncomingMessage | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (error: Error | undefined, value?: RawResponse): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (error) reject(error);
        else resolve(value!);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = url.protocol === 'https:' ? this.#httpsAgent : this.#httpAgent;
      const req = send(url, { method, headers, agent }, (res) => {
        response = res;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => finish(err));
        res.on('close', () => {
          if (!res.complete) finish(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => finish(undefined, {
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          headers: flattenHeaders(res.headers),
          text: Buffer.concat(chunks).toString('utf8'),
          contentType: String(res.headers['content-type'] ?? ''),
        }));
      });
      if (timeout > 0 && timeout <= MAX_TIMER_MS) {
        timer = setTimeout(() => {
          finish(new TryTimeout());
          response?.destroy();
          req.destroy();
        }, timeout);
      }
      req.on('error', (err) => finish(err));
      req.end(payload);
    });
  }
}

function buildUrl(url: string, query: RequestOptions['query']): URL {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`only http: and https: URLs are supported, not ${target.protocol}`);
  }
  for (const [key, value] of Object.entries(query ?? {})) target.searchParams.append(key, String(value));
  return target;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

/** The body as bytes, setting content-type (when absent) and content-length. Objects go as JSON. */
function encodeBody(body: unknown, headers: OutgoingHttpHeaders): Buffer | undefined {
  if (body === undefined) return undefined;
  let bytes: Buffer;
  let type: string;
  if (typeof body === 'string') {
    bytes = Buffer.from(body, 'utf8');
    type = 'text/plain; charset=utf-8';
  } else if (body instanceof Uint8Array) {
    bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    type = 'application/octet-stream';
  } else if (body instanceof URLSearchParams) {
    bytes = Buffer.from(body.toString(), 'utf8');
    type = 'application/x-www-form-urlencoded';
  } else {
    bytes = Buffer.from(JSON.stringify(body) ?? 'null', 'utf8');
    type = 'application/json';
  }
  headers['content-type'] ??= type;
  headers['content-length'] = String(bytes.byteLength);
  return bytes;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i;

/** JSON when the content-type says so (null for an empty body), else the text. */
function parseBody(raw: RawResponse, method: string, url: string, attempt: number): unknown {
  if (!JSON_TYPE.test(raw.contentType.trim())) return raw.text;
  if (raw.text.trim() === '') return null;
  try {
    return JSON.parse(raw.text);
  } catch (cause) {
    throw new HttpRequestError(
      `${method} ${url}: status ${raw.status} with a body that is not the JSON its content-type (${raw.contentType}) says: ${oneLine(raw.text).slice(0, BODY_START)}`,
      { url, attempts: attempt, status: raw.status, data: raw.text, code: 'ERR_INVALID_JSON', cause },
    );
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function attemptsNote(attempt: number): string {
  return attempt > 1 ? ` (after ${attempt} attempts)` : '';
}
