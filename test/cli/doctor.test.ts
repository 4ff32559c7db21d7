// `neosl doctor`'s checks, one by one against real sockets and fakes of the services, and together:
// bounded, in parallel, and never showing a password or token.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nodeVersionCheck, sqliteCheck, esbuildCheck } from '../../src/doctor/machine-checks.js';
import { projectCheck, vendoredTarballCheck } from '../../src/doctor/project-checks.js';
import { displayUrl, scrubUrlSecrets } from '../../src/doctor/redact.js';
import { runChecks } from '../../src/doctor/run-checks.js';
import { devPortCheck, neoNodeCheck, postgresCheck, redisCheck } from '../../src/doctor/service-checks.js';
import { packageVersion } from '../../src/package-info.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { closedPort, closeFakeServices, fakeNeoNode, fakeRedis, fakeWebPage, silentServer } from './fake-services.js';

afterEach(closeFakeServices);
afterAll(removeTempDirs);

const SHORT_MS = 400;

function project(yaml: string, files: Record<string, string> = {}): string {
  const dir = makeTempDir();
  writeFileSync(join(dir, 'neosl.yaml'), yaml);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('the machine checks', () => {
  it('fails a Node.js older than 20, with how to get a newer one', () => {
    expect(nodeVersionCheck('18.20.4')).toMatchObject({ status: 'fail', message: expect.stringContaining('18.20.4 is too old'), fix: expect.stringContaining('Node.js 20 or newer') });
    expect(nodeVersionCheck('20.0.0').status).toBe('ok');
    expect(nodeVersionCheck('22.11.0').status).toBe('ok');
  });

  it('opens a SQLite database with better-sqlite3 and transforms TypeScript with esbuild', async () => {
    expect(sqliteCheck()).toMatchObject({ status: 'ok', message: expect.stringMatching(/SQLite \d+\.\d+/) });
    expect(await esbuildCheck()).toMatchObject({ status: 'ok', message: expect.stringMatching(/esbuild \d+\.\d+\.\d+ transforms TypeScript/) });
  });
});

describe('secrets in service URLs', () => {
  it('shows where a URL points, never its user, password or query', () => {
    expect(displayUrl('redis://default:hunter2@cache.example:6380/1')).toBe('redis://***@cache.example:6380/1');
    expect(displayUrl('rediss://:tok3n@cache.example')).toBe('rediss://***@cache.example');
    expect(displayUrl('https://rpc.example/v1?apikey=s3cr3t')).toBe('https://rpc.example/v1?…');
    expect(displayUrl('http://127.0.0.1:50012')).toBe('http://127.0.0.1:50012');
    expect(displayUrl('not a url with p4ss')).not.toContain('p4ss');
  });

  it('scrubs them from messages that echo them', () => {
    const url = 'redis://me:hunter2@host:6379?token=abc123';
    expect(scrubUrlSecrets(`failed: ${url} said hunter2 and abc123`, url)).toBe('failed: redis://me:***@host:6379?token=*** said *** and ***');
    // A URL without secrets is left as it is.
    expect(scrubUrlSecrets('redis://host:6379: refused', 'redis://host:6379')).toBe('redis://host:6379: refused');
  });
});

describe('the dev port', () => {
  it('is fine when free, and when 0 (any port)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await devPortCheck('127.0.0.1', port, 'dev.port', SHORT_MS)).toMatchObject({ status: 'ok', message: `127.0.0.1:${port} is free for neosl dev` });
    expect((await devPortCheck('127.0.0.1', 0, 'dev.port', SHORT_MS)).status).toBe('ok');
  });

  it('warns when another program holds it, with how to start elsewhere', async () => {
    const port = await silentServer();
    const result = await devPortCheck('127.0.0.1', port, 'dev.port', SHORT_MS);
    expect(result).toMatchObject({ status: 'warn', message: `127.0.0.1:${port} is in use by another program` });
    expect(result.fix).toContain('neosl dev --port 0');
  });

  it('is fine when the program holding it is a running neosl dev', async () => {
    const server = createHttpServer((_req, res) => res.end(JSON.stringify({ status: 'ok', url: 'http://127.0.0.1', uptimeMs: 5, functions: 2 })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await devPortCheck('127.0.0.1', port, 'dev.port', SHORT_MS)).toMatchObject({ status: 'ok', message: expect.stringContaining('running neosl dev') });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails a dev.host this machine does not have', async () => {
    const result = await devPortCheck('192.0.2.1', 8700, 'dev.port', SHORT_MS);
    expect(result).toMatchObject({ status: 'fail', message: '192.0.2.1 is not an address of this machine' });
    expect(result.fix).toContain('dev.host');
  });
});

describe('Redis', () => {
  it('reaches a Redis and names its version', async () => {
    const port = await fakeRedis('hunter2-secret');
    const result = await redisCheck(`redis://default:hunter2-secret@127.0.0.1:${port}`, 'NEOSL_REDIS_URL', SHORT_MS);
    expect(result).toEqual({ name: 'redis', status: 'ok', message: `redis://***@127.0.0.1:${port} (NEOSL_REDIS_URL) answers: Redis 7.2.4` });
  });

  it('says a wrong password is one, without printing it', async () => {
    const port = await fakeRedis('the-right-one');
    const result = await redisCheck(`redis://default:hunter2-secret@127.0.0.1:${port}`, 'cache.redis.url in neosl.yaml', SHORT_MS);
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('authentication failed'), fix: expect.stringContaining('cache.redis.url') });
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
  });

  it('fails a refused connection and a silent server within its timeout', async () => {
    const refused = await redisCheck(`redis://:hunter2-secret@127.0.0.1:${await closedPort()}`, 'NEOSL_REDIS_URL', SHORT_MS);
    expect(refused).toMatchObject({ status: 'fail', message: expect.stringContaining('connection refused'), fix: expect.stringContaining('redis-server') });
    expect(JSON.stringify(refused)).not.toContain('hunter2-secret');

    const started = Date.now();
    const silent = await redisCheck(`redis://127.0.0.1:${await silentServer()}`, 'NEOSL_REDIS_URL', SHORT_MS);
    expect(silent.status).toBe('fail');
    expect(Date.now() - started).toBeLessThan(SHORT_MS * 4);
  });
});

