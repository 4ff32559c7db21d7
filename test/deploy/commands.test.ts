// login, logout, whoami and secrets against a fake host: what they print and save, that a refused
// token is not saved, and that no token or secret value ever appears in what they print.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loginCommand, logoutCommand, whoamiCommand } from '../../src/commands/login.js';
import { secretsListCommand, secretsRemoveCommand, secretsSetCommand } from '../../src/commands/secrets.js';
import { UserError } from '../../src/errors.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { fakeHost, GOOD_TOKEN, testContext, type CapturedContext } from './fake-host.js';

afterEach(removeTempDirs);

function environment(): NodeJS.ProcessEnv {
  return { NEOSL_CONFIG_DIR: join(makeTempDir('neosl-config-'), 'neosl') };
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const printed = (context: CapturedContext) => context.stdout() + context.stderr();

describe('neosl login / logout / whoami', () => {
  it('checks the token with the host, saves it 0600 as the current host and names the token, never printing it', async () => {
    const host = await fakeHost();
    const env = environment();
    const login = testContext(makeTempDir(), env);
    await loginCommand(login, [`${host.url}/`], { token: `  ${GOOD_TOKEN}\n` });
    expect(login.stdout()).toBe(`Logged in to ${host.url} as ci\n`);
    expect(printed(login)).not.toContain(GOOD_TOKEN);

    const file = join(env.NEOSL_CONFIG_DIR!, 'credentials.json');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.current).toBe(host.url);
    expect(saved.hosts[host.url].token).toBe(GOOD_TOKEN);

    const whoami = testContext(makeTempDir(), env);
    await whoamiCommand(whoami, [], {});
    expect(whoami.stdout()).toContain(`Host     ${host.url}`);
    expect(whoami.stdout()).toContain('Token    ci (from neosl login)');
    expect(whoami.stdout()).toContain('Project  my-app, active version v3');
    const json = testContext(makeTempDir(), env, { json: true });
    await whoamiCommand(json, [], {});
    expect(JSON.parse(json.stdout())).toEqual({ url: host.url, tokenSource: 'login', token: 'ci', project: 'my-app', active: 'v3', neosl: '9.9.9' });
    expect(printed(whoami) + printed(json)).not.toContain(GOOD_TOKEN);
  });

  it('does not save a token the host refuses', async () => {
    const host = await fakeHost();
    const env = environment();
    const error = await failure(loginCommand(testContext(makeTempDir(), env), [host.url], { token: 'wrong-token' }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('nothing was saved');
    expect(error.hint).toContain('neosl serve token create NAME');
    expect(existsSync(join(env.NEOSL_CONFIG_DIR!, 'credentials.json'))).toBe(false);
  });

  it('logs out of the current host, and says so when there is nothing to forget', async () => {
    const host = await fakeHost();
    const env = environment();
    await loginCommand(testContext(makeTempDir(), env), [host.url], { token: GOOD_TOKEN });
    const logout = testContext(makeTempDir(), env);
    await logoutCommand(logout, []);
    expect(logout.stdout()).toBe(`Logged out of ${host.url}: its token is forgotten on this machine\n`);
    expect(JSON.parse(readFileSync(join(env.NEOSL_CONFIG_DIR!, 'credentials.json'), 'utf8'))).toEqual({ hosts: {} });

    const again = testContext(makeTempDir(), env);
    await logoutCommand(again, []);
    expect(again.stdout()).toBe('Not logged in to any host: nothing to forget\n');

    const whoami = await failure(whoamiCommand(testContext(makeTempDir(), env), [], {}));
    expect(whoami.code).toBe('NO_TARGET');
  });

  it('whoami names NEOSL_TOKEN as the source when it is set', async () => {
    const host = await fakeHost();
    const context = testContext(makeTempDir(), { ...environment(), NEOSL_TOKEN: GOOD_TOKEN });
    await whoamiCommand(context, [], { target: host.url });
    expect(context.stdout()).toContain('Token    ci (from the NEOSL_TOKEN environment variable)');
  });
});

describe('neosl secrets', () => {
  async function loggedIn() {
    const host = await fakeHost();
    const env = { ...environment(), NEOSL_TOKEN: GOOD_TOKEN };
    return { host, context: (json = false) => testContext(makeTempDir(), env, { json }), target: { target: host.url } };
  }

  it('sets a secret, says whether it was created or updated, and never prints the value', async () => {
    const { host, context, target } = await loggedIn();
    const first = context();
    await secretsSetCommand(first, ['API_KEY'], { ...target, value: 'sk-live-very-secret' });
    expect(first.stdout()).toBe(`Secret API_KEY set on ${host.url} (created)\n`);
    expect(first.stderr()).toContain("context.secrets.get('API_KEY')");
    expect(first.stderr()).toContain('secrets:read');
    expect(host.secrets.get('API_KEY')?.value).toBe('sk-live-very-secret');

    const second = context(true);
    await secretsSetCommand(second, ['API_KEY'], { ...target, value: 'sk-live-rotated' });
    expect(JSON.parse(second.stdout())).toEqual({ name: 'API_KEY', created: false, updatedAt: '2030-01-02T03:04:05.000Z' });
    expect(printed(first) + printed(second)).not.toMatch(/sk-live|nsl_secret/);
  });

  it('refuses a name that is not an identifier before asking the host anything', async () => {
    const { host, context, target } = await loggedIn();
    const error = await failure(secretsSetCommand(context(), ['1BAD'], { ...target, value: 'x' }));
    expect(error.code).toBe('INVALID_SECRET_NAME');
    expect(error.message).toContain('"1BAD"');
    expect(host.requests).toEqual([]);
  });

  it('refuses an empty value', async () => {
    const { host, context, target } = await loggedIn();
    const error = await failure(secretsSetCommand(context(), ['API_KEY'], { ...target, value: '' }));
    expect(error.code).toBe('EMPTY_SECRET_VALUE');
    expect(host.requests).toEqual([]);
  });

  it('lists names and when they were set, and removes one; removing a missing one fails with the host message', async () => {
    const { host, context, target } = await loggedIn();
    await secretsSetCommand(context(), ['API_KEY'], { ...target, value: 'v1' });
    await secretsSetCommand(context(), ['DB_PASSWORD'], { ...target, value: 'v2' });
    const list = context();
    await secretsListCommand(list, [], target);
    expect(list.stdout()).toBe('  API_KEY      set 2030-01-02T03:04:05.000Z\n  DB_PASSWORD  set 2030-01-02T03:04:05.000Z\n');
    const json = context(true);
    await secretsListCommand(json, [], target);
    expect(JSON.parse(json.stdout())).toEqual({ secrets: [{ name: 'API_KEY', updatedAt: '2030-01-02T03:04:05.000Z' }, { name: 'DB_PASSWORD', updatedAt: '2030-01-02T03:04:05.000Z' }] });
    expect(printed(list) + printed(json)).not.toMatch(/v1|v2/);

    const remove = context();
    await secretsRemoveCommand(remove, ['API_KEY'], target);
    expect(remove.stdout()).toBe(`Secret API_KEY removed from ${host.url}\n`);
    expect([...host.secrets.keys()]).toEqual(['DB_PASSWORD']);

    const missing = await failure(secretsRemoveCommand(context(), ['API_KEY'], target));
    expect([missing.code, missing.message, missing.exitCode]).toEqual(['SECRET_NOT_FOUND', 'no secret named API_KEY', 1]);
    expect(missing.hint).toContain('neosl secrets list');
  });

  it('fails before reading a value when there is no token for the host', async () => {
    const { host } = await loggedIn();
    const error = await failure(secretsSetCommand(testContext(makeTempDir(), environment()), ['API_KEY'], { target: host.url }));
    expect(error.code).toBe('NOT_LOGGED_IN');
    expect(error.hint).toContain(`neosl login ${host.url}`);
    expect(host.requests).toEqual([]);
  });
});
