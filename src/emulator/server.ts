// The emulator's HTTP server on node:http: function routes (plain and http-trigger), the manual
// trigger endpoint, /_neosl/* admin routes, the events WebSocket. A function's fault is an error
// answer, never the server's; so is a request it cannot make sense of (400) or a fault of its own
// (500): no request ends the process. Hosts and origins that are not allowed are refused (403)
// before anything runs. The request path does only what it must: one route lookup, one JSON
// parse, one invoke, one JSON stringify, one writeHead, one request event; its id is a counter
// (request-id.ts), and a function route's faults are caught inside it (no promise chained on).
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isBenchRequest } from '../host/bench-traffic.js';
import type { RequestEvent } from '../host/events.js';
import type { RequestExchange } from '../host/request-log.js';
import type { InvokeOutcome } from '../runtime/index.js';
import { rpcCorsOrigin, type AccessPolicy } from './access-policy.js';
import { AdminRoutes, type AdminRoute } from './admin-routes.js';
import {
  errorJson,
  bodyTooLarge,
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
  unauthorized,
  unknownRoute,
  type ErrorAnswer,
} from './errors.js';
import { functionResponse, isErrorAnswer } from './function-response.js';
import { JSON_TYPE, sendError } from './respond.js';
import { createRequestIds } from './request-id.js';
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
  /** Each answered function request (stats, the request event); with its exchange while the request log is watched. */
  requestDone(event: RequestEvent, exchange?: RequestExchange): void;
  /** The console's request log: while `watching`, each function request's exchange is handed to requestDone. */
  requestLog?: { readonly watching: boolean };
  /** The /_neosl/* routes besides POST /_neosl/trigger/:function, which the server adds. */
  adminRoutes: readonly AdminRoute[];
  /** A host with tokens: false refuses a route that is not public with 401. Absent: every route is open (neosl dev). */
  authorize?(req: IncomingMessage): boolean;
  /** Creates the listening server (HTTPS on a host with a certificate); default node:http. */
  createServer?: (options: ServerOptions, listener: RequestListener) => Server;
}

const ADMIN_PREFIX = '/_neosl/';
const PREFLIGHT_METHODS = 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS';
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;

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

function splitUrl(url: string): { path: string; search: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
}

/** What the request log keeps of an error answer: the body and headers sendError wrote, and the function's error with its stack. */
function failedExchange(req: IncomingMessage, requestId: string, answer: ErrorAnswer, input: string | undefined, outcome: InvokeOutcome | undefined): RequestExchange {
  const stack = outcome !== undefined && !outcome.ok ? outcome.error.stack : undefined;
  return {
    input: input ?? '',
    output: errorJson(answer),
    requestHeaders: req.headers,
    responseHeaders: { 'content-type': JSON_TYPE, 'x-neosl-request-id': requestId, ...answer.headers },
    ...(outcome !== undefined && outcome.logs.length > 0 ? { logs: outcome.logs } : {}),
    error: { code: answer.code, message: answer.message, ...(stack !== undefined ? { stack } : {}) },
  };
}

