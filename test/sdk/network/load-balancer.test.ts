import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoadBalancer } from '../../../src/sdk/network.js';
import { freePort, startServer } from './servers.js';
import type { TestServer } from './servers.js';

const servers: TestServer[] = [];
const balancers: LoadBalancer[] = [];

function balancer(options: ConstructorParameters<typeof LoadBalancer>[0]): LoadBalancer {
  const lb = new LoadBalancer(options);
  balancers.push(lb);
  return lb;
}

/** A server answering `name`; /health answers 200 while healthy.value, else 503. */
async function target(name: string) {
  const healthy = { value: true };
  const s = await startServer((req, res) => {
    if (req.url === '/health') res.writeHead(healthy.value ? 200 : 503).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, path: req.url }));
  });
  servers.push(s);
  return Object.assign(s, { healthy });
}

afterEach(async () => {
  for (const lb of balancers.splice(0)) lb.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('LoadBalancer', () => {
  it('round-robin: next() and request() go to each target in turn', async () => {
    const [a, b, c] = await Promise.all([target('a'), target('b'), target('c')]);
    const lb = balancer({ targets: [{ url: a.url }, { url: b.url }, { url: c.url }], strategy: 'round-robin' });
    expect(Array.from({ length: 6 }, () => lb.next().url)).toEqual([a.url, b.url, c.url, a.url, b.url, c.url]);
    const names: string[] = [];
    for (let i = 0; i < 6; i++) names.push((await lb.request<{ name: string; path: string }>('/orders?x=1')).data.name);
    expect(names).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect([a.hits, b.hits, c.hits]).toEqual([2, 2, 2]);
  });

  it('weighted: shares follow the weights, spread out', () => {
    const lb = balancer({ targets: [{ url: 'http://127.0.0.1:1', weight: 3 }, { url: 'http://127.0.0.1:2', weight: 1 }], strategy: 'weighted' });
    const picks = Array.from({ length: 8 }, () => lb.next().url);
    expect(picks.filter((u) => u.endsWith(':1'))).toHaveLength(6);
    expect(picks.slice(0, 4)).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:1']);
  });

  it('least-connections: requests go to the idle target while the other is busy', async () => {
    const held: Array<() => void> = [];
    const busy = await startServer((_req, res) => held.push(() => res.end('slow')));
    servers.push(busy);
    const idle = await target('idle');
    const lb = balancer({ targets: [{ url: busy.url }, { url: idle.url }], strategy: 'least-connections' });
    const slow = lb.request('/work'); // both idle: the first target
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 1000, interval: 5 });
    expect(lb.status().map((s) => s.inFlight)).toEqual([1, 0]);
    for (let i = 0; i < 3; i++) await lb.request('/work');
    expect(idle.hits).toBe(3);
    expect(busy.hits).toBe(1);
    held[0]!();
    expect((await slow).data).toBe('slow');
    expect(lb.status().map((s) => s.inFlight)).toEqual([0, 0]);
  });

  it('takes out a target failing its health check and puts it back when it recovers', async () => {
    const [a, b] = await Promise.all([target('a'), target('b')]);
    const lb = balancer({ targets: [{ url: a.url }, { url: b.url }], healthCheck: { path: '/health', interval: 20, timeout: 200 } });
    b.healthy.value = false;
    await vi.waitFor(() => expect(lb.status()[1]!.healthy).toBe(false), { timeout: 1000, interval: 5 });
    expect(Array.from({ length: 4 }, () => lb.next().url)).toEqual([a.url, a.url, a.url, a.url]);
    b.healthy.value = true;
    await vi.waitFor(() => expect(lb.status()[1]!.healthy).toBe(true), { timeout: 1000, interval: 5 });
    expect(new Set(Array.from({ length: 4 }, () => lb.next().url))).toEqual(new Set([a.url, b.url]));
  });

  it('a target that refuses connections is unhealthy; all unhealthy is a clear error', async () => {
    const port = await freePort();
    const a = await target('a');
    a.healthy.value = false;
    const lb = balancer({ targets: [{ url: a.url }, { url: `http://127.0.0.1:${port}` }], healthCheck: { path: '/health', interval: 60_000 } });
    await lb.checkHealth();
    expect(lb.status().map((s) => s.healthy)).toEqual([false, false]);
    expect(() => lb.next()).toThrow(/no healthy target/);
    await expect(lb.request('/x')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    a.healthy.value = true;
    await lb.checkHealth();
    expect(lb.next().url).toBe(a.url);
  });

  it('close() stops the health checks', async () => {
    const a = await target('a');
    const lb = balancer({ targets: [{ url: a.url }], healthCheck: { path: '/health', interval: 15 } });
    await vi.waitFor(() => expect(a.hits).toBeGreaterThan(0), { timeout: 1000, interval: 5 });
    lb.close();
    const hits = a.hits;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(a.hits).toBe(hits);
  });

  it("accepts the guide's configuration as written (no check before the first interval)", () => {
    const lb = balancer({
      targets: [
        { url: 'http://service-1', weight: 1 },
        { url: 'http://service-2', weight: 1 },
      ],
      strategy: 'round-robin',
      healthCheck: { path: '/health', interval: 30000 },
    });
    expect([lb.next().url, lb.next().url, lb.next().url]).toEqual(['http://service-1', 'http://service-2', 'http://service-1']);
  });

  it('refuses configurations that cannot work', () => {
    expect(() => new LoadBalancer({ targets: [] })).toThrow(/at least one target/);
    expect(() => new LoadBalancer({ targets: [{ url: 'nope' }] })).toThrow(/not a URL/);
    expect(() => new LoadBalancer({ targets: [{ url: 'http://127.0.0.1:1' }], strategy: 'random' as never })).toThrow(/strategy/);
  });
});
