// The emulator's request path in-process, with a fake host instead of the runtime.
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/config/types.js';
import type { RequestEvent } from '../../src/dev/events.js';
import { RateLimiter } from '../../src/emulator/rate-limit.js';
import { Router } from '../../src/emulator/router.js';
import { createEmulatorServer, type EmulatorState } from '../../src/emulator/server.js';
import type { InvokeOutcome } from '../../src/runtime/index.js';

const fn = (name: string, triggers: FunctionConfig['triggers'] = []) => ({ name, triggers }) as unknown as FunctionConfig;
const outcome = (fields: Partial<InvokeOutcome>): InvokeOutcome => ({ ok: true, value: null, durationMs: 1.234, coldStart: false, requestId: 'r', logs: [], ...fields }) as InvokeOutcome;

const inputs: unknown[] = [];
const requests: RequestEvent[] = [];
const state: EmulatorState = {
  router: new Router([fn('echo'), fn('web', [{ kind: 'http', method: 'GET', path: '/web' }]), fn('unbuilt'), fn('fails'), fn('limited')]),
  functions: new Map([
    ['echo', { serving: true }],
    ['web', { serving: true }],
    ['unbuilt', { serving: false }],
    ['fails', { serving: true }],
    ['limited', { serving: true, limiter: new RateLimiter({ max: 1, windowMs: 60_000, message: 'too many' }) }],
  ]),
  bodyLimit: 1000,
};
const server = createEmulatorServer({
  state,
  async invoke(name, input) {
    inputs.push(input);
    if (name === 'fails') return outcome({ ok: false, error: { name: 'TimeoutError', message: 'timed out', code: 'TIMEOUT', statusCode: 504 } } as Partial<InvokeOutcome>);
    if (name === 'web') return outcome({ value: { statusCode: 202, headers: { 'x-web': '1' }, body: 'plain text' }, coldStart: true });
    return outcome({ value: { echoed: input } });
  },
  requestDone: (event) => requests.push(event),
  admin: () => false,
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
});
