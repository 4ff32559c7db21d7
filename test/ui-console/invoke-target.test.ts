import { describe, expect, it } from 'vitest';
import type { FunctionSummary } from '../../ui/src/state/host-types.js';
import { checkJson, httpRoutes, invokeDefaults, invokeRequest } from '../../ui/src/state/invoke-target.js';

const fn = (name: string, routes: string[], sample?: FunctionSummary['sample']): FunctionSummary => ({
  name,
  routes,
  state: 'ready',
  version: 1,
  instances: 0,
  requests: 0,
  errors: 0,
  p50: 0,
  p99: 0,
  coldStarts: 0,
  ...(sample ? { sample } : {}),
});

describe('the invoke form', () => {
  it('tells http functions by their own routes, not the default POST /functions/<name>', () => {
    expect(httpRoutes(fn('hello', ['POST /functions/hello', 'schedule */5 * * * *']))).toEqual([]);
    expect(httpRoutes(fn('api', ['GET /items/:id', 'POST /items', 'blockchain block']))).toEqual([
      { method: 'GET', path: '/items/:id' },
      { method: 'POST', path: '/items' },
    ]);
  });

  it('prefills {} without a sample, the sample when the host sends one', () => {
    expect(invokeDefaults(fn('hello', ['POST /functions/hello'])).input).toBe('{}');
    expect(invokeDefaults(fn('hello', ['POST /functions/hello'], { kind: 'input', input: { name: 'neo' } })).input).toBe('{\n  "name": "neo"\n}');
    expect(invokeDefaults(fn('api', ['GET /items/:id'], { kind: 'http', request: { method: 'GET', path: '/items/7' } }))).toEqual({ input: '', method: 'GET', path: '/items/7' });
    expect(invokeDefaults(fn('api', ['PUT /items']))).toMatchObject({ method: 'PUT', path: '/items' });
    expect(invokeDefaults(fn('api', ['GET /items'], { kind: 'http', request: { query: { page: '2', q: 'a b' }, body: { x: 1 } } }))).toEqual({ input: '{\n  "x": 1\n}', method: 'GET', path: '/items?page=2&q=a+b' });
  });

  it('sends a plain function to /_neosl/trigger/<name> with the JSON body', () => {
    expect(invokeRequest(fn('a/b', ['POST /functions/a/b']), '{"x":1}', 'GET', '/ignored')).toEqual({ ok: true, request: { method: 'POST', url: '/_neosl/trigger/a%2Fb', body: '{"x":1}' } });
  });

  it('sends an http function to its route, without a body on GET', () => {
    const api = fn('api', ['GET /items/:id', 'POST /items']);
    expect(invokeRequest(api, '{"x":1}', 'POST', '/items')).toEqual({ ok: true, request: { method: 'POST', url: '/items', body: '{"x":1}' } });
    expect(invokeRequest(api, '{"x":1}', 'GET', '/items/3')).toEqual({ ok: true, request: { method: 'GET', url: '/items/3' } });
    expect(invokeRequest(api, '', 'POST', '/items')).toEqual({ ok: true, request: { method: 'POST', url: '/items' } });
    expect(invokeRequest(api, '{}', 'GET', 'items')).toMatchObject({ ok: false });
  });

  it('refuses input that is not JSON, and empty input for a plain function', () => {
    expect(checkJson('{"a":', false)).toMatchObject({ ok: false });
    expect(checkJson('  ', false)).toMatchObject({ ok: false });
    expect(checkJson('  ', true)).toEqual({ ok: true, value: undefined });
    expect(invokeRequest(fn('hello', ['POST /functions/hello']), 'nope', 'POST', '/')).toMatchObject({ ok: false });
  });
});
