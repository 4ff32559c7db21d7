// The /_neosl/* route table: matching (params, trailing slash, HEAD), and what a server built on it
// answers: the 404 route list, 405 with Allow, HEAD, the 401 of a host with tokens, CORS of RPC routes.
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../src/emulator/access-policy.js';
import { AdminRoutes, type AdminRoute } from '../../src/emulator/admin-routes.js';
import { sendJson } from '../../src/emulator/respond.js';
import { Router } from '../../src/emulator/router.js';
import { createEmulatorServer, type EmulatorState } from '../../src/emulator/server.js';
import type { InvokeOutcome } from '../../src/runtime/index.js';

const noop = () => undefined;
const route = (method: AdminRoute['method'], path: string, extra: Partial<AdminRoute> = {}): AdminRoute => ({ method, path, handle: noop, ...extra });

describe('AdminRoutes.match', () => {
  const health = route('GET', '/_neosl/health', { public: true });
  const getVersion = route('GET', '/_neosl/versions/:id');
  const deleteVersion = route('DELETE', '/_neosl/versions/:id');
  const secret = route('PUT', '/_neosl/secrets/:name');
  const logs = route('GET', '/_neosl/functions/:name/logs');
  const table = new AdminRoutes([health, getVersion, deleteVersion, secret, logs]);

  it('matches a fixed path and gives a :param segment its decoded value', () => {
    expect(table.match('GET', '/_neosl/health')).toEqual({ kind: 'match', route: health, params: {} });
    expect(table.match('GET', '/_neosl/versions/v12')).toEqual({ kind: 'match', route: getVersion, params: { id: 'v12' } });
    expect(table.match('PUT', '/_neosl/secrets/API%20KEY')).toMatchObject({ kind: 'match', route: secret, params: { name: 'API KEY' } });
    expect(table.match('GET', '/_neosl/versions/a%2Fb')).toMatchObject({ kind: 'match', params: { id: 'a/b' } });
    expect(table.match('GET', '/_neosl/functions/caf%C3%A9/logs')).toMatchObject({ kind: 'match', route: logs, params: { name: 'café' } });
  });

  it('keeps the table\'s order: a :param route listed first wins over a fixed path listed after it', () => {
    const byId = route('GET', '/_neosl/items/:id');
    const latest = route('GET', '/_neosl/items/latest');
    expect(new AdminRoutes([byId, latest]).match('GET', '/_neosl/items/latest')).toEqual({ kind: 'match', route: byId, params: { id: 'latest' } });
    expect(new AdminRoutes([latest, byId]).match('GET', '/_neosl/items/latest')).toEqual({ kind: 'match', route: latest, params: {} });
  });

  it('takes a trailing slash as the same route, and HEAD as GET', () => {
    expect(table.match('GET', '/_neosl/health/')).toMatchObject({ kind: 'match', route: health });
    expect(table.match('DELETE', '/_neosl/versions/v1/')).toMatchObject({ kind: 'match', route: deleteVersion, params: { id: 'v1' } });
    expect(table.match('HEAD', '/_neosl/health')).toMatchObject({ kind: 'match', route: health });
    expect(table.match('HEAD', '/_neosl/versions/v3')).toMatchObject({ kind: 'match', route: getVersion, params: { id: 'v3' } });
  });

  it('does not match an empty :param, a missing or extra segment, or another prefix', () => {
    for (const path of ['/_neosl/versions/', '/_neosl/versions//', '/_neosl/versions', '/_neosl/versions/v1/extra', '/_neosl/functions//logs', '/neosl/health', '/_neosl/healthz', '/_neosl/health//']) {
      const found = table.match('GET', path);
      expect(found.kind, path).not.toBe('match');
    }
    expect(table.match('GET', '/_neosl/nope')).toEqual({ kind: 'none' });
  });

  it('answers method-not-allowed with every method the path takes', () => {
    expect(table.match('POST', '/_neosl/versions/v1')).toMatchObject({ kind: 'method-not-allowed', allowed: ['GET', 'DELETE'] });
    expect(table.match('GET', '/_neosl/secrets/K')).toMatchObject({ kind: 'method-not-allowed', allowed: ['PUT'], route: secret });
    // HEAD stands for GET: on a path without GET it is not allowed.
    expect(table.match('HEAD', '/_neosl/secrets/K')).toMatchObject({ kind: 'method-not-allowed', allowed: ['PUT'] });
  });

  it('throws URIError on a malformed escape in a :param (the server turns it into a 400)', () => {
    expect(() => table.match('GET', '/_neosl/versions/%E0%A4%A')).toThrow(URIError);
  });

  it('lists every route as "METHOD path" with its note', () => {
    const withNote = new AdminRoutes([health, route('GET', '/_neosl/events', { note: '(WebSocket)' })]);
    expect(withNote.list()).toEqual(['GET /_neosl/health', 'GET /_neosl/events (WebSocket)']);
  });
});

