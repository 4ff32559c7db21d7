// login, logout, whoami and secrets as a user runs them, without a host (the flow against a real
// `neosl serve` is tested with serve): a host that is down, nothing saved, nothing to forget, the
// hints for what to do, and a token piped in that is saved 0600 and never printed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { closedPort } from '../helpers/closed-port.js';

afterEach(removeTempDirs);

const TOKEN = 'nsl_e2e-token-never-printed';


/** A stand-in host answering whoami for TOKEN only. */
async function whoamiHost(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${TOKEN}` && req.url === '/_neosl/whoami';
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { token: 'ci', project: 'my-app', active: 'v1', neosl: '0.1.0' } : { error: { code: 'UNAUTHORIZED', message: 'unauthorized' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function userEnv(): NodeJS.ProcessEnv {
  return { NEOSL_CONFIG_DIR: join(makeTempDir('neosl-e2e-config-'), 'neosl'), NEOSL_TOKEN: undefined };
}

describe('neosl login, logout, whoami, secrets (no host needed)', () => {
  it('login to a host that is down: exit 1 HOST_UNREACHABLE, and nothing saved', async () => {
    const env = userEnv();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await spawnNeosl(['login', url], { cwd: makeTempDir(), env, input: `${TOKEN}\n` });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`cannot reach the host at ${url}: connection refused`);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(existsSync(env.NEOSL_CONFIG_DIR!)).toBe(false);

    const json = await spawnNeosl(['login', url, '--json'], { cwd: makeTempDir(), env, input: TOKEN });
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).error.code).toBe('HOST_UNREACHABLE');
  });

  it('login with the token piped in saves it 0600 and says who it is; whoami then uses it; logout forgets it', async () => {
    const host = await whoamiHost();
    try {
      const env = userEnv();
      const login = await spawnNeosl(['login', host.url], { cwd: makeTempDir(), env, input: `${TOKEN}\n` });
      expect(login.stdout).toBe(`Logged in to ${host.url} as ci\n`);
      expect(login.exitCode).toBe(0);
      const file = join(env.NEOSL_CONFIG_DIR!, 'credentials.json');
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8')).hosts[host.url].token).toBe(TOKEN);

      const whoami = await spawnNeosl(['whoami', '--json'], { cwd: makeTempDir(), env });
      expect(JSON.parse(whoami.stdout)).toEqual({ url: host.url, tokenSource: 'login', token: 'ci', project: 'my-app', active: 'v1', neosl: '0.1.0' });

      const logout = await spawnNeosl(['logout'], { cwd: makeTempDir(), env });
      expect([logout.exitCode, logout.stdout]).toEqual([0, `Logged out of ${host.url}: its token is forgotten on this machine\n`]);
      for (const result of [login, whoami, logout]) expect(result.stdout + result.stderr).not.toContain(TOKEN);
    } finally {
      host.close();
    }
  });

  it('login without a token: exit 1 saying how to give one', async () => {
    const result = await spawnNeosl(['login', 'http://127.0.0.1:8080'], { cwd: makeTempDir(), env: userEnv(), input: '' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no token given');
    expect(result.stderr).toContain('printf %s "$TOKEN" | neosl login http://127.0.0.1:8080');
  });

  it('logout with nothing saved: exit 0 with a note', async () => {
    const result = await spawnNeosl(['logout'], { cwd: makeTempDir(), env: userEnv() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Not logged in to any host: nothing to forget\n');
  });

  it('whoami when not logged in: exit 1 with the ways to name a host', async () => {
    const result = await spawnNeosl(['whoami'], { cwd: makeTempDir(), env: userEnv() });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no host to talk to');
    expect(result.stderr).toContain('neosl login <url>');
  });

  it('secrets set with a name that is not an identifier: exit 1 naming it', async () => {
    const result = await spawnNeosl(['secrets', 'set', '1BAD'], { cwd: makeTempDir(), env: userEnv(), input: 'value' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('"1BAD" is not a valid secret name');
    expect(result.stdout + result.stderr).not.toContain('value');
  });
});
