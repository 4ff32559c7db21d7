// `neosl serve`'s options and host behaviours as an operator meets them: HTTPS (--tls-cert/--tls-key),
// --from-dir (one built project, read-only), SIGTERM draining a request in flight, --host beyond
// loopback, a postgres:// --store given a bad key, and the backends a deployed neosl.yaml names from the host's env.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath, realRedisSkipReason, redisServerBinary, startRedisServer, type RedisServer } from '../backends/cache/redis-server.js';
import { callFunction, createStoreWithToken, hostApi, killServeHosts, startServe, startServeHost } from '../helpers/serve-host.js';
import { neoslBin, spawnNeosl, type NeoslResult } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const optionsFixture = fileURLToPath(new URL('../fixtures/serve-options-project', import.meta.url));
const redisFixture = fileURLToPath(new URL('../fixtures/serve-redis-project', import.meta.url));

const openssl = findOnPath('openssl');
const opensslSkipReason = openssl ? '' : ' (skipped: openssl is not on PATH)';

const redisServers: RedisServer[] = [];

afterAll(async () => {
  killServeHosts();
  await Promise.all(redisServers.map((server) => server.stop()));
  removeTempDirs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

/** `neosl serve <args>` that is expected to exit before it is ready: its exit code and output (killed after 20 s). */
function serveUntilExit(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<NeoslResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [neoslBin, 'serve', '--port', '0', ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NEOSL_TOKEN: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`neosl serve ${args.join(' ')} was still running after 20 s (expected it to exit):\n${stderr}`));
    }, 20_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/** The `{error: {code, message, hint}}` a failing command prints with --json. */
function jsonError(result: NeoslResult): { code: string; message: string; hint?: string } {
  return (JSON.parse(result.stdout) as { error: { code: string; message: string; hint?: string } }).error;
}

/** POST over HTTPS trusting only `ca`: status and body text. */
function httpsPost(url: string, ca: Buffer, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A plain-HTTP POST: the answer, or the error that ended it (a TLS port may drop the connection). */
function plainHttpPost(url: string, body: unknown): Promise<{ status: number; text: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', (error) => resolve({ error: String(error) }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (error) => resolve({ error: String(error) }));
    req.end(JSON.stringify(body));
  });
}

/** Whether a TCP connection to 127.0.0.1:port is accepted, or the error code that refused it. */
function tryConnect(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
  });
}

/** One Redis command over RESP (raw reply text): enough to see what a function wrote. */
function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(reply);
    }, 500);
    socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
  });
}

