// neosl.yaml's `secrets:` per function and `deploy: { targets, default }`: what loads, and each
// mistake reported at its line with a hint.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadError, summary } from './load-helpers.js';
import { HELLO_HANDLER, tempProject } from './temp-project.js';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('neosl.yaml secrets and deploy', () => {
  it('loads secret names and targets, keeping ${env.NAME} in a token unexpanded even when unset', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'neosl.yaml': yaml(
        'name: my-app',
        'functions:',
        '  hello:',
        '    permissions: [secrets:read]',
        '    secrets: [API_KEY, db_password]',
        'deploy:',
        '  targets:',
        '    prod: { url: https://fn.example.com, token: "${env.PROD_TOKEN}" }',
        '    local: { url: "http://127.0.0.1:8080" }',
        '  default: prod',
      ),
    });
    const { config } = await loadConfig({ cwd: dir, env: {} });
    expect(config.functions.hello!.secrets).toEqual(['API_KEY', 'db_password']);
    expect(config.deploy).toEqual({
      targets: { prod: { url: 'https://fn.example.com', token: '${env.PROD_TOKEN}' }, local: { url: 'http://127.0.0.1:8080' } },
      default: 'prod',
    });
  });

  it('defaults to no secrets and no targets', async () => {
    const { config } = await loadConfig({ cwd: tempProject({ ...HELLO_HANDLER, 'neosl.yaml': 'name: my-app\nfunctions:\n  hello: {}\n' }), env: {} });
    expect(config.functions.hello!.secrets).toEqual([]);
    expect(config.deploy).toEqual({ targets: {} });
  });

  it('reports a secret name that is not an identifier, a repeated one, and secrets the function may not read', async () => {
    const dir = tempProject({
      ...HELLO_HANDLER,
      'functions/other/index.ts': 'export default async () => 1;\n',
      'neosl.yaml': yaml(
        'name: my-app',
        'functions:',
        '  hello:',
        '    permissions: [secrets:read]',
        '    secrets: [API-KEY, 1BAD, TOKEN, TOKEN]',
        '  other:',
        '    secrets: [TOKEN]',
      ),
    });
    const error = await loadError({ cwd: dir, env: {} });
    expect(summary(error)).toEqual([
      [5, 'functions.hello.secrets[0]: "API-KEY" is not a valid secret name: use letters, digits and "_", not starting with a digit', 'did you mean "API_KEY"?'],
      [5, 'functions.hello.secrets[1]: "1BAD" is not a valid secret name: use letters, digits and "_", not starting with a digit', 'for example API_KEY'],
      [7, 'functions.other.secrets: the function cannot read these: it lacks the "secrets:read" permission', 'add "permissions: [secrets:read]"'],
    ]);
    expect(error.diagnostics[0]!.location?.column).toBe(15);

    const repeated = await loadError({
      cwd: tempProject({ ...HELLO_HANDLER, 'neosl.yaml': yaml('name: my-app', 'functions:', '  hello:', '    permissions: [secrets:read]', '    secrets: [TOKEN, TOKEN]') }),
      env: {},
    });
    expect(summary(repeated)).toEqual([[5, 'functions.hello.secrets[1]: "TOKEN" is listed twice', 'list each secret once']]);
  });

  it('reports a deploy.default that names no target, with the closest name', async () => {
    const error = await loadError({
      cwd: tempProject({
        'neosl.yaml': yaml('name: my-app', 'deploy:', '  targets:', '    prod: { url: "https://fn.example.com" }', '    staging: { url: "https://staging.example.com" }', '  default: prdo'),
      }),
      env: {},
    });
    expect(summary(error)).toEqual([[6, 'deploy.default: no target named "prdo" in deploy.targets', 'did you mean "prod"?']]);

    const none = await loadError({ cwd: tempProject({ 'neosl.yaml': yaml('name: my-app', 'deploy:', '  default: prod') }), env: {} });
    expect(summary(none)).toEqual([[3, 'deploy.default: no target named "prod" in deploy.targets', expect.stringContaining('add it under deploy.targets')]]);
  });

  it('reports a target URL that is not http(s) or holds a password, a bad target name, and a misspelt key', async () => {
    const error = await loadError({
      cwd: tempProject({
        'neosl.yaml': yaml(
          'name: my-app',
          'deploy:',
          '  targets:',
          '    prod: { url: "ftp://fn.example.com" }',
          '    ci: { url: "https://ci:pw@fn.example.com" }',
          '    "my target": { url: "https://fn.example.com" }',
          '    local: { url: "http://127.0.0.1:8080", tokn: abc }',
        ),
      }),
      env: {},
    });
    expect(summary(error)).toEqual([
      [4, 'deploy.targets.prod.url: expected an http:// or https:// URL, got "ftp://fn.example.com"', expect.stringContaining('neosl serve')],
      [5, 'deploy.targets.ci.url: the URL must not hold a user name or password: give the token separately', expect.stringContaining('neosl serve')],
      [6, 'deploy.targets: invalid target name "my target": use letters, digits, "-", "_" and "."', undefined],
      [7, 'unknown key "tokn" in deploy.targets.local', 'did you mean "token"?'],
    ]);
  });
});