/** A server on a fixed table with no functions; `authorize` given makes it a host with tokens. */
function startServer(routes: AdminRoute[], authorize?: (req: IncomingMessage) => boolean): Promise<{ server: Server; base: string }> {
  const state: EmulatorState = {
    router: new Router([]),
    functions: new Map(),
    bodyLimit: 1000,
    access: new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] }),
    rpcAllowedOrigins: ['*'],
  };
  const server = createEmulatorServer({
    state,
    invoke: async () => ({ ok: true, value: null, durationMs: 1, coldStart: false, requestId: 'r', logs: [] }) as unknown as InvokeOutcome,
    requestDone: noop,
    adminRoutes: routes,
    ...(authorize ? { authorize } : {}),
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const errorOf = async (answer: Response) => ((await answer.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;

const served: string[] = [];
const tableRoutes: AdminRoute[] = [
  route('GET', '/_neosl/health', { public: true, handle: ({ res }) => sendJson(res, 200, { ok: true }) }),
  route('GET', '/_neosl/versions/:id', { handle: ({ res, params }) => sendJson(res, 200, { id: params.id }) }),
  route('DELETE', '/_neosl/versions/:id', { handle: ({ res, params }) => sendJson(res, 200, { deleted: params.id }) }),
  route('GET', '/_neosl/events', { note: '(WebSocket)', handle: ({ res }) => sendJson(res, 200, {}) }),
  route('POST', '/_neosl/rpc', {
    rpcCors: true,
    note: '(Neo N3 JSON-RPC)',
    handle: ({ req, res }) => {
      req.resume();
      served.push('rpc');
      sendJson(res, 200, { jsonrpc: '2.0', id: 1, result: 'ok' });
    },
  }),
];
const tableList = ['GET /_neosl/health', 'GET /_neosl/versions/:id', 'DELETE /_neosl/versions/:id', 'GET /_neosl/events (WebSocket)', 'POST /_neosl/rpc (Neo N3 JSON-RPC)', 'POST /_neosl/trigger/:function'];

describe('a server on the route table (no tokens)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => ({ server, base } = await startServer(tableRoutes)));
  afterAll(() => closeServer(server));

  it('answers a route with its decoded params', async () => {
    const answer = await fetch(`${base}/_neosl/versions/v%201/`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: 'v 1' });
    expect(await (await fetch(`${base}/_neosl/versions/v2`, { method: 'DELETE' })).json()).toEqual({ deleted: 'v2' });
  });

  it('answers 404 listing every route of the table and the trigger route', async () => {
    const answer = await fetch(`${base}/_neosl/nope`);
    expect(answer.status).toBe(404);
    const error = await errorOf(answer);
    expect(error.code).toBe('ROUTE_NOT_FOUND');
    expect(error.details?.routes).toEqual(tableList);
  });

  it('answers 405 with an Allow header of the methods the path takes', async () => {
    const answer = await fetch(`${base}/_neosl/versions/v1`, { method: 'PUT', body: '{}' });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, DELETE');
    const error = await errorOf(answer);
    expect(error.code).toBe('METHOD_NOT_ALLOWED');
    expect(error.details?.allowed).toEqual(['GET', 'DELETE']);
    expect((await fetch(`${base}/_neosl/rpc`)).headers.get('allow')).toBe('POST');
  });

  it('answers HEAD on a GET route with its status and headers, without a body', async () => {
    const get = await fetch(`${base}/_neosl/health`);
    const head = await fetch(`${base}/_neosl/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('answers a malformed escape in a :param 400 MALFORMED_PATH', async () => {
    const answer = await fetch(`${base}/_neosl/versions/%E0%A4%A`);
    expect(answer.status).toBe(400);
    expect((await errorOf(answer)).code).toBe('MALFORMED_PATH');
  });

  it('gives an rpcCors route CORS from a foreign Origin where other admin routes answer 403', async () => {
    const origin = 'https://dapp.example.com';
    const rpc = await fetch(`${base}/_neosl/rpc`, { method: 'POST', body: '{}', headers: { origin, 'content-type': 'application/json' } });
    expect(rpc.status).toBe(200);
    expect(rpc.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${base}/_neosl/rpc`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');

    // As a node's ASP.NET CORS middleware: a call without an Origin (not from a page) gets no CORS headers.
    const fromTool = await fetch(`${base}/_neosl/rpc`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(fromTool.status).toBe(200);
    expect(fromTool.headers.get('access-control-allow-origin')).toBeNull();

    const other = await fetch(`${base}/_neosl/versions/v1`, { headers: { origin } });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await errorOf(other)).code).toBe('ORIGIN_NOT_ALLOWED');
  });
});

describe('a server on the route table with tokens (authorize)', () => {
  const TOKEN = 'test-token-123';
  let server: Server;
  let base = '';
  const authorize = (req: IncomingMessage) => req.headers.authorization === `Bearer ${TOKEN}`;
  const withToken = { authorization: `Bearer ${TOKEN}` };
  beforeAll(async () => ({ server, base } = await startServer(tableRoutes, authorize)));
  afterAll(() => closeServer(server));

  const expectUnauthorized = async (answer: Response) => {
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    const text = await answer.text();
    const { error } = JSON.parse(text) as { error: { code: string; details?: { routes?: unknown } | null } };
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.details?.routes).toBeUndefined();
    // Nothing about which routes exist.
    expect(text).not.toContain('/_neosl/versions');
    expect(text).not.toContain('/_neosl/rpc');
  };

  it('refuses a route that is not public without a token: 401 Bearer, no route list', async () => {
    await expectUnauthorized(await fetch(`${base}/_neosl/versions/v1`));
    await expectUnauthorized(await fetch(`${base}/_neosl/versions/v1`, { headers: { authorization: 'Bearer wrong' } }));
    await expectUnauthorized(await fetch(`${base}/_neosl/versions/v1`, { method: 'PUT', body: '{}' }));
    await expectUnauthorized(await fetch(`${base}/_neosl/trigger/echo`, { method: 'POST', body: '{}' }));
  });

  it('refuses an unknown /_neosl/ path without a token with 401, not a 404 listing the routes', async () => {
    await expectUnauthorized(await fetch(`${base}/_neosl/nope`));
    await expectUnauthorized(await fetch(`${base}/_neosl/`));
  });

  it('answers a public route without a token', async () => {
    const answer = await fetch(`${base}/_neosl/health`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
  });

  it('runs the route with a valid token, and lists the routes on a 404 only then', async () => {
    const answer = await fetch(`${base}/_neosl/versions/v7`, { headers: withToken });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: 'v7' });
    const unknown = await fetch(`${base}/_neosl/nope`, { headers: withToken });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).details?.routes).toEqual(tableList);
  });

  it('still answers the CORS preflight of an rpcCors route (browsers send no token on one), but not the call without a token', async () => {
    const origin = 'https://dapp.example.com';
    const preflight = await fetch(`${base}/_neosl/rpc`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    const before = served.length;
    await expectUnauthorized(await fetch(`${base}/_neosl/rpc`, { method: 'POST', body: '{}', headers: { origin } }));
    expect(served.length).toBe(before);
    const call = await fetch(`${base}/_neosl/rpc`, { method: 'POST', body: '{}', headers: { origin, ...withToken } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe('*');
  });
});
