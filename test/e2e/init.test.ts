import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { pathWithFakeNpmInstall } from '../helpers/fake-npm.js';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('neosl init', () => {
  it('writes a project that depends on this checkout packed into vendor/ and names its function', async () => {
    const parent = makeTempDir();
    const result = await spawnNeosl(['init', 'My App', '--template', 'http-api', '--name', 'orders', '--no-install', '--json'], { cwd: parent });
    expect(result.exitCode).toBe(0);
    const dir = join(parent, 'My App');
    const summary = JSON.parse(result.stdout) as { name: string; function: string; files: string[]; installed: boolean; nextSteps: string[] };
    const tarball = `vendor/neosl-${version}.tgz`;
    expect(summary).toMatchObject({ name: 'my-app', function: 'orders', installed: false, neosl: { version, spec: `file:${tarball}`, source: 'vendored' } });
    expect(summary.files).toContain(tarball);
    expect(summary.nextSteps).toEqual(['cd "My App"', 'npm install', 'npm test', 'npx neosl invoke orders', 'npx neosl dev']);
    expect(readdirSync(join(dir, 'vendor'))).toEqual([`neosl-${version}.tgz`]);
    expect(result.stderr).toMatch(new RegExp(`packed neosl ${version.replaceAll('.', '\\.')} into ${tarball} \\(\\d+ kB, \\d+ ms\\), as it is not from the npm registry: it runs from a checkout`));

    for (const file of ['neosl.yaml', 'package.json', 'tsconfig.json', '.gitignore', '.env.example', '.github/workflows/neosl.yml',
      'functions/orders/index.ts', 'functions/orders/index.test.ts']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(existsSync(join(dir, '_gitignore'))).toBe(false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.neosl\/?$/m);

    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.name).toBe('my-app');
    expect(manifest.devDependencies.neosl).toBe(`file:${tarball}`);
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(['dev', 'build', 'test', 'bench']));

    const config = parse(readFileSync(join(dir, 'neosl.yaml'), 'utf8')) as { name: string; functions: Record<string, { handler: string; triggers: { http: { path: string } }[] }> };
    expect(config.name).toBe('my-app');
    expect(config.functions.orders!.handler).toBe('functions/orders/index.ts');
    expect(config.functions.orders!.triggers.every((trigger) => trigger.http.path === '/orders')).toBe(true);

    const source = readFileSync(join(dir, 'functions/orders/index.ts'), 'utf8');
    expect(source).toMatch(/export const orders\b/);
    expect(source).not.toContain('__fn__');
    expect(readFileSync(join(dir, 'functions/orders/index.test.ts'), 'utf8')).toContain('orders');
  });

  it('refuses a folder that is not empty, suggests a free folder beside it with the same flags, and writes nothing', async () => {
    const parent = makeTempDir();
    const dir = join(parent, 'shop');
    mkdirSync(dir);
    mkdirSync(join(parent, 'shop-2'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await spawnNeosl(['init', 'shop', '--template', 'http-api', '--no-install'], { cwd: parent });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('shop is not empty (it holds notes.txt)');
    expect(result.stderr).toContain('Create the project in a folder that does not exist yet:\n  neosl init shop-3 --template http-api --no-install\n');
    expect(result.stderr).toContain('or pass --force to write into shop');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readdirSync(join(parent, 'shop-2'))).toEqual([]);

    // The suggested command, as printed, creates the project.
    const suggested = /\n {2}(neosl init .*)\n/.exec(result.stderr)![1]!.split(' ').slice(1);
    expect((await spawnNeosl(suggested, { cwd: parent })).exitCode).toBe(0);
    expect(existsSync(join(parent, 'shop-3', 'functions', 'items', 'index.ts'))).toBe(true);
  });

  it('in a folder that is not empty, with no folder given, suggests a new one inside it', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await spawnNeosl(['init', '--no-install'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('  neosl init my-app --no-install\n');
  });

  it('quotes the printed cd for the shell only when the folder needs it', async () => {
    const parent = makeTempDir();
    const spaced = await spawnNeosl(['init', "Bob's App", '--no-install'], { cwd: parent });
    expect(spaced.exitCode, spaced.stderr).toBe(0);
    expect(spaced.stdout).toBe(`\nNext steps:\n  cd "Bob's App"\n  npm install\n  npm test\n  npx neosl invoke hello\n  npx neosl dev\n`);
    const cd = /cd (.*)/.exec(spaced.stdout)![1]!;
    expect(spawnSync('sh', ['-c', `cd ${cd} && pwd`], { cwd: parent, encoding: 'utf8' }).stdout.trim()).toBe(join(parent, "Bob's App"));
    const plain = await spawnNeosl(['init', 'plain-app', '--no-install'], { cwd: parent });
    expect(plain.stdout).toContain('\n  cd plain-app\n');
  });

  it('keeps vendor/ in git and node_modules out', async () => {
    const dir = join(makeTempDir(), 'app');
    expect((await spawnNeosl(['init', dir, '--no-install'])).exitCode).toBe(0);
    expect(spawnSync('git', ['init', '-q'], { cwd: dir }).status).toBe(0);
    expect(spawnSync('git', ['check-ignore', '-q', `vendor/neosl-${version}.tgz`], { cwd: dir }).status).toBe(1);
    expect(spawnSync('git', ['check-ignore', '-q', 'node_modules/x'], { cwd: dir }).status).toBe(0);
  });

  it('without a terminal and without arguments, asks nothing: writes into the current folder and installs', async () => {
    const dir = makeTempDir();
    const log = join(makeTempDir(), 'npm.log');
    const result = await spawnNeosl(['init'], { cwd: dir, input: 'my-app\n', env: { PATH: pathWithFakeNpmInstall(makeTempDir(), log) } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('? ');
    expect(existsSync(join(dir, 'functions', 'hello', 'index.ts'))).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe(`${realpathSync(dir)}: npm install --no-audit --no-fund\n`);
    expect(result.stdout).toBe('\nNext steps:\n  npm test\n  npx neosl invoke hello\n  npx neosl dev\n');
  });

  it('writes into a non-empty folder with --force, keeping unrelated files', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await spawnNeosl(['init', dir, '--no-install', '--force']);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'functions/hello/index.ts'))).toBe(true);
  });

  it('treats a folder holding only .git as empty', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, '.git'));
    const result = await spawnNeosl(['init', dir, '--no-install']);
    expect(result.exitCode).toBe(0);
  });

  it('lists the known templates for an unknown one and writes nothing', async () => {
    const parent = makeTempDir();
    const result = await spawnNeosl(['init', 'app', '--template', 'cahced', '--no-install'], { cwd: parent });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown template "cahced"');
    expect(result.stderr).toContain('Did you mean "cached"?');
    expect(result.stderr).toMatch(/blockchain, cached, database, hello, http-api, scheduled/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it.each([
    ['../evil', 'JavaScript identifier'],
    ['my-func', 'Try "myFunc"'],
    ['2fa', 'JavaScript identifier'],
    ['class', 'reserved word'],
  ])('rejects the function name %s and writes nothing', async (name, message) => {
    const parent = makeTempDir();
    const result = await spawnNeosl(['init', 'app', '--name', name, '--no-install'], { cwd: parent });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`invalid function name "${name}"`);
    expect(result.stderr).toContain(message);
    expect(readdirSync(parent)).toEqual([]);
  });
});