describe('PostgreSQL', () => {
  it('is reachable when something accepts TCP connections there', async () => {
    const port = await silentServer();
    expect(await postgresCheck(`postgres://app:pw-secret@127.0.0.1:${port}/orders`, SHORT_MS)).toMatchObject({
      status: 'ok',
      message: `postgres://***@127.0.0.1:${port}/orders accepts connections (TCP only; the login is not tried)`,
    });
  });

  it('fails a refused connection, naming database.url', async () => {
    const result = await postgresCheck(`postgresql://app:pw-secret@127.0.0.1:${await closedPort()}/orders`, SHORT_MS);
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('connection refused'), fix: expect.stringContaining('database.url') });
    expect(JSON.stringify(result)).not.toContain('pw-secret');
  });
});

describe('the Neo node', () => {
  it('asks it for its version', async () => {
    const port = await fakeNeoNode();
    expect(await neoNodeCheck(`http://127.0.0.1:${port}/?apikey=token-secret`, SHORT_MS)).toEqual({
      name: 'neo node',
      status: 'ok',
      message: `http://127.0.0.1:${port}?… answers: /Neo:3.7.4/, network 894710606`,
    });
  });

  it('fails a web page that is not a JSON-RPC endpoint, a refused connection and a silent server', async () => {
    const page = await neoNodeCheck(`http://127.0.0.1:${await fakeWebPage()}/`, SHORT_MS);
    expect(page).toMatchObject({ status: 'fail', message: expect.stringContaining('not a Neo JSON-RPC endpoint'), fix: expect.stringContaining('blockchain.rpcUrl') });
    const refused = await neoNodeCheck(`http://127.0.0.1:${await closedPort()}/`, SHORT_MS);
    expect(refused.message).toContain('connection refused');
    const silent = await neoNodeCheck(`http://127.0.0.1:${await silentServer()}/`, SHORT_MS);
    expect(silent.message).toContain(`no answer within ${SHORT_MS / 1000} s`);
  });
});

describe('the project', () => {
  it('reports the first problem of an invalid neosl.yaml with its line and fix', async () => {
    const dir = project('name: demo\nfunctions:\n  hello:\n    handler: functions/hello/index.ts\n    timeout: 20m\n', { 'functions/hello/index.ts': 'export default () => 1;\n' });
    const { result } = await projectCheck(dir, {});
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/neosl\.yaml:5: .*at most 15m/);
    expect(result.fix).toContain('neosl build');
  });

  it('warns outside a project that the project checks are skipped', async () => {
    const { result, dir } = await projectCheck(makeTempDir(), {});
    expect(dir).toBeUndefined();
    expect(result).toMatchObject({ status: 'warn', fix: expect.stringContaining('--cwd') });
  });

  it('compares a vendored neosl tarball with the running version', () => {
    expect(vendoredTarballCheck(makeTempDir())).toBeUndefined();
    const current = project('name: demo\n', { [`vendor/neosl-${packageVersion()}.tgz`]: '' });
    expect(vendoredTarballCheck(current)).toMatchObject({ status: 'ok' });
    const stale = project('name: demo\n', { 'vendor/neosl-0.0.1.tgz': '' });
    expect(vendoredTarballCheck(stale)).toMatchObject({ status: 'warn', message: expect.stringContaining('vendor/neosl-0.0.1.tgz is neosl 0.0.1'), fix: expect.stringContaining('neosl upgrade') });
  });
});

describe('all checks together', () => {
  it('check the services neosl.yaml names at once, each bounded, so two silent ones cost one timeout', async () => {
    const redis = await silentServer();
    const node = await silentServer();
    const dir = project(
      `name: demo\nfunctions: {}\ncache:\n  redis:\n    url: redis://:hunter2-secret@127.0.0.1:${redis}\n` +
        `database:\n  url: postgres://app:pw-secret@127.0.0.1:${await closedPort()}/db\nblockchain:\n  rpcUrl: http://127.0.0.1:${node}/?key=token-secret\ndev:\n  port: 0\n`,
    );
    const timeoutMs = 2000;
    const started = Date.now();
    const results = await runChecks(dir, { ...process.env, NEOSL_REDIS_URL: undefined }, timeoutMs);
    expect(Date.now() - started).toBeLessThan(timeoutMs * 2 - 100);

    expect(results.map((result) => result.name)).toEqual(['node', 'npm', 'better-sqlite3', 'esbuild', 'neosl.yaml', 'dev port', 'redis', 'postgresql', 'neo node']);
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    expect(byName.redis).toMatchObject({ status: 'fail' });
    expect(byName.postgresql).toMatchObject({ status: 'fail' });
    expect(byName['neo node']).toMatchObject({ status: 'fail', message: expect.stringContaining('no answer within 2 s') });
    for (const result of results.filter((check) => check.status !== 'ok')) expect(result.fix, result.name).toBeTruthy();
    expect(JSON.stringify(results)).not.toMatch(/hunter2-secret|pw-secret|token-secret/);
  });
});
