// The host client against small servers: what it sends, and how each kind of failure reads —
// nothing listening, a web server that is not neosl, 401 with and without a token, the host's own
// errors with their details, a redirect, a host that never answers. The token never shows.
import { describe, expect, it } from 'vitest';
import { hostClient } from '../../src/deploy/host-client.js';
import { UserError } from '../../src/errors.js';
import { closedPort, fakeServer, sendJson } from './fake-host.js';

const TOKEN = 'nsl_do-not-print-me';

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  const userError = error as UserError;
  expect(`${userError.message} ${userError.hint ?? ''} ${JSON.stringify(userError.details ?? null)}`).not.toContain(TOKEN);
  return userError;
}

describe('hostClient: requests', () => {
  it('sends JSON with the Bearer token and returns the parsed answer', async () => {
    const server = await fakeServer((_request, res) => sendJson(res, 201, { ok: true }));
    const client = hostClient({ url: `${server.url}/`, token: TOKEN });
    expect(client.url).toBe(server.url);
    expect(await client.request('POST', '/_neosl/deployments', { project: 'my-app' })).toEqual({ ok: true });
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'POST', url: '/_neosl/deployments' });
    expect(seen!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen!.body.toString())).toEqual({ project: 'my-app' });
  });

  it('sends raw bytes as application/octet-stream', async () => {
    const server = await fakeServer((request, res) => sendJson(res, 201, { bytes: request.body.length }));
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(await hostClient({ url: server.url, token: TOKEN }).request('PUT', '/_neosl/bundles/abc', undefined, { raw: bytes })).toEqual({ bytes: 4 });
    expect(server.requests[0]!.headers['content-type']).toBe('application/octet-stream');
    expect(server.requests[0]!.body.equals(bytes)).toBe(true);
  });

  it('checks that a neosl serve answers /_neosl/health, without sending the token there', async () => {
    const serve = await fakeServer((_request, res) => sendJson(res, 200, { status: 'ok', kind: 'serve', neosl: '1.2.3', uptimeMs: 5 }));
    expect(await hostClient({ url: serve.url, token: TOKEN }).checkHost()).toMatchObject({ kind: 'serve', neosl: '1.2.3' });
    expect(serve.requests[0]!.headers.authorization).toBeUndefined();

    const dev = await fakeServer((_request, res) => sendJson(res, 200, { status: 'ok', kind: 'dev', url: 'http://127.0.0.1:8700' }));
    const error = await failure(hostClient({ url: dev.url, token: TOKEN }).checkHost());
    expect(error.code).toBe('NOT_A_NEOSL_HOST');
    expect(error.message).toContain('"neosl dev", the local emulator, not a host');
  });
});

describe('hostClient: failures', () => {
  it('says it cannot reach a host where nothing listens: HOST_UNREACHABLE, connection refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await failure(hostClient({ url, token: TOKEN }).request('GET', '/_neosl/whoami'));
    expect(error.code).toBe('HOST_UNREACHABLE');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`cannot reach the host at ${url}: connection refused (nothing listens there)`);
    expect(error.hint).toContain('neosl serve');
  });

  it('gives up on a host that does not answer within the timeout', async () => {
    const server = await fakeServer(() => {
      // never answers
    });
    const error = await failure(hostClient({ url: server.url, token: TOKEN }).request('GET', '/_neosl/whoami', undefined, { timeoutMs: 200 }));
    expect(error.code).toBe('HOST_UNREACHABLE');
    expect(error.message).toBe(`cannot reach the host at ${server.url}: no answer within 200 ms`);
  });

  it('says a web server that answers HTML or other JSON is not a neosl host', async () => {
    const html = await fakeServer((_request, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><h1>Not Found</h1>'));
    const error = await failure(hostClient({ url: html.url, token: TOKEN }).request('GET', '/_neosl/whoami'));
    expect(error.code).toBe('NOT_A_NEOSL_HOST');
    expect(error.message).toBe(`${html.url} is not a neosl host: GET /_neosl/whoami answered 404 with an HTML page`);

    const page = await fakeServer((_request, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>welcome</html>'));
    expect((await failure(hostClient({ url: page.url }).request('GET', '/_neosl/versions'))).code).toBe('NOT_A_NEOSL_HOST');

    const otherJson = await fakeServer((_request, res) => sendJson(res, 500, { message: 'internal' }));
    expect((await failure(hostClient({ url: otherJson.url }).request('GET', '/_neosl/versions'))).code).toBe('NOT_A_NEOSL_HOST');
  });

  it('says neosl dev is not a host when it answers ROUTE_NOT_FOUND for a host route', async () => {
    const dev = await fakeServer((_request, res) => sendJson(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: 'no route' } }));
    const error = await failure(hostClient({ url: dev.url, token: TOKEN }).request('GET', '/_neosl/whoami'));
    expect(error.code).toBe('NOT_A_NEOSL_HOST');
    expect(error.message).toContain('"neosl dev"');
  });

  it('tells a missing token from a refused one on 401, and how to get one', async () => {
    const server = await fakeServer((_request, res) => sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'unauthorized' } }));
    const missing = await failure(hostClient({ url: server.url }).request('GET', '/_neosl/whoami'));
    expect(missing.code).toBe('UNAUTHORIZED');
    expect(missing.message).toBe(`the host at ${server.url} needs a token, and none was given`);
    expect(missing.hint).toContain(`neosl login ${server.url}`);

    const refused = await failure(hostClient({ url: server.url, token: TOKEN, tokenSource: 'login' }).request('GET', '/_neosl/whoami'));
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.message).toContain('refused the token from neosl login: it is wrong or was revoked');
    expect(refused.hint).toContain('neosl serve token create NAME');

    const fromYaml = await failure(hostClient({ url: server.url, token: TOKEN, tokenSource: 'neosl.yaml', name: 'prod' }).request('GET', '/_neosl/whoami'));
    expect(fromYaml.message).toContain('neosl.yaml target "prod"');
  });

  it("passes the host's error on with its code, message and details, without terminal escapes", async () => {
    const server = await fakeServer((_request, res) =>
      sendJson(res, 400, { error: { code: 'SECRETS_MISSING', message: 'the host lacks secrets\u001b[2J: API_KEY', details: { missing: [{ function: 'pay', secret: 'API_KEY' }] } } }),
    );
    const error = await failure(hostClient({ url: server.url, token: TOKEN }).request('POST', '/_neosl/deployments', {}));
    expect(error.code).toBe('SECRETS_MISSING');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('the host lacks secrets[2J: API_KEY');
    expect(error.details).toEqual({ missing: [{ function: 'pay', secret: 'API_KEY' }] });
  });

  it('does not follow a redirect with the token', async () => {
    const elsewhere = await fakeServer((_request, res) => sendJson(res, 200, { token: 'x' }));
    const redirecting = await fakeServer((_request, res) => res.writeHead(301, { location: `${elsewhere.url}/_neosl/whoami` }).end());
    const error = await failure(hostClient({ url: redirecting.url, token: TOKEN }).request('GET', '/_neosl/whoami'));
    expect(error.code).toBe('HOST_REDIRECTED');
    expect(error.message).toContain(`redirect to ${elsewhere.url}/_neosl/whoami`);
    expect(elsewhere.requests).toEqual([]);
  });
});
