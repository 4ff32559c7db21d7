// GET /_neosl/ui and /_neosl/ui/assets/:file on a host with tokens, from a temporary build folder:
// the page revalidates (no-cache, ETag, 304) under a strict CSP, the assets are immutable with their
// type, nothing outside assets/ is served, the routes are public but keep the Origin policy, and a
// checkout without a console build answers 503 saying how to build it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../src/emulator/access-policy.js';
import { CONSOLE_CSP } from '../../src/emulator/console-routes.js';
import type { FunctionHost } from '../../src/host/function-host.js';
import { useHostFixture } from '../host/host-fixture.js';

const { createHost } = useHostFixture('neosl-console-routes-');
let dist = '';
const PAGE = '<!doctype html><title>neosl</title><script type="module" src="/_neosl/ui/assets/index-abc123.js"></script>';
const SCRIPT = 'console.log("console")';

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'neosl-console-dist-'));
  mkdirSync(join(dist, 'ui', 'assets'), { recursive: true });
  writeFileSync(join(dist, 'ui', 'index.html'), PAGE);
  writeFileSync(join(dist, 'ui', 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dist, 'ui', 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dist, 'secret.txt'), 'not for the web');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

/** A host that asks for a token on its other routes, and refuses other sites' pages. */
async function startHost(consoleDir: string): Promise<FunctionHost> {
  const host = await createHost({
    consoleDir,
    authorize: (req) => req.headers.authorization === 'Bearer good',
    settings: { bodyLimitBytes: 1_000_000, bodyTimeoutMs: 30_000, access: new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] }), rpcAllowedOrigins: [] },
  });
  await host.listen();
  return host;
}

/** A raw GET: fetch would normalize `..` out of the path. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET', path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

describe('web console static routes', () => {
  it('serves the page without a token, revalidated by ETag, under a strict content security policy', async () => {
    const host = await startHost(join(dist, 'ui'));
    for (const path of ['/_neosl/ui', '/_neosl/ui/']) {
      const page = await fetch(`${host.url}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text()).toBe(PAGE);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(CONSOLE_CSP).toBe("default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const etag = page.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      const again = await fetch(`${host.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await fetch(`${host.url}${path}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    }
    // The data routes still need the token.
    expect((await fetch(`${host.url}/_neosl/functions`)).status).toBe(401);
  });

  it('serves the build\'s assets as immutable with their type, and nothing else', async () => {
    const host = await startHost(join(dist, 'ui'));
    const script = await fetch(`${host.url}/_neosl/ui/assets/index-abc123.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(SCRIPT);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.url}/_neosl/ui/assets/index-abc123.js`, { headers: { 'if-none-match': script.headers.get('etag')! } })).status).toBe(304);
    expect((await fetch(`${host.url}/_neosl/ui/assets/index-abc123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');

    expect((await fetch(`${host.url}/_neosl/ui/assets/missing.js`)).status).toBe(404);
    for (const path of ['/_neosl/ui/assets/..%2Fsecret.txt', '/_neosl/ui/assets/..%2F..%2Fsecret.txt', '/_neosl/ui/assets/%2E%2E', '/_neosl/ui/assets/..', '/_neosl/ui/assets/.%2e%2fsecret.txt', '/_neosl/ui/assets/..%5Csecret.txt']) {
      const answer = await rawGet(host.url, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('not for the web');
    }
    // More segments are not an asset route at all: not found (behind the token on a host).
    expect((await rawGet(host.url, '/_neosl/ui/assets/../../secret.txt')).body).not.toContain('not for the web');
  });

  it('keeps other sites\' pages out (the Origin policy of every route)', async () => {
    const host = await startHost(join(dist, 'ui'));
    expect((await fetch(`${host.url}/_neosl/ui`, { headers: { origin: 'https://evil.example.com' } })).status).toBe(403);
    expect((await fetch(`${host.url}/_neosl/ui/assets/index-abc123.js`, { headers: { origin: 'https://evil.example.com' } })).status).toBe(403);
  });

  it('answers 503 saying how to build the console when it is not built', async () => {
    const host = await startHost(join(dist, 'not-built'));
    for (const path of ['/_neosl/ui', '/_neosl/ui/assets/index-abc123.js']) {
      const answer = await fetch(`${host.url}${path}`);
      expect(answer.status, path).toBe(503);
      const body = (await answer.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('CONSOLE_NOT_BUILT');
      expect(body.error.message).toContain('npm run build:ui');
    }
  });
});
