// The function host of `neosl serve` over HTTP, on real bundles: versions switch all at once or not
// at all, unchanged functions keep their instances, requests in flight finish on their version, a
// canary splits the traffic, a restart brings new secrets, close stops the port.
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/host/events.js';
import type { FunctionHost, VersionDefinition } from '../../src/host/function-host.js';
import { functionConfig, waitFor, type ConfigOverrides } from '../runtime/helpers.js';
import { useHostFixture } from './host-fixture.js';

const { bundle, createHost } = useHostFixture('neosl-function-host-');
/** The secrets of the last host made: the test changes them in place, as `neosl secrets set` does. */
let secrets: Record<string, string> = {};

const answers = (name: string, version: number) => bundle(`${name}-v${version}`, `export default async function () { return { name: ${JSON.stringify(name)}, version: ${version} }; }\n`);

function version(name: string, key: string, bundleFile: string, overrides: ConfigOverrides = {}): [string, VersionDefinition] {
  return [name, { key, definition: { config: functionConfig(name, overrides), bundleFile } }];
}

async function startHost(initialSecrets: Record<string, string> = {}): Promise<FunctionHost> {
  secrets = initialSecrets;
  const host = await createHost({ secrets });
  await host.listen();
  return host;
}

interface Answer {
  status: number;
  body: unknown;
  requestId: string | null;
}