export function createEmulatorServer(host: EmulatorHost, options: EmulatorServerOptions = {}): Server {
  const requestIds = createRequestIds();

  /** The request event of an answered function request (stats, printers, the events stream). */
  function finish(req: IncomingMessage, name: string, path: string, started: number, requestId: string, status: number, coldStart: boolean, errorCode: string | undefined, exchange?: RequestExchange): void {
    const event: RequestEvent = { type: 'request', time: Date.now(), requestId, functionName: name, method: req.method ?? 'GET', path, status, durationMs: performance.now() - started, coldStart };
    if (errorCode !== undefined) event.errorCode = errorCode;
    if (isBenchRequest(req.headers)) event.bench = true;
    host.requestDone(event, exchange);
  }

  /** `input`/`outcome` when known, for the request log (only read while it is watched). */
  function fail(req: IncomingMessage, res: ServerResponse, name: string, path: string, started: number, requestId: string, answer: ErrorAnswer, coldStart = false, input?: string, outcome?: InvokeOutcome): void {
    sendError(res, answer, requestId);
    const exchange = host.requestLog?.watching === true ? failedExchange(req, requestId, answer, input, outcome) : undefined;
    finish(req, name, path, started, requestId, answer.status, coldStart, answer.code, exchange);
  }

  /** A function request; never rejects: a fault of the emulator while serving it is that request's 500. */
  async function serveFunction(req: IncomingMessage, res: ServerResponse, name: string, mode: RouteMode, path: string, search: string, started: number, requestId: string): Promise<void> {
    try {
      const { state } = host;
      const served = state.functions.get(name);

      if (served === undefined) return fail(req, res, name, path, started, requestId, unknownFunction(name, state.router.functionNames));
      if (served.limiter) {
        const wait = served.limiter.take(req.socket.remoteAddress ?? '', Date.now());
        if (wait > 0) {
          req.resume();
          return fail(req, res, name, path, started, requestId, rateLimited(name, served.limiter.config.message, wait));
        }
      }
      const raw = await readBody(req, state.bodyLimit);
      if (raw === 'aborted') return;
      if (raw === 'too-large') {
        res.shouldKeepAlive = false;
        fail(req, res, name, path, started, requestId, bodyTooLarge(state.bodyLimit), false, '');
        res.once('finish', () => req.destroy());
        return;
      }
      if (!served.serving) return fail(req, res, name, path, started, requestId, notServing(name, served.startFailure), false, raw);

      let body: unknown;
      if (raw.length === 0) body = emptyBody(mode);
      else if (bodyIsJson(mode, req.headers['content-type'])) {
        try {
          body = JSON.parse(raw);
        } catch (error) {
          return fail(req, res, name, path, started, requestId, malformedJson((error as Error).message), false, raw);
        }
      } else body = raw;

      const input = mode === 'plain' ? body : httpRequestInput({ method: req.method ?? 'GET', path, headers: req.headers, search, body });
      const outcome = await host.invoke(name, input, requestId);
      if (!outcome.ok) return fail(req, res, name, path, started, requestId, invocationErrorAnswer(outcome.error), outcome.coldStart, raw, outcome);

      const response = functionResponse(name, mode, outcome.value);
      if (isErrorAnswer(response)) return fail(req, res, name, path, started, requestId, response, outcome.coldStart, raw, outcome);
      const headers: OutgoingHttpHeaders = {
        'content-type': response.type,
        'content-length': Buffer.byteLength(response.text),
        'x-neosl-request-id': requestId,
        'x-neosl-cold-start': outcome.coldStart ? 'true' : 'false',
        'x-neosl-duration-ms': outcome.durationMs.toFixed(2),
      };
      if (response.headers !== undefined) Object.assign(headers, response.headers);
      res.writeHead(response.status, headers);
      res.end(response.text);
      const exchange: RequestExchange | undefined =
        host.requestLog?.watching === true ? { input: raw, output: response.text, requestHeaders: req.headers, responseHeaders: headers, logs: outcome.logs } : undefined;
      finish(req, name, path, started, requestId, response.status, outcome.coldStart, undefined, exchange);
    } catch (error) {
      answerFaultSafely(req, res, requestId, error);
    }
  }

  /** Answers an error without reading the request: its body, if any, is drained and dropped. */
  function refuse(req: IncomingMessage, res: ServerResponse, requestId: string, answer: ErrorAnswer): undefined {
    req.resume();
    sendError(res, answer, requestId);
    return undefined;
  }

  const triggerRoute: AdminRoute = {
    method: 'POST',
    path: '/_neosl/trigger/:function',
    handle: ({ req, res, path, search, params, started, requestId }) => serveFunction(req, res, params.function!, 'plain', path, search, started, requestId),
  };
  const adminRoutes = new AdminRoutes([...host.adminRoutes, triggerRoute]);

  function dispatchAdmin(req: IncomingMessage, res: ServerResponse, path: string, search: string, started: number, requestId: string): Promise<void> | undefined {
    const { state } = host;
    const method = req.method ?? 'GET';
    const { origin } = req.headers;
    const found = adminRoutes.match(method, path);
    if (found.kind !== 'none' && found.route.rpcCors) {
      // Browser dApps call a node's RPC from anywhere: CORS as a Neo N3 node answers it (ASP.NET's CORS
      // middleware: only a request with an Origin, i.e. from a page, gets the headers).
      const allowOrigin = origin === undefined ? undefined : rpcCorsOrigin(state.rpcAllowedOrigins, origin);
      if (allowOrigin !== undefined) {
        res.setHeader('access-control-allow-origin', allowOrigin);
        if (allowOrigin !== '*') res.setHeader('vary', 'origin');
      }
      if (method === 'OPTIONS') return answerPreflight(req, res, found.kind === 'match' ? found.route.method : found.allowed.join(', '));
    } else if (origin !== undefined) {
      const refused = answerOrigin(req, res, requestId, origin);
      if (refused !== false) return refused;
    }
    // Without a valid token a host says nothing more, not even which routes exist.
    if (host.authorize && (found.kind !== 'match' || !found.route.public) && !host.authorize(req)) return refuse(req, res, requestId, unauthorized());
    if (found.kind === 'none') return refuse(req, res, requestId, unknownRoute(method, path, adminRoutes.list()));
    const route = found.route;
    if (found.kind === 'method-not-allowed') return refuse(req, res, requestId, methodNotAllowed(method, path, found.allowed));
    if (route.method === 'GET' || route.method === 'DELETE') req.resume();
    return route.handle({ req, res, path, search, params: found.params, requestId, started }) ?? undefined;
  }

  /** A request from a web page: refused (403) unless its origin is allowed; an allowed preflight is answered. False: go on. */
  function answerOrigin(req: IncomingMessage, res: ServerResponse, requestId: string, origin: string): undefined | false {
    const { headers } = req;
    if (!host.state.access.originAllowed(origin, headers.host)) return refuse(req, res, requestId, originNotAllowed(origin));
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    if (req.method === 'OPTIONS' && headers['access-control-request-method'] !== undefined) return answerPreflight(req, res, PREFLIGHT_METHODS);
    return false;
  }

  function dispatch(req: IncomingMessage, res: ServerResponse, started: number, requestId: string): Promise<void> | undefined {
    const { state } = host;
    const { headers } = req;
    if (!state.access.hostAllowed(headers.host)) return refuse(req, res, requestId, hostNotAllowed(headers.host ?? ''));
    const { path, search } = splitUrl(req.url ?? '/');
    if (path.startsWith(ADMIN_PREFIX)) return dispatchAdmin(req, res, path, search, started, requestId);
    const method = req.method ?? 'GET';
    if (headers.origin !== undefined) {
      const refused = answerOrigin(req, res, requestId, headers.origin);
      if (refused !== false) return refused;
    }
    const route = state.router.match(method, path);
    switch (route.kind) {
      case 'match':
        // Never rejects (its faults are answered inside): no promise chained on per request.
        void serveFunction(req, res, route.functionName, route.mode, path, search, started, requestId);
        return undefined;
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

  function answerFaultSafely(req: IncomingMessage, res: ServerResponse, requestId: string, error: unknown): void {
    try {
      answerFault(req, res, requestId, error);
    } catch {
      res.destroy();
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const requestId = requestIds.next();
    let pending: Promise<void> | undefined;
    try {
      pending = dispatch(req, res, started, requestId);
    } catch (error) {
      answerFaultSafely(req, res, requestId, error);
      return;
    }
    pending?.catch((error: unknown) => answerFaultSafely(req, res, requestId, error));
  }

  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const server = (host.createServer ?? createServer)(
    {
      keepAliveTimeout: 5000,
      // A request whose body never finishes is cut (408) after this, not after Node's 300 s.
      requestTimeout: bodyTimeoutMs,
      headersTimeout: Math.min(bodyTimeoutMs, HEADERS_TIMEOUT_MS),
      connectionsCheckingInterval: Math.min(1000, bodyTimeoutMs),
    },
    handle,
  );
  // A client that sends its request and then closes its side (`nc`, a request piped in, socket.end()):
  // Node's default ends the connection at that FIN, dropping an answer still being computed by the
  // function; kept open for writing instead, the answer goes out and the connection ends after it.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // CONNECT (a proxy tunnel) is not something neosl offers: answered, rather than a dropped connection.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => answerOnSocket(socket, methodNotAllowed('CONNECT', req.url ?? '', ['GET', 'POST'])));

  return server;
}

/** Applies a new body timeout (a neosl.yaml edit) to a running server. */
export function setBodyTimeout(server: Server, bodyTimeoutMs: number): void {
  server.headersTimeout = Math.min(bodyTimeoutMs, HEADERS_TIMEOUT_MS);
  server.requestTimeout = bodyTimeoutMs;
}
