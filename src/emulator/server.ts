// The emulator's HTTP server on node:http: function routes (plain and http-trigger), the manual
// trigger endpoint, /_neosl/* admin routes, the events WebSocket. A function's fault is an error
// answer, never the server's; so is a request it cannot make sense of (400) or a fault of its own
// (500): no request ends the process. Hosts and origins that are not allowed are refused (403)
// before anything runs. The request path does only what it must: one route lookup, one JSON
// parse, one invoke, one JSON stringify, one writeHead.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isBenchRequest } from '../host/bench-traffic.js';
import type { RequestEvent } from '../host/events.js';
import type { InvokeOutcome } from '../runtime/index.js';
import { rpcCorsOrigin, type AccessPolicy } from './access-policy.js';
import {
  bodyTooLarge,
  errorJson,
  hostNotAllowed,
  invocationErrorAnswer,
  malformedJson,
  malformedPath,
  methodNotAllowed,
  notServing,
  originNotAllowed,
  rateLimited,
  servedAtRoutes,
  unknownFunction,
  unknownRoute,
  type ErrorAnswer,
} from './errors.js';
import { functionResponse, isErrorAnswer, JSON_TYPE } from './function-response.js';
import { bodyIsJson, emptyBody, httpRequestInput } from './http-input.js';
import { answerOnSocket } from './socket-answer.js';
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
  /** Which Host names and Origins may call (dev.allowedHosts, dev.allowedOrigins, --host). */
  access: AccessPolicy;
  /** CORS origins of POST /_neosl/rpc (dev.rpcAllowedOrigins). */
  rpcAllowedOrigins: readonly string[];
}

export interface EmulatorServerOptions {
  /** A request body not received in full by then is cut with a 408 (default 30 s). */
  bodyTimeoutMs?: number;
}

export interface EmulatorHost {
  state: EmulatorState;
  invoke(name: string, input: unknown, requestId: string): Promise<InvokeOutcome>;
  /** Each answered function request (stats, the request event). */
  requestDone(event: RequestEvent): void;
  /** GET/POST /_neosl/* except trigger; true when handled. */
  admin(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

const ADMIN_PREFIX = '/_neosl/';
const TRIGGER_PREFIX = '/_neosl/trigger/';
const RPC_PATH = '/_neosl/rpc';
const ADMIN_ROUTES = [
  'GET /_neosl/health',
  'GET /_neosl/functions',
  'GET /_neosl/metrics',
  'GET /_neosl/events (WebSocket)',
  'POST /_neosl/trigger/<function>',
  'POST /_neosl/rpc (Neo N3 JSON-RPC)',
  'GET /_neosl/chain',
  'POST /_neosl/chain/mine',
  'POST /_neosl/chain/transfer',
];
const PREFLIGHT_METHODS = 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS';
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;

/** decodeURIComponent, whose URIError on a malformed escape ("%E0%A4%A") becomes the request's 400. */
function decodePathPart(text: string): string {
  return text.includes('%') ? decodeURIComponent(text) : text;
}

/** A CORS preflight from an allowed origin (the origin header is already set). */
function answerPreflight(req: IncomingMessage, res: ServerResponse, methods: string): undefined {
  req.resume();
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'access-control-allow-methods': methods,
    'access-control-allow-headers': typeof asked === 'string' && asked.length <= 1024 ? asked : 'content-type',
    'access-control-max-age': '600',
    'content-length': 0,
  });
  res.end();
  return undefined;
}

function sendError(res: ServerResponse, requestId: string, answer: ErrorAnswer): void {
  const body = errorJson(answer);
  res.writeHead(answer.status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), 'x-neosl-request-id': requestId, ...answer.headers });
  res.end(body);
}