async function call(host: FunctionHost, name: string, input: unknown = {}): Promise<Answer> {
  const answer = await fetch(`${host.url}/functions/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { 'content-type': 'application/json' } });
  return { status: answer.status, body: await answer.json(), requestId: answer.headers.get('x-neosl-request-id') };
}

describe('function host: activate', () => {
  it('serves every function of a version, and keeps the old version when one of the next does not start', async () => {
    const host = await startHost();
    await host.activate(new Map([version('alpha', 'a1', answers('alpha', 1)), version('beta', 'b1', answers('beta', 1))]), 'deploy v1');
    expect(await call(host, 'alpha')).toMatchObject({ status: 200, body: { name: 'alpha', version: 1 } });
    expect(await call(host, 'beta')).toMatchObject({ status: 200, body: { name: 'beta', version: 1 } });

    const throwsOnImport = bundle('alpha-broken', "throw new Error('no config at load time');\nexport default async function () { return {}; }\n");
    const next = new Map([version('alpha', 'a2', throwsOnImport), version('beta', 'b2', answers('beta', 2))]);
    const failure = await host.activate(next, 'deploy v2').then(
      () => undefined,
      (error: unknown) => error as { code?: string; message: string; details?: Record<string, unknown> },
    );
    expect(failure).toBeDefined();
    expect(failure!.code).toBe('START_FAILED');
    expect(failure!.message).toMatch(/^alpha did not start: /);
    expect(failure!.message).toContain('no config at load time');
    expect(failure!.details).toMatchObject({ function: 'alpha' });

    // Nothing switched: beta, which did start, still answers v1 too.
    expect(await call(host, 'alpha')).toMatchObject({ status: 200, body: { name: 'alpha', version: 1 } });
    expect(await call(host, 'beta')).toMatchObject({ status: 200, body: { name: 'beta', version: 1 } });
  });

  it('removes a function the next version lacks (404) and keeps the instance of one whose key did not change', async () => {
    const host = await startHost();
    const counter = bundle('counter', 'let count = 0;\nexport default async function () { count += 1; return { count }; }\n');
    await host.activate(new Map([version('counter', 'c1', counter), version('gone', 'g1', answers('gone', 1)), version('other', 'o1', answers('other', 1))]), 'v1');
    expect((await call(host, 'counter')).body).toEqual({ count: 1 });
    expect((await call(host, 'counter')).body).toEqual({ count: 2 });
    expect((await call(host, 'gone')).status).toBe(200);

    await host.activate(new Map([version('counter', 'c1', counter), version('other', 'o2', answers('other', 2))]), 'v2');
    const removed = await call(host, 'gone');
    expect(removed.status).toBe(404);
    expect(removed.body).toMatchObject({ error: { code: 'FUNCTION_NOT_FOUND' } });
    expect((await call(host, 'other')).body).toEqual({ name: 'other', version: 2 });
    // The same instance, module scope and all: the count goes on.
    expect((await call(host, 'counter')).body).toEqual({ count: 3 });

    // A changed key starts a new instance: the count starts over.
    await host.activate(new Map([version('counter', 'c2', counter), version('other', 'o2', answers('other', 2))]), 'v3');
    expect((await call(host, 'counter')).body).toEqual({ count: 1 });
  });

  it('lets a request in flight finish on the old version; the next one gets the new', async () => {
    const host = await startHost();
    const slow = (v: number) => bundle(`slow-v${v}`, `export default async function (input) { await new Promise((r) => setTimeout(r, input?.ms ?? 0)); return { version: ${v} }; }\n`);
    await host.activate(new Map([version('slow', 's1', slow(1))]), 'v1');
    expect((await call(host, 'slow')).body).toEqual({ version: 1 });

    const inFlight = call(host, 'slow', { ms: 3000 });
    await waitFor(() => host.runtime.stats('slow').inFlight === 1, 5000, 'the request in flight');
    await host.activate(new Map([version('slow', 's2', slow(2))]), 'v2');
    expect(await call(host, 'slow')).toMatchObject({ status: 200, body: { version: 2 } });
    expect(host.runtime.stats('slow').inFlight).toBe(1);
    expect(await inFlight).toMatchObject({ status: 200, body: { version: 1 } });
  });
});

describe('function host: canary', () => {
  it('splits the traffic between the active version and the canary, labels each request, and ends it', async () => {
    const host = await startHost();
    const requests = new Map<string, RequestEvent>();
    host.events.on('request', (event) => requests.set(event.requestId, event));
    await host.activate(new Map([version('split', 'k1', answers('split', 1))]), 'v1');
    await host.setDeployment({ active: 'v1' });
    await host.setDeployment({ active: 'v1', canary: { version: 'v2', percent: 50, functions: new Map([version('split', 'k2', answers('split', 2))]) } });
    expect(host.deployment).toMatchObject({ active: 'v1', canary: { version: 'v2', percent: 50 } });

    const seen = { 1: 0, 2: 0 } as Record<number, number>;
    for (let batch = 0; batch < 10; batch++) {
      const batchAnswers = await Promise.all(Array.from({ length: 20 }, () => call(host, 'split')));
      for (const answer of batchAnswers) {
        expect(answer.status).toBe(200);
        const answered = (answer.body as { version: number }).version;
        seen[answered]!++;
        await waitFor(() => requests.has(answer.requestId!), 2000, 'the request event');
        expect(requests.get(answer.requestId!)!.version).toBe(`v${answered}`);
      }
    }
    // 200 requests at 50 %: each side ~100 (a binomial; below 50 is beyond 7 standard deviations).
    expect(seen[1]! + seen[2]!).toBe(200);
    expect(seen[1]).toBeGreaterThan(50);
    expect(seen[2]).toBeGreaterThan(50);

    await host.setDeployment({ active: 'v1' });
    expect(host.deployment.canary).toBeUndefined();
    const after = await Promise.all(Array.from({ length: 40 }, () => call(host, 'split')));
    for (const answer of after) {
      expect(answer.body).toEqual({ name: 'split', version: 1 });
      expect(requests.get(answer.requestId!)?.version).toBe('v1');
    }
  });
});

describe('function host: restart and close', () => {
  it('restart brings the new secrets to a function that reads them', async () => {
    const host = await startHost({ K: 'first' });
    const reader = bundle('secret-reader', 'export default async function (input, context) { return { K: await context.secrets.get("K") }; }\n');
    await host.activate(new Map([version('reader', 'r1', reader, { permissions: ['secrets:read'] })]), 'v1');
    expect((await call(host, 'reader')).body).toEqual({ K: 'first' });

    secrets.K = 'second';
    // The running instance holds the secrets it started with.
    expect((await call(host, 'reader')).body).toEqual({ K: 'first' });
    await host.restart(['reader'], 'secrets changed');
    expect((await call(host, 'reader')).body).toEqual({ K: 'second' });
  });

  it('close resolves and the port stops answering', async () => {
    const host = await startHost();
    await host.activate(new Map([version('alpha', 'a1', answers('alpha', 1))]), 'v1');
    expect((await call(host, 'alpha')).status).toBe(200);
    const { url } = host;
    await host.close();
    await expect(fetch(`${url}/functions/alpha`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('restart during a canary brings new secrets to the canary too', async () => {
    const host = await startHost({ K: 'first' });
    const reader = (v: number) => bundle(`secret-reader-v${v}`, `export default async function (input, context) { return { v: ${v}, K: await context.secrets.get("K") }; }\n`);
    await host.activate(new Map([version('reader', 'r1', reader(1), { permissions: ['secrets:read'] })]), 'v1');
    await host.setDeployment({ active: 'v1', canary: { version: 'v2', percent: 100, functions: new Map([version('reader', 'r2', reader(2), { permissions: ['secrets:read'] })]) } });
    expect((await call(host, 'reader')).body).toEqual({ v: 2, K: 'first' });
    secrets.K = 'second';
    await host.restart(['reader'], 'secrets changed');
    expect((await call(host, 'reader')).body).toEqual({ v: 2, K: 'second' });
  });
});
