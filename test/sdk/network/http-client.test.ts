import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpClient, HttpRequestError } from '../../../src/sdk/network.js';
import type { HttpClientError } from '../../../src/sdk/network-types.js';
import { freePort, startServer } from './servers.js';
import type { TestServer } from './servers.js';

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

function client(options?: ConstructorParameters<typeof HttpClient>[0]): HttpClient {
  const c = new HttpClient(options);
  clients.push(c);
  return c;
}

async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}

async function rejection(promise: Promise<unknown>): Promise<HttpClientError> {
  try {
    await promise;
  } catch (error) {
    return error as HttpClientError;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('HttpClient', () => {
  it('works with no options: JSON is parsed, text stays text, headers come back', async () => {
    const s = await server((req, res) => {
      if (req.url === '/json') res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-id': '7' }).end('{"height":12}');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('{"not":"parsed"}');
    });
    const c = client();
    const json = await c.get(`${s.url}/json`);
    expect(json).toMatchObject({ status: 200, data: { height: 12 } });
    expect(json.headers['x-id']).toBe('7');
    expect((await c.get(`${s.url}/text`)).data).toBe('{"not":"parsed"}');
  });

  it('sends JSON bodies, query parameters, default and per-request headers', async () => {
    const s = await server((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({
        method: req.method, url: req.url, type: req.headers['content-type'], app: req.headers['x-app'], trace: req.headers['x-trace'], body,
      })));
    });
    const c = client({ headers: { 'X-App': 'neosl' } });
    const post = await c.post(`${s.url}/items`, { a: 1 }, { query: { page: 2, q: 'x y' }, headers: { 'x-trace': 't1' } });
    expect(post.status).toBe(201);
    expect(post.data).toEqual({ method: 'POST', url: '/items?page=2&q=x+y', type: 'application/json', app: 'neosl', trace: 't1', body: '{"a":1}' });
    expect((await c.put(`${s.url}/items/1`, 'raw')).data).toMatchObject({ method: 'PUT', type: 'text/plain; charset=utf-8', body: 'raw' });
    expect((await c.delete(`${s.url}/items/1`)).data).toMatchObject({ method: 'DELETE', body: '' });
  });

  it('retries a 503 and returns the success that follows', async () => {
    const s = await server((_req, res, hit) => {
      if (hit <= 2) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const response = await client({ retry: { attempts: 3, initialDelay: 5 } }).get(`${s.url}/flaky`);
    expect(response.data).toEqual({ ok: true });
    expect(s.hits).toBe(3);
  });

  it('gives up after its attempts with the status, the attempts and the body start', async () => {
    const s = await server((_req, res) => res.writeHead(503).end('upstream is busy'));
    const error = await rejection(client({ retry: { attempts: 3, initialDelay: 5 } }).get(`${s.url}/down`));
    expect(s.hits).toBe(3);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error).toMatchObject({ status: 503, attempts: 3, isTimeout: false, url: `${s.url}/down` });
    expect(error.message).toContain('503');
    expect(error.message).toContain('upstream is busy');
  });

  it('does not retry a 404', async () => {
    const s = await server((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such block"}'));
    const error = await rejection(client({ retry: { attempts: 5, initialDelay: 5 } }).get(`${s.url}/block/9`));
    expect(s.hits).toBe(1);
    expect(error).toMatchObject({ status: 404, attempts: 1, isTimeout: false, data: { error: 'no such block' } });
    expect(error.message).toContain('no such block');
  });

  it('rejects a request slower than its timeout with isTimeout, naming the URL and the timeout', async () => {
    const s = await server(() => { /* never answers */ });
    const started = Date.now();
    const error = await rejection(client({ timeout: 100 }).get(`${s.url}/slow`));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ isTimeout: true, attempts: 1, url: `${s.url}/slow` });
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`${s.url}/slow`);
    expect(error.message).toContain('100 ms');
  });

  it('a per-request timeout overrides the client one, and timeouts are retried', async () => {
    const s = await server(() => { /* never answers */ });
    const error = await rejection(client({ timeout: 10_000, retry: { attempts: 2, initialDelay: 1 } }).get(`${s.url}/slow`, { timeout: 50 }));
    expect(error).toMatchObject({ isTimeout: true, attempts: 2 });
    expect(s.hits).toBe(2);
  });

  it('retries network errors and reports their code', async () => {
    const port = await freePort();
    const error = await rejection(client({ retry: { attempts: 2, initialDelay: 1 } }).get(`http://127.0.0.1:${port}/`));
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 2, isTimeout: false });
    expect(error.status).toBeUndefined();
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('keeps the connection alive between sequential requests', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const c = client({ keepAlive: true });
    for (let i = 0; i < 4; i++) await c.get(`${s.url}/n/${i}`);
    expect(s.hits).toBe(4);
    expect(s.connections).toBe(1);

    const other = await server((_req, res) => res.end('ok'));
    const noKeepAlive = client({ keepAlive: false });
    for (let i = 0; i < 3; i++) await noKeepAlive.get(`${other.url}/n/${i}`);
    expect(other.connections).toBe(3);
  });

  it('close() destroys the kept-alive sockets and refuses later requests', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const c = client();
    await c.get(s.url);
    expect(s.sockets.size).toBe(1); // kept alive
    c.close();
    await vi.waitFor(() => expect(s.sockets.size).toBe(0), { timeout: 1000, interval: 10 });
    await expect(c.get(s.url)).rejects.toThrow(/closed/);
  });

  async function gapsBetweenTries(backoff: 'exponential' | 'linear' | 'none', random: number): Promise<number[]> {
    vi.spyOn(Math, 'random').mockReturnValue(random);
    const times: number[] = [];
    const s = await server((_req, res) => {
      times.push(performance.now());
      res.writeHead(503).end();
    });
    await rejection(client({ retry: { attempts: 4, backoff, initialDelay: 40, maxDelay: 1000 } }).get(s.url));
    return times.slice(1).map((t, i) => t - times[i]!);
  }

  it('exponential backoff: the server sees the tries spaced by growing, real delays (jitter at its largest)', async () => {
    const gaps = await gapsBetweenTries('exponential', 0.999);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(35); // ~40
    expect(gaps[1]).toBeGreaterThanOrEqual(75); // ~80
    expect(gaps[2]).toBeGreaterThanOrEqual(155); // ~160
    expect(gaps[2]).toBeGreaterThan(gaps[0]!);
  });

  /** The delays HttpClient waits between tries (its setTimeout calls other than the request timeout). */
  async function scheduledDelays(backoff: 'exponential' | 'linear' | 'none', random: number, maxDelay = 1000): Promise<number[]> {
    vi.spyOn(Math, 'random').mockReturnValue(random);
    const s = await server((_req, res) => res.writeHead(503).end());
    const c = client({ timeout: 9999, retry: { attempts: 5, backoff, initialDelay: 10, maxDelay } });
    const spy = vi.spyOn(globalThis, 'setTimeout');
    await rejection(c.get(s.url));
    const delays = spy.mock.calls.map((call) => call[1]).filter((ms) => ms !== 9999);
    spy.mockRestore();
    return delays as number[];
  }

  it('backoff kinds: exponential doubles, linear adds, none stays, maxDelay caps; full jitter draws below the cap', async () => {
    expect(await scheduledDelays('exponential', 0.999)).toEqual([9, 19, 39, 79]);
    expect(await scheduledDelays('exponential', 0.999, 25)).toEqual([9, 19, 24, 24]);
    expect(await scheduledDelays('linear', 0.999)).toEqual([9, 19, 29, 39]);
    expect(await scheduledDelays('none', 0.999)).toEqual([9, 9, 9, 9]);
    expect(await scheduledDelays('exponential', 0.5)).toEqual([5, 10, 20, 40]);
    expect(await scheduledDelays('exponential', 0)).toEqual([0, 0, 0, 0]);
  });

  it('rejects URLs it cannot send to', async () => {
    await expect(client().get('not a url')).rejects.toMatchObject({ code: 'ERR_INVALID_URL', attempts: 0 });
    await expect(client().get('ftp://127.0.0.1/')).rejects.toThrow(/http: and https:/);
    expect(() => new HttpClient({ retry: { attempts: 0 } })).toThrow(/attempts/);
  });
});
