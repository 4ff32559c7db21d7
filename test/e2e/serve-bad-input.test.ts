// What goes wrong between the CLI and a `neosl serve` host, as a user meets it: a wrong or revoked
// token, a host that is down or is not neosl, a cut upload, a bundle that does not match its hash, a
// corrupt store, bad names and versions, racing deploys, and no token at all. Each: a clear message,
// exit 1, nothing half-done.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callFunction,
  createStoreWithToken,
  hostApi,
  killServeHosts,
  serveFixture,
  startServe,
  startServeHost,
  type ServeHost,
} from '../helpers/serve-host.js';
import { spawnNeosl, type NeoslResult } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { wsHandshake } from '../helpers/ws-handshake.js';
import { closedPort } from '../helpers/closed-port.js';

let host: ServeHost;

beforeAll(async () => {
  host = await startServeHost();
});

afterAll(() => {
  killServeHosts();
  removeTempDirs();
});

interface ErrorDocument {
  error: { code: string; message: string; hint?: string; details?: unknown };
}

const errorOf = (result: NeoslResult) => (JSON.parse(result.stdout) as ErrorDocument).error;
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function activeVersion(): Promise<{ active: string | null; ids: string[] }> {
  const answer = await hostApi(host.serve.url, 'GET', '/_neosl/versions', { token: host.token });
  const list = answer.json as { active: string | null; versions: { id: string }[] };
  return { active: list.active, ids: list.versions.map((version) => version.id) };
}

/** The bundle files' names in the store (whatever else the store keeps). */
function storedBlobs(): string[] {
  return readdirSync(join(host.store, 'blobs')).sort();
}

/** Deploys the fixture as it is, once, so that the host has an active version. */
async function ensureDeployed(): Promise<string> {
  const { active } = await activeVersion();
  if (active !== null) return active;
  const deployed = await host.neosl(['deploy']);
  expect(deployed.exitCode, deployed.stderr).toBe(0);
  return lastLine(deployed.stdout)!.replace('Version: ', '');
}