function splitUrl(url: string): { path: string; search: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

export function createEmulatorServer(host: EmulatorHost, options: EmulatorServerOptions = {}): Server {
  async function serveFunction(req: IncomingMessage, res: ServerResponse, name: string, mode: RouteMode, path: string, search: string, started: number, requestId: string): Promise<void> {
    const { state } = host;
    const served = state.functions.get(name);
    const bench = isBenchRequest(req.headers);
    const finish = (status: number, coldStart: boolean, errorCode?: string) =>
      host.requestDone({ type: 'request', time: Date.now(), requestId, functionName: name, method: req.method ?? 'GET', path, status, durationMs: performance.now() - started, coldStart, ...(errorCode ? { errorCode } : {}), ...(bench ? { bench } : {}) });
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
    if (raw.length === 0) body = emptyBody(mode);
    else if (bodyIsJson(mode, req.headers['content-type'])) {
      try {
        body = JSON.parse(raw);
      } catch (error) {
        return fail(malformedJson((error as Error).message));
      }
    } else body = raw;

    const input = mode === 'plain' ? body : httpRequestInput({ method: req.method ?? 'GET', path, headers: req.headers, search, body });
    const outcome = await host.invoke(name, input, requestId);
    if (!outcome.ok) return fail(invocationErrorAnswer(outcome.error), outcome.coldStart);

    const response = functionResponse(name, mode, outcome.value);
    if (isErrorAnswer(response)) return fail(response, outcome.coldStart);
    res.writeHead(response.status, {
      'content-type': response.type,
      'content-length': Buffer.byteLength(response.text),
      'x-neosl-request-id': requestId,
      'x-neosl-cold-start': outcome.coldStart ? 'true' : 'false',
      'x-neosl-duration-ms': outcome.durationMs.toFixed(2),
      ...response.headers,
    });
    res.end(response.text);
    finish(response.status, outcome.coldStart);
  }

  /** Answers an error without reading the request: its body, if any, is drained and dropped. */
  function refuse(req: IncomingMessage, res: ServerResponse, requestId: string, answer: ErrorAnswer): undefined {
    req.resume();
    sendError(res, requestId, answer);
    return undefined;
  }

  function dispatch(req: IncomingMessage, res: ServerResponse, started: number, requestId: string): Promise<void> | undefined {
    const { state } = host;
    const { headers } = req;
    if (!state.access.hostAllowed(headers.host)) return refuse(req, res, requestId, hostNotAllowed(headers.host ?? ''));
    const { path, search } = splitUrl(req.url ?? '/');
    const method = req.method ?? 'GET';
    const { origin } = headers;
    if (path.startsWith(ADMIN_PREFIX) && (path === RPC_PATH || path === `${RPC_PATH}/`)) {
      // Browser dApps call a node's RPC from anywhere: CORS as a Neo N3 node answers it.
      const allowOrigin = rpcCorsOrigin(state.rpcAllowedOrigins, origin);
      if (allowOrigin !== undefined) {
        res.setHeader('access-control-allow-origin', allowOrigin);
        if (allowOrigin !== '*') res.setHeader('vary', 'origin');
      }
      if (method === 'OPTIONS') return answerPreflight(req, res, 'POST');
      host.admin(req, res, path);
      return undefined;
    }
    if (origin !== undefined) {
      if (!state.access.originAllowed(origin, headers.host)) return refuse(req, res, requestId, originNotAllowed(origin));
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      if (method === 'OPTIONS' && headers['access-control-request-method'] !== undefined) return answerPreflight(req, res, PREFLIGHT_METHODS);
    }
    if (path.startsWith(ADMIN_PREFIX)) {
      if (path.startsWith(TRIGGER_PREFIX)) {
        const name = decodePathPart(path.slice(TRIGGER_PREFIX.length));
        if (method !== 'POST') return refuse(req, res, requestId, methodNotAllowed(method, path, ['POST']));
        return serveFunction(req, res, name, 'plain', path, search, started, requestId);
      }
      if (!host.admin(req, res, path)) refuse(req, res, requestId, unknownRoute(method, path, ADMIN_ROUTES));
      return undefined;
    }
    const route = state.router.match(method, path);
    switch (route.kind) {
      case 'match':
        return serveFunction(req, res, route.functionName, route.mode, path, search, started, requestId);
      case 'method-not-allowed':
        return refuse(req, res, requestId, methodNotAllowed(method, path, route.allowed));
      case 'served-at-routes':
        return refuse(req, res, requestId, servedAtRoutes(route.name, method, path, route.routes));
      case 'unknown-function':
        return refuse(req, res, requestId, unknownFunction(route.name, state.router.functionNames));
      default:
        return refuse(req, res, requestId, unknownRoute(method, path, state.router.routes()));
    }
  }

  /** A fault of the emulator while routing or answering: a 500 for this request, the server stays up. */
  function answerFault(req: IncomingMessage, res: ServerResponse, requestId: string, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof URIError) return refuse(req, res, requestId, malformedPath(req.url ?? ''));
    refuse(req, res, requestId, { status: 500, code: 'EMULATOR_ERROR', message: `neosl failed to answer: ${(error as Error)?.message ?? String(error)}` });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const requestId = randomUUID();
    let pending: Promise<void> | undefined;
    try {
      pending = dispatch(req, res, started, requestId);
    } catch (error) {
      try {
        answerFault(req, res, requestId, error);
      } catch {
        res.destroy();
      }
      return;
    }
    pending?.catch((error: unknown) => {
      try {
        answerFault(req, res, requestId, error);
      } catch {
        res.destroy();
      }
    });
  }

  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const server = createServer(
    {
      keepAliveTimeout: 5000,
      // A request whose body never finishes is cut (408) after this, not after Node's 300 s.
      requestTimeout: bodyTimeoutMs,
      headersTimeout: Math.min(bodyTimeoutMs, HEADERS_TIMEOUT_MS),
      connectionsCheckingInterval: Math.min(1000, bodyTimeoutMs),
    },
    handle,
  );
  // CONNECT (a proxy tunnel) is not something neosl offers: answered, rather than a dropped connection.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => answerOnSocket(socket, methodNotAllowed('CONNECT', req.url ?? '', ['GET', 'POST'])));

  return server;
}

/** Applies a new body timeout (a neosl.yaml edit) to a running server. */
export function setBodyTimeout(server: Server, bodyTimeoutMs: number): void {
  server.headersTimeout = Math.min(bodyTimeoutMs, HEADERS_TIMEOUT_MS);
  server.requestTimeout = bodyTimeoutMs;
}