describe(`HTTPS with --tls-cert/--tls-key${opensslSkipReason}`, () => {
  it.skipIf(!openssl)('serves https://; deploy works with NODE_EXTRA_CA_CERTS; plain HTTP to the port gets no function answer', async () => {
    const { dir, store, token } = await createStoreWithToken();
    const made = spawnSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', 'key.pem', '-out', 'cert.pem'], { cwd: dir, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const cert = join(dir, 'cert.pem');
    const serve = await startServe({ store, cwd: dir, args: ['--tls-cert', 'cert.pem', '--tls-key', 'key.pem'] });
    expect(serve.stderr()).toMatch(/Ready on https:\/\/127\.0\.0\.1:\d+/);
    expect(serve.url).toBe(`https://127.0.0.1:${serve.port}`);

    const app = join(dir, 'app');
    cpSync(optionsFixture, app, { recursive: true });
    const env = { NEOSL_TOKEN: token, NEOSL_CONFIG_DIR: makeTempDir('neosl-config-') };
    const deployed = await spawnNeosl(['deploy', '--target', serve.url], { cwd: app, env: { ...env, NODE_EXTRA_CA_CERTS: cert } });
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(lastLine(deployed.stdout)).toBe('Version: v1');
    expect(deployed.stdout + deployed.stderr).toContain(`${serve.url}/functions/hello`);

    const answer = await httpsPost(`${serve.url}/functions/hello`, readFileSync(cert), { name: 'tls' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ app: 'options-app', message: 'Hello, tls!' });

    // Without the CA, the CLI refuses the certificate and says how to trust it.
    const untrusted = await spawnNeosl(['versions', '--target', serve.url], { cwd: app, env });
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toMatch(/certificate/i);
    expect(untrusted.stderr).toContain('NODE_EXTRA_CA_CERTS');

    const plain = await plainHttpPost(`http://127.0.0.1:${serve.port}/functions/hello`, { name: 'plain' });
    if ('status' in plain) {
      expect(plain.status).not.toBe(200);
      expect(plain.text).not.toContain('Hello, plain!');
    } else {
      expect(plain.error).toBeTruthy();
    }
    expect(await serve.stop('SIGTERM')).toBe(0);
  });

  it('--tls-cert without --tls-key is a usage error (exit 2) naming both flags', async () => {
    const dir = makeTempDir('neosl-serve-');
    const result = await serveUntilExit(['--store', 'store', '--tls-cert', 'cert.pem'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--tls-cert');
    expect(result.stderr).toContain('--tls-key');
    expect(result.stderr).not.toMatch(/Ready on/);
  });

  it('a certificate file it cannot read: exit 1 naming the file; one that is not PEM: exit 1 naming the flags', async () => {
    const dir = makeTempDir('neosl-serve-');
    writeFileSync(join(dir, 'key.pem'), 'not a key\n');
    const missing = await serveUntilExit(['--store', 'store', '--tls-cert', 'missing-cert.pem', '--tls-key', 'key.pem'], { cwd: dir });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('missing-cert.pem');
    expect(missing.stderr).toMatch(/--tls-cert/);
    expect(missing.stderr).not.toMatch(/Ready on/);

    writeFileSync(join(dir, 'cert.pem'), 'not a certificate\n');
    const garbage = await serveUntilExit(['--store', 'store', '--tls-cert', 'cert.pem', '--tls-key', 'key.pem'], { cwd: dir });
    expect(garbage.exitCode).toBe(1);
    expect(garbage.stderr).toMatch(/--tls-cert/);
    expect(garbage.stderr).toMatch(/PEM/);
    expect(garbage.stderr).not.toMatch(/Ready on/);
  });
});

describe('--from-dir: one built project, read-only', () => {
  it('serves the functions that "neosl build" wrote at once; a deploy to it is refused with READ_ONLY', async () => {
    const { dir, store, token } = await createStoreWithToken();
    const app = join(dir, 'app');
    cpSync(optionsFixture, app, { recursive: true });
    const built = await spawnNeosl(['build'], { cwd: app });
    expect(built.exitCode, built.stderr).toBe(0);

    const serve = await startServe({ store, cwd: dir, args: ['--from-dir', app] });
    expect(serve.stderr()).toMatch(/serving options-app from/);
    expect(await callFunction(serve.url, 'hello', { name: 'image' })).toEqual({ status: 200, body: { app: 'options-app', message: 'Hello, image!' } });

    // Another copy of the project, as a developer would deploy it.
    const developer = join(dir, 'developer');
    cpSync(optionsFixture, developer, { recursive: true });
    const env = { NEOSL_TOKEN: token, NEOSL_CONFIG_DIR: makeTempDir('neosl-config-') };
    const deploy = await spawnNeosl(['deploy', '--target', serve.url], { cwd: developer, env });
    expect(deploy.exitCode).toBe(1);
    expect(deploy.stderr).toMatch(/read-only/);
    expect(deploy.stdout).not.toMatch(/Version:/);
    const deployJson = await spawnNeosl(['deploy', '--json', '--target', serve.url], { cwd: developer, env });
    expect(deployJson.exitCode).toBe(1);
    expect(jsonError(deployJson).code).toBe('READ_ONLY');
    // Still the built project, answering.
    expect((await callFunction(serve.url, 'hello')).status).toBe(200);
    expect(await serve.stop('SIGTERM')).toBe(0);
  });

  it('a folder without dist/manifest.json: exit 1 NOT_BUILT, with a hint to run neosl build', async () => {
    const { dir, store } = await createStoreWithToken();
    const app = join(dir, 'app');
    cpSync(optionsFixture, app, { recursive: true });
    const plain = await serveUntilExit(['--store', store, '--from-dir', app], { cwd: dir });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('dist/manifest.json');
    expect(plain.stderr).toContain('neosl build');
    expect(plain.stderr).not.toMatch(/Ready on/);
    const json = await serveUntilExit(['--store', store, '--from-dir', app, '--json'], { cwd: dir });
    expect(json.exitCode).toBe(1);
    expect(jsonError(json)).toMatchObject({ code: 'NOT_BUILT', hint: expect.stringContaining('neosl build') });
  });
});

describe('stopping and listening', () => {
  it('SIGTERM drains: the request in flight gets its 200, serve exits 0, then the port refuses connections', async () => {
    const host = await startServeHost(optionsFixture);
    // The default interface is loopback.
    expect(host.serve.stderr()).toMatch(/Ready on http:\/\/127\.0\.0\.1:\d+/);
    const deployed = await host.neosl(['deploy']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    // Warm the instance so the timed request below is in flight for its whole 1.5 s.
    expect((await callFunction(host.serve.url, 'hello')).status).toBe(200);

    let answeredAt = 0;
    const inFlight = callFunction(host.serve.url, 'slow').then((answer) => {
      answeredAt = Date.now();
      return answer;
    });
    await sleep(400);
    const stopping = host.serve.stop('SIGTERM');
    let exitedAt = 0;
    const exitCode = await stopping.then((code) => {
      exitedAt = Date.now();
      return code;
    });
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect((answer.body as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(1400);
    expect(exitCode, host.serve.stderr()).toBe(0);
    expect(answeredAt).toBeGreaterThan(0);
    expect(answeredAt).toBeLessThanOrEqual(exitedAt);
    expect(await tryConnect(host.serve.port)).toBe('ECONNREFUSED');
  });

  it('--host 0.0.0.0 warns that it listens beyond this machine and that the token crosses in clear text without TLS', async () => {
    const { dir, store } = await createStoreWithToken();
    const serve = await startServe({ store, cwd: dir, args: ['--host', '0.0.0.0'] });
    const stderr = serve.stderr();
    expect(stderr).toMatch(/0\.0\.0\.0/);
    expect(stderr).toMatch(/beyond this machine/);
    expect(stderr).toMatch(/clear text/);
    expect((await hostApi(`http://127.0.0.1:${serve.port}`, 'GET', '/_neosl/health')).status).toBe(200);
    expect(await serve.stop('SIGTERM')).toBe(0);
  });

  it('--store postgres://… with a NEOSL_SECRET_KEY that is not a key: exit 1 SECRET_KEY_INVALID, the value never echoed, the password masked', async () => {
    const dir = makeTempDir('neosl-serve-');
    const badKey = 'not-a-key-but-a-secret-text';
    const plain = await serveUntilExit(['--store', 'postgres://neosl:hunter2@127.0.0.1:1/db'], { cwd: dir, env: { NEOSL_SECRET_KEY: badKey } });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toMatch(/NEOSL_SECRET_KEY is not a 32-byte key/);
    expect(plain.stderr).toMatch(/openssl rand -hex 32/);
    expect(plain.stderr + plain.stdout).not.toContain(badKey);
    expect(plain.stderr + plain.stdout).not.toContain('hunter2');
    const json = await serveUntilExit(['--store', 'postgres://neosl:hunter2@127.0.0.1:1/db', '--json'], { cwd: dir, env: { NEOSL_SECRET_KEY: badKey } });
    expect(json.exitCode).toBe(1);
    expect(jsonError(json)).toMatchObject({ code: 'SECRET_KEY_INVALID' });
  });

  it('--from-dir with a postgres:// store is a usage error (exit 2)', async () => {
    const dir = makeTempDir('neosl-serve-');
    const result = await serveUntilExit(['--store', 'postgres://127.0.0.1:1/db', '--from-dir', '.'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--from-dir/);
  });
});

describe('backends named by the deployed neosl.yaml, from the host environment', () => {
  it('a deploy naming a variable the host lacks is refused before activation; a restart without it: exit 1 HOST_ENV_MISSING naming it', async () => {
    const host = await startServeHost(redisFixture);
    // The deploying shell needs it for neosl.yaml to load; the host expands it from its own environment.
    const refused = await host.neosl(['deploy'], { env: { HOST_REDIS_URL: 'redis://127.0.0.1:6399' } });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('HOST_REDIS_URL');
    expect((await hostApi(host.serve.url, 'GET', '/_neosl/versions', { token: host.token })).json).toMatchObject({ active: null, versions: [] });
    expect(await host.serve.stop('SIGTERM')).toBe(0);

    // Deployed by a host that had it, then started without it.
    const withVariable = await startServe({ store: host.store, cwd: host.dir, env: { HOST_REDIS_URL: 'redis://127.0.0.1:6399' } });
    const deployed = await spawnNeosl(['deploy', '--target', withVariable.url], { cwd: host.project, env: { ...host.env, HOST_REDIS_URL: 'redis://127.0.0.1:6399' } });
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(await withVariable.stop('SIGTERM')).toBe(0);

    const plain = await serveUntilExit(['--store', host.store], { cwd: host.dir, env: { HOST_REDIS_URL: undefined } });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('HOST_REDIS_URL');
    expect(plain.stderr).toContain('cache.redis.url');
    expect(plain.stderr).not.toMatch(/Ready on/);
    const json = await serveUntilExit(['--store', host.store, '--json'], { cwd: host.dir, env: { HOST_REDIS_URL: undefined } });
    expect(json.exitCode).toBe(1);
    expect(jsonError(json)).toMatchObject({ code: 'HOST_ENV_MISSING', message: expect.stringContaining('HOST_REDIS_URL') });
  });

  describe.skipIf(!redisServerBinary)(`with a real Redis${realRedisSkipReason}`, () => {
    it('a first deploy naming a Redis: the host opens it before the functions start, and their writes reach it', async () => {
      const redis = await startRedisServer();
      redisServers.push(redis);
      const host = await startServeHost(redisFixture, { HOST_REDIS_URL: redis.url });
      const deployed = await host.neosl(['deploy'], { env: { HOST_REDIS_URL: redis.url } });
      expect(deployed.exitCode, deployed.stderr).toBe(0);
      const answer = await callFunction(host.serve.url, 'remember', { key: 'first-deploy-key', value: 'one' });
      expect(answer).toEqual({ status: 200, body: { key: 'first-deploy-key', stored: 'one' } });
      const inRedis = (await redisCommand(redis.port, 'KEYS', '*first-deploy-key*')).includes('first-deploy-key');
      // The first version names the backends: the host opens them before it starts the functions.
      expect(inRedis, `the function's write did not reach ${redis.url}:\n${deployed.stdout}${deployed.stderr}`).toBe(true);
      expect(host.serve.stderr()).toContain(`cache: Redis at redis://127.0.0.1:${redis.port}`);
    });

    it('a restart with HOST_REDIS_URL set: "cache: Redis at <url>" at start, and the function stores in that Redis', async () => {
      const redis = await startRedisServer();
      redisServers.push(redis);
      const host = await startServeHost(redisFixture, { HOST_REDIS_URL: redis.url });
      const deployed = await host.neosl(['deploy'], { env: { HOST_REDIS_URL: redis.url } });
      expect(deployed.exitCode, deployed.stderr).toBe(0);
      expect(await host.serve.stop('SIGTERM')).toBe(0);

      const serve = await startServe({ store: host.store, cwd: host.dir, port: host.serve.port, env: { HOST_REDIS_URL: redis.url } });
      expect(serve.stderr()).toContain(`cache: Redis at redis://127.0.0.1:${redis.port}`);
      expect(serve.stderr()).toMatch(/serving redis-app v1/);
      expect((await hostApi(serve.url, 'GET', '/_neosl/health')).json).toMatchObject({ status: 'ok', kind: 'serve' });
      const answer = await callFunction(serve.url, 'remember', { key: 'restarted-key', value: 'two' });
      expect(answer).toEqual({ status: 200, body: { key: 'restarted-key', stored: 'two' } });
      expect(await redisCommand(redis.port, 'KEYS', '*restarted-key*')).toContain('restarted-key');
      expect(await serve.stop('SIGTERM')).toBe(0);
    });
  });
});