describe('neosl serve: bad input', () => {
  it('a cut upload stores nothing, and the next deploy uploads it and succeeds', async () => {
    // The project built as a deploy would build it, without sending anything.
    const dry = await host.neosl(['deploy', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const bundle = readFileSync(join(host.project, 'dist/hello/index.mjs'));
    const sha = sha256(bundle);
    const before = storedBlobs();

    await new Promise<void>((resolve, reject) => {
      const url = new URL(`/_neosl/bundles/${sha}`, host.serve.url);
      const req = httpRequest(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/octet-stream', 'content-length': String(bundle.length) },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => reject(new Error(`the host answered ${res.statusCode} to half an upload`)));
      req.write(bundle.subarray(0, Math.floor(bundle.length / 2)), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 200));
    });
    // Give the host time to see the cut, then: nothing stored, the host still answers.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const missing = await hostApi(host.serve.url, 'POST', '/_neosl/bundles/missing', { token: host.token, body: { sha256: [sha] } });
    expect(missing.json).toEqual({ missing: [sha] });
    expect(storedBlobs()).toEqual(before);

    const deployed = await host.neosl(['deploy']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(lastLine(deployed.stdout)).toBe('Version: v1');
    expect(await callFunction(host.serve.url, 'hello', { name: 'neo' })).toEqual({ status: 200, body: { v: 1, message: 'Hello, neo!' } });
    expect(storedBlobs()).toContain(sha);
  });

  it('a bundle whose bytes do not hash to its name: 400 BUNDLE_HASH_MISMATCH, nothing stored', async () => {
    const claimed = sha256('the bytes the name promises');
    const sent = Buffer.from('other bytes entirely');
    const before = storedBlobs();
    const answer = await fetch(`${host.serve.url}/_neosl/bundles/${claimed}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/octet-stream' },
      body: sent,
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as ErrorDocument).error.code).toBe('BUNDLE_HASH_MISMATCH');
    const missing = await hostApi(host.serve.url, 'POST', '/_neosl/bundles/missing', { token: host.token, body: { sha256: [claimed, sha256(sent)] } });
    expect(missing.json).toEqual({ missing: [claimed, sha256(sent)] });
    expect(storedBlobs()).toEqual(before);
  });

  it('a wrong token and a revoked token: exit 1 UNAUTHORIZED with what to do', async () => {
    await ensureDeployed();
    const wrong = await host.neosl(['versions'], { env: { NEOSL_TOKEN: 'neosl_not-a-token-of-this-host' } });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/refused the token from the NEOSL_TOKEN environment variable: it is wrong or was revoked/);
    expect(wrong.stderr).toContain('neosl serve token create');
    expect(wrong.stderr).not.toContain('neosl_not-a-token-of-this-host');
    const wrongJson = await host.neosl(['deploy', '--json'], { env: { NEOSL_TOKEN: 'neosl_not-a-token-of-this-host' } });
    expect(wrongJson.exitCode).toBe(1);
    expect(errorOf(wrongJson).code).toBe('UNAUTHORIZED');

    const created = await spawnNeosl(['serve', 'token', 'create', 'temp', '--store', host.store], { cwd: host.dir });
    const temporary = created.stdout.trim();
    const works = await host.neosl(['whoami', '--json'], { env: { NEOSL_TOKEN: temporary } });
    expect(works.exitCode, works.stderr).toBe(0);
    expect(JSON.parse(works.stdout)).toMatchObject({ token: 'temp' });
    const revoked = await spawnNeosl(['serve', 'token', 'revoke', 'temp', '--store', host.store], { cwd: host.dir });
    expect(revoked.exitCode, revoked.stderr).toBe(0);

    // The running host refuses it from now on.
    const refused = await host.neosl(['versions', '--json'], { env: { NEOSL_TOKEN: temporary } });
    expect(refused.exitCode).toBe(1);
    expect(errorOf(refused).code).toBe('UNAUTHORIZED');
    expect(errorOf(refused).hint).toMatch(/neosl serve token create/);
    expect(refused.stdout + refused.stderr).not.toContain(temporary);
  });

  it('a host that is down: exit 1 HOST_UNREACHABLE naming it; a server that is not neosl: exit 1 NOT_A_NEOSL_HOST', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = await host.neosl(['deploy', '--target', down], { target: false });
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.stderr).toContain(down);
    expect(unreachable.stderr).toMatch(/cannot reach|connection refused/);
    const unreachableJson = await host.neosl(['deploy', '--json', '--target', down], { target: false });
    expect(errorOf(unreachableJson).code).toBe('HOST_UNREACHABLE');

    const html = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>It works: some other web server</body></html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
    try {
      const notNeosl = await host.neosl(['deploy', '--target', other], { target: false });
      expect(notNeosl.exitCode).toBe(1);
      expect(notNeosl.stderr).toContain(other);
      expect(notNeosl.stderr).toMatch(/HTML/);
      const notNeoslJson = await host.neosl(['versions', '--json', '--target', other], { target: false });
      expect(notNeoslJson.exitCode).toBe(1);
      expect(errorOf(notNeoslJson).code).toBe('NOT_A_NEOSL_HOST');
    } finally {
      html.close();
    }
  });

  it('secrets set 1BAD: exit 1 INVALID_SECRET_NAME, nothing set', async () => {
    const result = await host.neosl(['secrets', 'set', '1BAD', '--json'], { input: 'value' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result).code).toBe('INVALID_SECRET_NAME');
    expect(errorOf(result).message).toContain('"1BAD"');
    const plain = await host.neosl(['secrets', 'set', '1BAD'], { input: 'value' });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('"1BAD" is not a valid secret name');
    // The host refuses it too, if a client skips the check.
    const direct = await hostApi(host.serve.url, 'PUT', '/_neosl/secrets/1BAD', { token: host.token, body: { value: 'value' } });
    expect([direct.status, (direct.json as ErrorDocument).error.code]).toEqual([400, 'INVALID_SECRET_NAME']);
    expect((await hostApi(host.serve.url, 'GET', '/_neosl/secrets', { token: host.token })).json).toEqual({ secrets: [] });
  });

  it('rollback --to v99 --yes: exit 1 VERSION_NOT_FOUND, the active version unchanged', async () => {
    await ensureDeployed();
    const before = await activeVersion();
    const result = await host.neosl(['rollback', '--to', 'v99', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('v99');
    const json = await host.neosl(['rollback', '--to', 'v99', '--yes', '--json']);
    expect(json.exitCode).toBe(1);
    expect(errorOf(json).code).toBe('VERSION_NOT_FOUND');
    expect(await activeVersion()).toEqual(before);
  });

  it('two deployments posted with the same expectedActive: one 201, the other 409 DEPLOY_CONFLICT', async () => {
    const active = await ensureDeployed();
    const version = (await hostApi(host.serve.url, 'GET', `/_neosl/versions/${active}`, { token: host.token })).json as { project: string; functions: unknown; settings: unknown };
    const post = (message: string) =>
      hostApi(host.serve.url, 'POST', '/_neosl/deployments', {
        token: host.token,
        body: { project: version.project, message, functions: version.functions, settings: version.settings, expectedActive: active },
      });
    const answers = await Promise.all([post('racer a'), post('racer b')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    expect((loser.json as ErrorDocument).error.code).toBe('DEPLOY_CONFLICT');
    const winner = (answers.find((answer) => answer.status === 201)!.json as { version: string }).version;
    const after = await activeVersion();
    expect(after.active).toBe(winner);
    expect(after.ids[0]).toBe(winner);
    expect(after.ids).toHaveLength(new Set(after.ids).size);
  });

  it('a deployment whose function config is malformed: 400 VERSION_INVALID naming the key, nothing switched, the host keeps serving', async () => {
    const active = await ensureDeployed();
    const version = (await hostApi(host.serve.url, 'GET', `/_neosl/versions/${active}`, { token: host.token })).json as {
      project: string;
      functions: Record<string, { config: Record<string, unknown> }>;
      settings: unknown;
    };
    const [name, fn] = Object.entries(version.functions)[0]!;
    const broken = { ...version.functions, [name]: { ...fn, config: { ...fn.config, triggers: 'every second' } } };
    const answer = await hostApi(host.serve.url, 'POST', '/_neosl/deployments', {
      token: host.token,
      body: { project: version.project, functions: broken, settings: version.settings, expectedActive: active },
    });
    expect(answer.status).toBe(400);
    expect((answer.json as ErrorDocument).error).toMatchObject({ code: 'VERSION_INVALID', message: expect.stringContaining(`functions.${name}.config.triggers`) });
    expect((await activeVersion()).active).toBe(active);
    expect((await callFunction(host.serve.url, name, {})).status).toBe(200);
  });

  it('two neosl deploy racing from the same starting point: one wins, the other is told (or they serialize consistently)', async () => {
    const start = await activeVersion();
    const copies = [2, 3].map((v) => {
      const project = join(makeTempDir('neosl-race-'), 'app');
      cpSync(host.project, project, { recursive: true });
      writeFileSync(join(project, 'functions/hello/index.ts'), `export const hello = () => ({ v: ${v} });\n`);
      return project;
    });
    const results = await Promise.all(copies.map((cwd) => spawnNeosl(['deploy', '--json', '--target', host.serve.url], { cwd, env: host.env })));
    const after = await activeVersion();
    const succeeded = results.filter((result) => result.exitCode === 0);
    const failed = results.filter((result) => result.exitCode !== 0);
    const newIds = after.ids.filter((id) => !start.ids.includes(id));
    if (failed.length === 1) {
      expect(failed[0]!.exitCode).toBe(1);
      expect(errorOf(failed[0]!).code).toBe('DEPLOY_CONFLICT');
      const winner = (JSON.parse(succeeded[0]!.stdout) as { version: string }).version;
      expect(newIds).toEqual([winner]);
      expect(after.active).toBe(winner);
    } else {
      // Both went through one after the other: the second saw the first's version as active.
      expect(succeeded).toHaveLength(2);
      const versions = succeeded.map((result) => JSON.parse(result.stdout) as { version: string; previous: string });
      expect(newIds).toHaveLength(2);
      const [first, second] = [...versions].sort((a, b) => Number(a.version.slice(1)) - Number(b.version.slice(1)));
      expect(first!.previous).toBe(start.active);
      expect(second!.previous).toBe(first!.version);
      expect(after.active).toBe(second!.version);
    }
    // Whatever is active answers whole: one of the two codes.
    expect([{ v: 2 }, { v: 3 }]).toContainEqual((await callFunction(host.serve.url, 'hello')).body);
  });

  it('without a token, every /_neosl/ route but health answers 401 UNAUTHORIZED and nothing else', async () => {
    await ensureDeployed();
    const sha = sha256('x');
    const routes: [string, string, unknown?][] = [
      ['GET', '/_neosl/whoami'],
      ['GET', '/_neosl/functions'],
      ['GET', '/_neosl/metrics'],
      ['GET', '/_neosl/events'],
      ['GET', '/_neosl/versions'],
      ['GET', '/_neosl/versions/v1'],
      ['POST', '/_neosl/bundles/missing', { sha256: [sha] }],
      ['PUT', `/_neosl/bundles/${sha}`, 'x'],
      ['POST', '/_neosl/deployments', { project: 'serve-app', functions: {}, expectedActive: null }],
      ['POST', '/_neosl/rollback', {}],
      ['GET', '/_neosl/canary'],
      ['POST', '/_neosl/canary/promote'],
      ['POST', '/_neosl/canary/abort'],
      ['GET', '/_neosl/secrets'],
      ['PUT', '/_neosl/secrets/API_KEY', { value: 'v' }],
      ['DELETE', '/_neosl/secrets/API_KEY'],
      ['GET', '/_neosl/logs'],
      ['GET', '/_neosl/no-such-route'],
    ];
    const before = await activeVersion();
    for (const token of [undefined, 'neosl_wrong']) {
      for (const [method, path, body] of routes) {
        const answer = await hostApi(host.serve.url, method, path, { ...(token !== undefined ? { token } : {}), ...(body !== undefined ? { body } : {}) });
        const where = `${method} ${path} (${token ?? 'no token'})`;
        expect(answer.status, where).toBe(401);
        const { error } = answer.json as ErrorDocument;
        expect(error.code, where).toBe('UNAUTHORIZED');
        expect(error.details ?? null, where).toBeNull();
        expect(answer.text, where).not.toMatch(/serve-app|\/_neosl\/|v1|hello|functions/);
      }
      expect(await wsHandshake(`${host.serve.url.replace('http', 'ws')}/_neosl/events`, token !== undefined ? { authorization: `Bearer ${token}` } : {})).toBe(401);
    }
    expect(await activeVersion()).toEqual(before);
    expect((await hostApi(host.serve.url, 'GET', '/_neosl/secrets', { token: host.token })).json).toEqual({ secrets: [] });

    const health = await hostApi(host.serve.url, 'GET', '/_neosl/health');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'ok', kind: 'serve' });
    expect(health.text).not.toMatch(/serve-app|hello/);
  });

  it('a corrupt state.json at start: exit 1 naming the file, which is left as it was', async () => {
    const { dir, store } = await createStoreWithToken();
    // A store that served once, then its state file was damaged.
    const first = await startServe({ store, cwd: dir });
    expect(await first.stop()).toBe(0);
    const file = join(store, 'state.json');
    const garbage = '{"active": "v1", "proj\u0000\u0001 not json at all';
    writeFileSync(file, garbage);
    await expect(startServe({ store, cwd: dir })).rejects.toThrow(/exited with 1 before it was ready:[\s\S]*state\.json/);
    expect(readFileSync(file, 'utf8')).toBe(garbage);
    // Nothing served from the project fixture's folder either: the store is the only thing touched.
    expect(readdirSync(serveFixture).sort()).toEqual(['functions', 'neosl.yaml']);
  });
});
