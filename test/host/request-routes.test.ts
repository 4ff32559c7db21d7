// GET /_neosl/requests and /_neosl/requests/:id on a host over HTTP: requests are kept only while
// someone looks (the routes read, or an events client), with their bodies, headers, logs and the
// error's stack; filters and limits; unknown ids; the functions list gives each sample input; on a
// host with tokens the routes need one.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FunctionHost, VersionDefinition } from '../../src/host/function-host.js';
import { functionConfig } from '../runtime/helpers.js';
import { useHostFixture } from './host-fixture.js';

const { bundle, createHost } = useHostFixture('neosl-request-routes-');

const ECHO = `export default async function (input, context) {
  context.logger.info('echoing ' + JSON.stringify(input));
  if (input && input.fail) throw new Error('asked to fail');
  return { echoed: input };
}
`;

async function startHost(options: Parameters<typeof createHost>[0] = {}): Promise<FunctionHost> {
  const host = await createHost(options);
  const config = { ...functionConfig('echo'), sample: { kind: 'input' as const, input: { name: 'neo' } } };
  const version: VersionDefinition = { key: 'e1', definition: { config, bundleFile: bundle('echo', ECHO) } };
  await host.activate(new Map([['echo', version]]), 'test');
  await host.listen();
  return host;
}

const post = (host: FunctionHost, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/functions/echo`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

async function getJson(host: FunctionHost, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const answer = await fetch(`${host.url}${path}`, { headers });
  return { status: answer.status, body: await answer.json() };
}

describe('request log routes', () => {
  it('keeps nothing while nobody looks; once the log is read, keeps each request with its details', async () => {
    const host = await startHost();
    expect((await post(host, { before: true })).status).toBe(200);
    expect((await getJson(host, '/_neosl/requests')).body).toEqual({ requests: [] });

    const answer = await post(host, { name: 'neo' }, { authorization: 'Bearer neosl_secret', 'x-trace': 'abc' });
    const requestId = answer.headers.get('x-neosl-request-id')!;
    const list = await getJson(host, '/_neosl/requests');
    expect(list.status).toBe(200);
    expect(list.body.requests).toHaveLength(1);
    expect(list.body.requests[0]).toMatchObject({ requestId, functionName: 'echo', method: 'POST', path: '/functions/echo', status: 200, coldStart: expect.any(Boolean) });
    expect(list.body.requests[0].durationMs).toBeGreaterThan(0);

    const detail = await getJson(host, `/_neosl/requests/${requestId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      requestId,
      input: { text: '{"name":"neo"}', truncated: false, bytes: 14 },
      output: { text: '{"echoed":{"name":"neo"}}', truncated: false },
      logs: [{ level: 'info', message: 'echoing {"name":"neo"}' }],
    });
    expect(detail.body.requestHeaders).toMatchObject({ authorization: '[redacted]', 'x-trace': 'abc', 'content-type': 'application/json' });
    expect(detail.body.responseHeaders).toMatchObject({ 'x-neosl-request-id': requestId, 'content-type': expect.stringContaining('application/json') });
    expect(JSON.stringify(detail.body)).not.toContain('neosl_secret');
    expect(detail.body.error).toBeUndefined();
  });

  it('keeps a failed request with the error and its stack; filters by status and function; 404 for an unknown id', async () => {
    const host = await startHost();
    await getJson(host, '/_neosl/requests');
    await post(host, { ok: 1 });
    const failed = await post(host, { fail: true });
    expect(failed.status).toBe(500);
    const failedId = failed.headers.get('x-neosl-request-id')!;
    await fetch(`${host.url}/_neosl/trigger/nope`, { method: 'POST', body: '{}' });

    const errors = (await getJson(host, '/_neosl/requests?status=5xx')).body.requests;
    expect(errors).toMatchObject([{ requestId: failedId, status: 500, errorCode: 'FUNCTION_ERROR' }]);
    expect((await getJson(host, '/_neosl/requests?status=404')).body.requests).toMatchObject([{ functionName: 'nope', errorCode: 'FUNCTION_NOT_FOUND' }]);
    expect((await getJson(host, '/_neosl/requests?function=echo')).body.requests.map((summary: { status: number }) => summary.status)).toEqual([500, 200]);
    expect((await getJson(host, '/_neosl/requests?limit=1')).body.requests).toHaveLength(1);

    const detail = (await getJson(host, `/_neosl/requests/${failedId}`)).body;
    expect(detail.error).toMatchObject({ code: 'FUNCTION_ERROR', message: 'asked to fail' });
    expect(detail.error.stack).toContain('asked to fail');
    expect(detail.output.text).toContain('"FUNCTION_ERROR"');

    expect(await getJson(host, '/_neosl/requests/not-a-request')).toMatchObject({ status: 404, body: { error: { code: 'REQUEST_NOT_FOUND' } } });
    expect(await getJson(host, '/_neosl/requests?status=teapot')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_QUERY' } } });
    expect(await getJson(host, '/_neosl/requests?limit=0')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_QUERY' } } });
  });

  it('keeps requests while an events client is connected, without the routes being read', async () => {
    const host = await startHost();
    const client = new WebSocket(`${host.url.replace('http', 'ws')}/_neosl/events`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    try {
      const answer = await post(host, { live: true });
      const requestId = answer.headers.get('x-neosl-request-id')!;
      expect(host.requestLog.detail(requestId)).toMatchObject({ input: { text: '{"live":true}' } });
    } finally {
      client.close();
    }
  });

  it('keeps requests for a console that takes only summaries but asks for the log (requestLog=1); a monitor of metrics alone keeps nothing', async () => {
    const host = await startHost();
    const base = `${host.url.replace('http', 'ws')}/_neosl/events`;
    const open = async (query: string) => {
      const client = new WebSocket(`${base}?${query}`);
      await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
      return client;
    };
    const monitor = await open('types=metrics,error');
    try {
      const unseen = (await post(host, { seen: false })).headers.get('x-neosl-request-id')!;
      expect(host.requestLog.detail(unseen)).toBeUndefined();
      const consolePage = await open('types=metrics,build,reload,error,ready&requestLog=1');
      try {
        const seen = (await post(host, { seen: true })).headers.get('x-neosl-request-id')!;
        expect(host.requestLog.detail(seen)).toMatchObject({ input: { text: '{"seen":true}' } });
      } finally {
        consolePage.close();
      }
    } finally {
      monitor.close();
    }
  });

  it('gives each function its sample input in GET /_neosl/functions', async () => {
    const host = await startHost();
    const { body } = await getJson(host, '/_neosl/functions');
    expect(body.functions).toMatchObject([{ name: 'echo', routes: ['POST /functions/echo'], sample: { kind: 'input', input: { name: 'neo' } } }]);
  });

  it('needs a token on a host with tokens', async () => {
    const host = await startHost({ authorize: (req) => req.headers.authorization === 'Bearer good' });
    expect((await getJson(host, '/_neosl/requests')).status).toBe(401);
    expect((await getJson(host, '/_neosl/requests/x')).status).toBe(401);
    expect((await getJson(host, '/_neosl/requests', { authorization: 'Bearer good' })).status).toBe(200);
  });
});
