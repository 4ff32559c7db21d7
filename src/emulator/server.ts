// The emulator's HTTP server on node:http: function routes (plain and http-trigger), the manual
// trigger endpoint, /_neosl/* admin routes, the events WebSocket. A function's fault is an error
// answer, never the server's. The request path does only what it must: one route lookup, one JSON
// parse, one invoke, one JSON stringify, one writeHead.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RequestEvent } from '../dev/events.js';
import type { InvokeOutcome } from '../runtime/index.js';
import { bodyTooLarge, errorJson, invocationErrorAnswer, malformedJson, methodNotAllowed, notServing, rateLimited, unknownFunction, unknownRoute, type ErrorAnswer } from './errors.js';
import type { RateLimiter } from './rate-limit.js';
import { readBody } from './read-body.js';
import type { RouteMode, Router } from './router.js';

export interface ServedFunction {
  /** False until a build was swapped in (503 meanwhile). */
  serving: boolean;
  /** Why the first version that built did not start (the 503 says so), until one does. */
  startFailure?: { code: string; message: string };
  limiter?: RateLimiter;
}

/** What the server reads on each request; the dev session replaces its fields on reload. */
export interface EmulatorState {
  router: Router;
  functions: Map<string, ServedFunction>;
  bodyLimit: number;
}

export interface EmulatorHost {
  state: EmulatorState;
  invoke(name: string, input: unknown, requestId: string): Promise<InvokeOutcome>;
  /** Each answered function request (stats, the request event). */
  requestDone(event: RequestEvent): void;
  /** GET/POST /_neosl/* except trigger; true when handled. */
  admin(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const ADMIN_PREFIX = '/_neosl/';
const TRIGGER_PREFIX = '/_neosl/trigger/';

function sendError(res: ServerResponse, requestId: string, answer: ErrorAnswer): void {
  const body = errorJson(answer);
  res.writeHead(answer.status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), 'x-neosl-request-id': requestId, ...answer.headers });
  res.end(body);
}

function splitUrl(url: string): { path: string; search: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

function queryObject(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (search) for (const [key, value] of new URLSearchParams(search)) query[key] = value;
  return query;
}

function headerObject(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

interface HttpResultLike {
  statusCode?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

export function createEmulatorServer(host: EmulatorHost): Server {
  async function serveFunction(req: IncomingMessage, res: ServerResponse, name: string, mode: RouteMode, path: string, search: string, started: number, requestId: string): Promise<void> {
    const { state } = host;
    const served = state.functions.get(name);
    const finish = (status: number, coldStart: boolean, errorCode?: string) =>
      host.requestDone({ type: 'request', time: Date.now(), requestId, functionName: name, method: req.method ?? 'GET', path, status, durationMs: performance.now() - started, coldStart, ...(errorCode ? { errorCode } : {}) });
    const fail = (answer: ErrorAnswer, coldStart = false) => {
      sendError(res, requestId, answer);
      finish(answer.status, coldStart, answer.code);
    };

    if (served === undefined) return fail(unknownFunction(name, state.router.functionNames));
    if (served.limiter) {
      const wait = served.limiter.take(req.socket.remoteAddress ?? '', Date.now());
      if (wait > 0) {
        req.resume();
        return fail(rateLimited(name, served.limiter.config.message, wait));
      }
    }
    const raw = await readBody(req, state.bodyLimit);
    if (raw === 'aborted') return;
    if (raw === 'too-large') {
      res.shouldKeepAlive = false;
      fail(bodyTooLarge(state.bodyLimit));
      res.once('finish', () => req.destroy());
      return;
    }
    if (!served.serving) return fail(notServing(name, served.startFailure));

    let body: unknown;
    if (raw.length === 0) body = mode === 'plain' ? {} : undefined;
    else if (mode === 'plain' || (req.headers['content-type'] ?? 'application/json').includes('json')) {
      try {
        body = JSON.parse(raw);
      } catch (error) {
        return fail(malformedJson((error as Error).message));
      }
    } else body = raw;

    const input = mode === 'plain' ? body : { method: req.method ?? 'GET', path, headers: headerObject(req), query: queryObject(search), body };
    const outcome = await host.invoke(name, input, requestId);
    if (!outcome.ok) return fail(invocationErrorAnswer(outcome.error), outcome.coldStart);

    let status = 200;
    let headers: Record<string, string> | undefined;
    let text: string;
    let type = JSON_TYPE;
    const value = outcome.value as HttpResultLike | undefined;
    if (mode === 'http' && value !== null && typeof value === 'object' && typeof value.statusCode === 'number') {
      status = value.statusCode;
      headers = value.headers;
      if (typeof value.body === 'string') {
        text = value.body;
        type = 'text/plain; charset=utf-8';
      } else text = value.body === undefined ? '' : JSON.stringify(value.body);
    } else text = JSON.stringify(outcome.value ?? null);
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(text),
      'x-neosl-request-id': requestId,
      'x-neosl-cold-start': outcome.coldStart ? 'true' : 'false',
      'x-neosl-duration-ms': outcome.durationMs.toFixed(2),
      ...headers,
    });
    res.end(text);
    finish(status, outcome.coldStart);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const requestId = randomUUID();
    const { path, search } = splitUrl(req.url ?? '/');
    const method = req.method ?? 'GET';
    let pending: Promise<void> | undefined;
    if (path.startsWith(ADMIN_PREFIX)) {
      if (path.startsWith(TRIGGER_PREFIX)) {
        const name = decodeURIComponent(path.slice(TRIGGER_PREFIX.length));
        if (method !== 'POST') return sendError(res, requestId, methodNotAllowed(method, path, ['POST']));
        pending = serveFunction(req, res, name, 'plain', path, search, started, requestId);
      } else if (!host.admin(req, res, path)) {
        return sendError(res, requestId, unknownRoute(method, path, ['GET /_neosl/health', 'GET /_neosl/functions', 'GET /_neosl/metrics', 'GET /_neosl/events (WebSocket)', 'POST /_neosl/trigger/<function>', 'POST /_neosl/rpc (Neo N3 JSON-RPC)', 'GET /_neosl/chain', 'POST /_neosl/chain/mine', 'POST /_neosl/chain/transfer']));
      }
    } else {
      const route = host.state.router.match(method, path);
      switch (route.kind) {
        case 'match':
          pending = serveFunction(req, res, route.functionName, route.mode, path, search, started, requestId);
          break;
        case 'method-not-allowed':
          req.resume();
          sendError(res, requestId, methodNotAllowed(method, path, route.allowed));
          break;
        case 'unknown-function':
          req.resume();
          sendError(res, requestId, unknownFunction(route.name, host.state.router.functionNames));
          break;
        default:
          req.resume();
          sendError(res, requestId, unknownRoute(method, path, host.state.router.routes()));
      }
    }
    // A bug of the emulator answers 500 for this request and leaves the server up.
    pending?.catch((error: unknown) => {
      if (!res.headersSent) sendError(res, requestId, { status: 500, code: 'EMULATOR_ERROR', message: `neosl dev failed to answer: ${(error as Error)?.message ?? String(error)}` });
      else res.destroy();
    });
  }

  return createServer({ keepAliveTimeout: 5000 }, handle);
}
