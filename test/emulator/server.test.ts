// The emulator's request path in-process, with a fake host instead of the runtime.
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/config/types.js';
import type { RequestEvent } from '../../src/host/events.js';
import { AccessPolicy } from '../../src/emulator/access-policy.js';
import { RateLimiter } from '../../src/emulator/rate-limit.js';
import { Router } from '../../src/emulator/router.js';
import { createEmulatorServer, type EmulatorState } from '../../src/emulator/server.js';
import type { InvokeOutcome } from '../../src/runtime/index.js';

const fn = (name: string, triggers: FunctionConfig['triggers'] = []) => ({ name, triggers }) as unknown as FunctionConfig;
const outcome = (fields: Partial<InvokeOutcome>): InvokeOutcome => ({ ok: true, value: null, durationMs: 1.234, coldStart: false, requestId: 'r', logs: [], ...fields }) as InvokeOutcome;

const inputs: unknown[] = [];
const requests: RequestEvent[] = [];
const state: EmulatorState = {
  router: new Router([fn('echo'), fn('web', [{ kind: 'http', method: 'GET', path: '/web' }]), fn('unbuilt'), fn('fails'), fn('limited'), fn('badStatus', [{ kind: 'http', method: 'POST', path: '/bad-status' }]), fn('badHeader', [{ kind: 'http', method: 'POST', path: '/bad-header' }])]),
  functions: new Map([
    ['echo', { serving: true }],
    ['web', { serving: true }],
    ['unbuilt', { serving: false }],
    ['fails', { serving: true }],
    ['badStatus', { serving: true }],
    ['badHeader', { serving: true }],
    ['limited', { serving: true, limiter: new RateLimiter({ max: 1, windowMs: 60_000, message: 'too many' }) }],
  ]),
  bodyLimit: 1000,
  access: new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] }),
  rpcAllowedOrigins: ['*'],
};
const server = createEmulatorServer({
  state,
  async invoke(name, input) {
    inputs.push(input);
    if (name === 'fails') return outcome({ ok: false, error: { name: 'TimeoutError', message: 'timed out', code: 'TIMEOUT', statusCode: 504 } } as Partial<InvokeOutcome>);
    if (name === 'web') return outcome({ value: { statusCode: 202, headers: { 'x-web': '1' }, body: 'plain text' }, coldStart: true });
    if (name === 'badStatus') return outcome({ value: { statusCode: (input as { body: { status: unknown } }).body.status, body: 'x' } });
    if (name === 'badHeader') return outcome({ value: { statusCode: 200, headers: (input as { body: unknown }).body, body: 'x' } });
    return outcome({ value: { echoed: input } });
  },
  requestDone: (event) => requests.push(event),
  adminRoutes: [],
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('emulator server', () => {
  it('answers a plain invocation with the JSON of the return value and the neosl headers', async () => {
    const answer = await fetch(`${base}/functions/echo`, { method: 'POST', body: '{"a":1}' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ echoed: { a: 1 } });
    expect(answer.headers.get('x-neosl-cold-start')).toBe('false');
    expect(answer.headers.get('x-neosl-duration-ms')).toBe('1.23');
    expect(requests.at(-1)).toMatchObject({ type: 'request', functionName: 'echo', status: 200, method: 'POST', path: '/functions/echo' });
    const empty = await fetch(`${base}/functions/echo`, { method: 'POST' });
    expect(await empty.json()).toEqual({ echoed: {} });
  });

  it('gives an http trigger the request and answers with its statusCode, headers and body', async () => {
    const answer = await fetch(`${base}/web?q=1`, { headers: { 'x-test': 'yes' } });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-web')).toBe('1');
    expect(answer.headers.get('x-neosl-cold-start')).toBe('true');
    expect(await answer.text()).toBe('plain text');
    expect(inputs.at(-1)).toMatchObject({ method: 'GET', path: '/web', query: { q: '1' }, headers: { 'x-test': 'yes' }, body: undefined });
  });

  it('maps failures to statuses: 503 unbuilt, 504 from the outcome, 429, 400', async () => {
    expect((await fetch(`${base}/functions/unbuilt`, { method: 'POST', body: '{}' })).status).toBe(503);
    const failed = await fetch(`${base}/functions/fails`, { method: 'POST', body: '{}' });
    expect(failed.status).toBe(504);
    expect(await failed.json()).toEqual({ error: { code: 'TIMEOUT', message: 'timed out', details: { name: 'TimeoutError' } } });
    expect((await fetch(`${base}/functions/limited`, { method: 'POST' })).status).toBe(200);
    const limited = await fetch(`${base}/functions/limited`, { method: 'POST' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${base}/functions/echo`, { method: 'POST', body: 'nope' })).status).toBe(400);
    expect(requests.at(-1)).toMatchObject({ status: 400, errorCode: 'MALFORMED_JSON' });
  });

  it('answers 413 to a chunked body over the limit without reading it all', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/functions/echo`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('x'.repeat(600));
      req.write('x'.repeat(600));
      // never ends: the server must answer anyway
    });
    expect(status).toBe(413);
  });

  it('answers 404 for unknown admin routes and 405 for a GET trigger', async () => {
    expect((await fetch(`${base}/_neosl/nope`)).status).toBe(404);
    expect((await fetch(`${base}/_neosl/trigger/echo`)).status).toBe(405);
    const triggered = await fetch(`${base}/_neosl/trigger/echo`, { method: 'POST', body: '{"type":"x"}' });
    expect(await triggered.json()).toEqual({ echoed: { type: 'x' } });
  });

  it('answers HEAD on a GET route like GET, without a body', async () => {
    const get = await fetch(`${base}/web`);
    const head = await fetch(`${base}/web`, { method: 'HEAD' });
    expect(head.status).toBe(get.status);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(head.headers.get('x-web')).toBe('1');
    expect(await head.text()).toBe('');
  });

  it('answers a malformed percent-encoding 400 on function and trigger routes, and keeps serving', async () => {
    for (const path of ['/functions/%E0%A4%A', '/_neosl/trigger/%', '/functions/%zz', '/functions/%C0%80']) {
      const answer = await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
      expect(answer.status, path).toBe(400);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_PATH');
    }
    expect((await fetch(`${base}/functions/echo`, { method: 'POST', body: '{}' })).status).toBe(200);
  });

  it('blames the function, with a 500, for a status or header Node would refuse', async () => {
    for (const status of [99, 600, 1000, 20.5, '200', null]) {
      const answer = await fetch(`${base}/bad-status`, { method: 'POST', body: JSON.stringify({ status }), headers: { 'content-type': 'application/json' } });
      expect(answer.status, String(status)).toBe(500);
      const { error } = (await answer.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('INVALID_RESPONSE');
      expect(error.message).toContain('function "badStatus"');
      expect(error.message).toContain('statusCode');
    }
    for (const headers of [{ 'bad name': 'x' }, { 'x-ok': 'line\nbreak' }, { 'x-obj': { a: 1 } }, ['x']]) {
      const answer = await fetch(`${base}/bad-header`, { method: 'POST', body: JSON.stringify(headers), headers: { 'content-type': 'application/json' } });
      expect(answer.status, JSON.stringify(headers)).toBe(500);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('INVALID_RESPONSE');
    }
    // A function's own framing headers would not match the body: the emulator's win.
    const framed = await fetch(`${base}/bad-header`, { method: 'POST', body: JSON.stringify({ 'content-length': '999', 'x-kept': 'yes' }), headers: { 'content-type': 'application/json' } });
    expect(framed.status).toBe(200);
    expect(framed.headers.get('x-kept')).toBe('yes');
    expect(await framed.text()).toBe('x');
  });

  it('refuses a Host that is not this machine (DNS rebinding) with 403', async () => {
    const raw = (host: string) => rawRequest(`POST /functions/echo HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(await raw('evil.example.com')).toMatch(/^HTTP\/1\.1 403[\s\S]*HOST_NOT_ALLOWED/);
    expect(await raw('localhost.evil.example.com:80')).toMatch(/^HTTP\/1\.1 403/);
    for (const ok of ['localhost:1234', '127.0.0.1', '[::1]:8700', 'app.localhost', '10.1.2.3:80']) expect(await raw(ok), ok).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses requests from other web origins, answers CORS for local ones', async () => {
    const forged = await fetch(`${base}/_neosl/trigger/echo`, { method: 'POST', body: '{}', headers: { origin: 'https://evil.example.com', 'content-type': 'text/plain' } });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await fetch(`${base}/functions/echo`, { method: 'POST', body: '{}', headers: { origin: 'null' } })).status).toBe(403);
    const local = await fetch(`${base}/functions/echo`, { method: 'POST', body: '{}', headers: { origin: 'http://localhost:3000' } });
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const preflight = await fetch(`${base}/functions/echo`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});

/** Sends raw bytes and resolves with everything the server answers before it closes. */
function rawRequest(text: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}
