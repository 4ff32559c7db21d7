// Which host and token a host command uses: --target (URL or name), deploy.default, the login;
// NEOSL_TOKEN over the target's token over the login's; and what is said when one is missing.
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { saveHostCredentials } from '../../src/deploy/credentials.js';
import { normalizeHostUrl, resolveTarget, type TargetOptions } from '../../src/deploy/target.js';
import { UserError } from '../../src/errors.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { testContext } from './fake-host.js';

afterEach(removeTempDirs);

const TARGETS_YAML = [
  'name: my-app',
  'deploy:',
  '  targets:',
  '    prod: { url: "https://fn.example.com/", token: "${env.PROD_TOKEN}" }',
  '    staging: { url: "http://127.0.0.1:8080" }',
  '    literal: { url: "http://127.0.0.1:9090", token: "abc-${env.SUFFIX}" }',
  '',
].join('\n');

interface Setup {
  yaml?: string;
  dotenv?: string;
  env?: NodeJS.ProcessEnv;
  logins?: [url: string, token: string][];
}

function setup({ yaml, dotenv, env = {}, logins = [] }: Setup) {
  const project = makeTempDir('neosl-target-');
  if (yaml !== undefined) writeFileSync(join(project, 'neosl.yaml'), yaml);
  if (dotenv !== undefined) writeFileSync(join(project, '.env'), dotenv);
  const configDir = join(makeTempDir('neosl-config-'), 'neosl');
  const fullEnv = { NEOSL_CONFIG_DIR: configDir, ...env };
  for (const [url, token] of logins) saveHostCredentials({ env: fullEnv }, url, token);
  const nested = join(project, 'functions');
  mkdirSync(nested);
  // From a folder below the project, as a user in a subfolder would run it.
  return (options: TargetOptions = {}) => resolveTarget(testContext(nested, fullEnv), options);
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('resolveTarget: the host', () => {
  it('takes --target as a URL, without its trailing slash, outside any project', async () => {
    const resolve = setup({});
    expect(await resolve({ target: 'http://127.0.0.1:8080/' })).toEqual({ url: 'http://127.0.0.1:8080' });
    expect(await resolve({ target: 'https://fn.example.com/base/' })).toEqual({ url: 'https://fn.example.com/base' });
  });

  it('takes --target as a neosl.yaml target name, over deploy.default', async () => {
    const resolve = setup({ yaml: `${TARGETS_YAML}  default: prod\n`, env: { PROD_TOKEN: 'p' } });
    expect(await resolve({ target: 'staging' })).toEqual({ url: 'http://127.0.0.1:8080', name: 'staging' });
    expect(await resolve()).toEqual({ url: 'https://fn.example.com', name: 'prod', token: 'p', tokenSource: 'neosl.yaml' });
  });

  it('falls back to the login when neosl.yaml names no default, and takes its token', async () => {
    const resolve = setup({ yaml: TARGETS_YAML, logins: [['http://127.0.0.1:7000', 'from-login']] });
    expect(await resolve()).toEqual({ url: 'http://127.0.0.1:7000', token: 'from-login', tokenSource: 'login' });
    // A target without a token of its own uses the login's for that URL.
    const withLogin = setup({ yaml: TARGETS_YAML, logins: [['http://127.0.0.1:8080', 'staging-login']] });
    expect(await withLogin({ target: 'staging' })).toEqual({ url: 'http://127.0.0.1:8080', name: 'staging', token: 'staging-login', tokenSource: 'login' });
  });

  it('says there is no host, and how to name one, when nothing names it', async () => {
    const error = await failure(setup({})());
    expect(error.code).toBe('NO_TARGET');
    expect(error.hint).toContain('neosl login <url>');
    expect(error.hint).toContain('--target');
    expect(error.hint).toContain('deploy.targets');
  });

  it('refuses an unknown target name with the closest one and the names there are', async () => {
    const error = await failure(setup({ yaml: TARGETS_YAML })({ target: 'prdo' }));
    expect(error.code).toBe('UNKNOWN_TARGET');
    expect(error.message).toContain('--target prdo');
    expect(error.hint).toContain('did you mean "prod"?');
    expect(error.hint).toContain('"prod", "staging", "literal"');

    const outside = await failure(setup({})({ target: 'localhost:8080' }));
    expect(outside.code).toBe('UNKNOWN_TARGET');
    expect(outside.hint).toContain('--target http://localhost:8080');
  });

  it('refuses a --target URL that is not http(s) or carries a password', async () => {
    const resolve = setup({});
    const ftp = await failure(resolve({ target: 'ftp://fn.example.com' }));
    expect([ftp.code, ftp.exitCode]).toEqual(['INVALID_URL', 2]);
    const password = await failure(resolve({ target: 'https://ci:hunter2@fn.example.com' }));
    expect(password.message).toContain('must not hold a user name or password');
  });

  it('suggests the scheme for a host URL written without one', () => {
    const hintFor = (text: string) => {
      try {
        normalizeHostUrl(text, 'the host URL');
      } catch (error) {
        return (error as UserError).hint;
      }
      return undefined;
    };
    expect(hintFor('fn.example.com')).toBe('did you mean "https://fn.example.com"?');
    expect(hintFor('127.0.0.1:8080')).toBe('did you mean "http://127.0.0.1:8080"?');
    expect(hintFor('localhost:8080')).toBe('did you mean "http://localhost:8080"?');
  });
});

describe('resolveTarget: the token', () => {
  it('expands ${env.NAME} of the target from the environment, then the project .env', async () => {
    expect(await setup({ yaml: TARGETS_YAML, dotenv: 'PROD_TOKEN=from-dotenv\n' })({ target: 'prod' })).toMatchObject({ token: 'from-dotenv', tokenSource: 'neosl.yaml' });
    expect(await setup({ yaml: TARGETS_YAML, dotenv: 'PROD_TOKEN=from-dotenv\n', env: { PROD_TOKEN: 'from-env' } })({ target: 'prod' })).toMatchObject({ token: 'from-env' });
    expect(await setup({ yaml: TARGETS_YAML, env: { SUFFIX: 'xyz' } })({ target: 'literal' })).toMatchObject({ token: 'abc-xyz' });
  });

  it('names the variable and the target when the token variable is not set, and only when that target is used', async () => {
    const resolve = setup({ yaml: TARGETS_YAML });
    const error = await failure(resolve({ target: 'prod' }));
    expect(error.code).toBe('TOKEN_ENV_MISSING');
    expect(error.message).toContain('deploy target "prod"');
    expect(error.message).toContain('PROD_TOKEN');
    expect(error.hint).toContain('.env');
    // Another target loads fine although PROD_TOKEN is unset.
    expect(await resolve({ target: 'staging' })).toEqual({ url: 'http://127.0.0.1:8080', name: 'staging' });
  });

  it('takes NEOSL_TOKEN over the target token and the login', async () => {
    const env = { NEOSL_TOKEN: ' from-env-var \n' };
    expect(await setup({ yaml: TARGETS_YAML, env })({ target: 'prod' })).toEqual({ url: 'https://fn.example.com', name: 'prod', token: 'from-env-var', tokenSource: 'NEOSL_TOKEN' });
    expect(await setup({ env, logins: [['http://127.0.0.1:7000', 'from-login']] })()).toMatchObject({ token: 'from-env-var', tokenSource: 'NEOSL_TOKEN' });
  });

  it('has no token for a host nobody gave one for', async () => {
    const resolve = setup({ logins: [['http://127.0.0.1:7000', 'from-login']] });
    expect(await resolve({ target: 'http://127.0.0.1:7001' })).toEqual({ url: 'http://127.0.0.1:7001' });
  });
});
