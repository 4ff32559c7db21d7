// The deploy path as a user walks it against a real `neosl serve` on a temp store: token → deploy →
// call → change → deploy → versions → rollback → call; "No changes", --dry-run, --json; a version that
// fails to load is not activated; secrets used by a function and never printed; a restarted host.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFunction, filesUnder, hostApi, killServeHosts, serveFixture, startServeHost, type ServeHost } from '../helpers/serve-host.js';
import type { NeoslResult } from '../helpers/spawn-neosl.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const SECRET = 's3cr3t-value';

let host: ServeHost;
/** Every CLI result of the file: none may ever show the secret. */
const results: NeoslResult[] = [];

beforeAll(async () => {
  host = await startServeHost();
});

afterAll(() => {
  killServeHosts();
  removeTempDirs();
});

async function neosl(args: string[], options: { input?: string } = {}): Promise<NeoslResult> {
  const result = await host.neosl(args, options);
  results.push(result);
  return result;
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
const writeHello = (body: string) => writeFileSync(join(host.project, 'functions/hello/index.ts'), body);
const helloOf = (v: number) => `export const hello = (input: { name?: string }) => ({ v: ${v}, message: \`Hello, \${input.name ?? 'world'}!\` });\n`;

interface VersionList {
  project: string;
  active: string | null;
  versions: { id: string; functions: Record<string, { sha256: string }> }[];
}

async function versions(): Promise<VersionList> {
  const result = await neosl(['versions', '--json']);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as VersionList;
}

describe('neosl serve + deploy, versions, rollback, secrets', () => {
  it('deploy → call → change → deploy (diff, Version: v2) → versions → rollback (what it does not roll back) → call', async () => {
    const first = await neosl(['deploy']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(lastLine(first.stdout)).toBe('Version: v1');
    expect(first.stdout + first.stderr).toContain(`${host.serve.url}/functions/hello`);
    expect(await callFunction(host.serve.url, 'hello', { name: 'neo' })).toEqual({ status: 200, body: { v: 1, message: 'Hello, neo!' } });

    writeHello(helloOf(2));
    const second = await neosl(['deploy']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout + second.stderr).toMatch(/^~ hello\b/m);
    expect(lastLine(second.stdout)).toBe('Version: v2');
    expect((await callFunction(host.serve.url, 'hello', { name: 'neo' })).body).toEqual({ v: 2, message: 'Hello, neo!' });

    const list = await versions();
    expect(list.project).toBe('serve-app');
    expect(list.active).toBe('v2');
    expect(list.versions.map((version) => version.id)).toEqual(['v2', 'v1']);
    const table = await neosl(['versions']);
    expect(table.stdout).toMatch(/^v2\s+active\b/m);
    expect(table.stdout).toMatch(/^v1\s/m);

    const rollback = await neosl(['rollback', '--yes']);
    expect(rollback.exitCode, rollback.stderr).toBe(0);
    expect(rollback.stdout + rollback.stderr).toMatch(/data .*and secrets are not rolled back/i);
    expect(lastLine(rollback.stdout)).toBe('Version: v1');
    expect((await callFunction(host.serve.url, 'hello', { name: 'neo' })).body).toEqual({ v: 1, message: 'Hello, neo!' });
    expect((await versions()).active).toBe('v1');
  });

  it('a deploy of what is already active prints "No changes" and exits 0, creating no version', async () => {
    // v1 is active again (the rollback): the project as it was for v1 has nothing new.
    writeHello(readFileSync(join(serveFixture, 'functions/hello/index.ts'), 'utf8'));
    const before = await versions();
    const again = await neosl(['deploy']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/No changes/);
    expect(lastLine(again.stdout)).toBe('Version: v1');
    expect(await versions()).toEqual(before);
  });

  it('--dry-run shows the diff and uploads nothing; the host keeps its versions', async () => {
    const before = await versions();
    writeHello(helloOf(3));
    const dry = await neosl(['deploy', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).toMatch(/^~ hello\b/m);
    expect(dry.stdout).not.toMatch(/Version:/);
    expect(await versions()).toEqual(before);
    // The bundle it built is still missing on the host: nothing was uploaded.
    const sha = createHash('sha256').update(readFileSync(join(host.project, 'dist/hello/index.mjs'))).digest('hex');
    const missing = await hostApi(host.serve.url, 'POST', '/_neosl/bundles/missing', { token: host.token, body: { sha256: [sha] } });
    expect(missing.json).toEqual({ missing: [sha] });
    expect((await callFunction(host.serve.url, 'hello')).body).toMatchObject({ v: 1 });
  });

  it('--json gives {version, functions: [{name, url, status}], uploaded, unchanged}', async () => {
    const deployed = await neosl(['deploy', '--json']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    const document = JSON.parse(deployed.stdout) as { version: string; functions: { name: string; url: string; status: string }[]; uploaded: number; unchanged: number };
    expect(document).toMatchObject({
      version: 'v3',
      functions: [{ name: 'hello', url: `${host.serve.url}/functions/hello`, status: 'active' }],
      uploaded: expect.any(Number),
      unchanged: 0,
    });
    expect(document.uploaded).toBeGreaterThan(0);
    expect((await callFunction(host.serve.url, 'hello', { name: 'json' })).body).toEqual({ v: 3, message: 'Hello, json!' });
  });

  it('a version whose function throws at import is not activated: exit 1 naming the function and its TypeScript line; the old version answers', async () => {
    const before = await versions();
    writeHello(['// This version cannot start: its module scope throws.', 'export const hello = () => ({ v: 4 });', "throw new Error('boom');", ''].join('\n'));
    const failed = await neosl(['deploy']);
    expect(failed.exitCode).toBe(1);
    const output = failed.stdout + failed.stderr;
    expect(output).toContain('hello');
    expect(output).toContain('boom');
    expect(output).toMatch(/functions\/hello\/index\.ts:3\b/);
    expect(output).toMatch(/nothing was activated/);
    expect(failed.stdout).not.toMatch(/Version:/);
    expect((await callFunction(host.serve.url, 'hello', { name: 'still' })).body).toEqual({ v: 3, message: 'Hello, still!' });
    expect(await versions()).toEqual(before);
  });

  it('a declared secret the host lacks fails the deploy before activation; once set, the function reads it and nothing ever shows it', async () => {
    const before = await versions();
    writeHello(helloOf(3));
    const expected = createHash('sha256').update(SECRET).digest('hex');
    writeFileSync(
      join(host.project, 'neosl.yaml'),
      [
        'name: serve-app',
        'functions:',
        '  hello:',
        '    handler: functions/hello/index.ts',
        '  keyed:',
        '    handler: functions/keyed/index.ts',
        '    secrets: [API_KEY]',
        '    permissions: [secrets:read]',
        `    environment: { EXPECTED_SHA256: ${expected} }`,
        '',
      ].join('\n'),
    );
    mkdirSync(join(host.project, 'functions/keyed'));
    writeFileSync(
      join(host.project, 'functions/keyed/index.ts'),
      [
        "import { createHash } from 'node:crypto';",
        "import type { NeoFunction } from '@neo-service/sdk/function';",
        '',
        '// Says what it can of the secret without showing it: its length, and whether it is the expected one.',
        'export const keyed: NeoFunction = async (_input, context) => {',
        "  const value = await context.secrets.get('API_KEY');",
        "  return { length: value.length, matches: createHash('sha256').update(value).digest('hex') === process.env.EXPECTED_SHA256 };",
        '};',
        '',
      ].join('\n'),
    );

    const refused = await neosl(['deploy']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('API_KEY');
    expect(refused.stderr).toContain('neosl secrets set API_KEY');
    expect(refused.stdout).not.toMatch(/Version:/);
    const refusedJson = await neosl(['deploy', '--json']);
    expect(refusedJson.exitCode).toBe(1);
    expect((JSON.parse(refusedJson.stdout) as { error: { code: string } }).error.code).toBe('SECRETS_MISSING');
    expect(await versions()).toEqual(before);
    expect((await callFunction(host.serve.url, 'keyed')).status).toBe(404);

    const set = await neosl(['secrets', 'set', 'API_KEY'], { input: SECRET });
    expect(set.exitCode, set.stderr).toBe(0);
    const deployed = await neosl(['deploy']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(lastLine(deployed.stdout)).toBe('Version: v4');
    expect(await callFunction(host.serve.url, 'keyed')).toEqual({ status: 200, body: { length: SECRET.length, matches: true } });

    const list = await neosl(['secrets', 'list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toContain('API_KEY');
    const listJson = await neosl(['secrets', 'list', '--json']);
    expect((JSON.parse(listJson.stdout) as { secrets: { name: string }[] }).secrets.map((secret) => secret.name)).toEqual(['API_KEY']);
    await neosl(['versions', '--json']);
    await neosl(['logs', '--json']);
    const setJson = await neosl(['secrets', 'set', 'API_KEY', '--json'], { input: SECRET });
    expect(setJson.exitCode, setJson.stderr).toBe(0);

    for (const result of results) expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(host.serve.stdout() + host.serve.stderr()).not.toContain(SECRET);
    for (const file of filesUnder(host.store)) expect(file.text, file.path).not.toContain(SECRET);
  });

  it('a host stopped with SIGTERM exits 0; started again on the same store it serves the active version at once', async () => {
    const before = host.serve;
    await host.restart();
    expect(host.serve.url).toBe(before.url);
    // No deploy, no warm-up: the first requests answer from the active version (v4).
    expect((await callFunction(host.serve.url, 'hello', { name: 'again' })).body).toEqual({ v: 3, message: 'Hello, again!' });
    expect(await callFunction(host.serve.url, 'keyed')).toEqual({ status: 200, body: { length: SECRET.length, matches: true } });
    expect((await versions()).active).toBe('v4');
    for (const output of [before.stdout(), before.stderr(), host.serve.stdout(), host.serve.stderr()]) expect(output).not.toContain(SECRET);
  });
});
