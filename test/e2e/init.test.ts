import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

describe('neosl init', () => {
  it('writes a project that depends on this neosl checkout and names its function', async () => {
    const parent = makeTempDir();
    const result = await spawnNeosl(['init', 'My App', '--template', 'http-api', '--name', 'orders', '--no-install', '--json'], { cwd: parent });
    expect(result.exitCode).toBe(0);
    const dir = join(parent, 'My App');
    const summary = JSON.parse(result.stdout) as { name: string; function: string; files: string[]; installed: boolean };
    expect(summary).toMatchObject({ name: 'my-app', function: 'orders', installed: false });

    for (const file of ['neosl.yaml', 'package.json', 'tsconfig.json', '.gitignore', '.env.example', '.github/workflows/neosl.yml',
      'functions/orders/index.ts', 'functions/orders/index.test.ts']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(existsSync(join(dir, '_gitignore'))).toBe(false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.neosl\/?$/m);

    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.name).toBe('my-app');
    expect(manifest.devDependencies.neosl).toBe(`file:${realpathSync(repoRoot).replace(/\/$/, '')}`);
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

  it('refuses a folder that is not empty and writes nothing', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await spawnNeosl(['init', dir, '--no-install']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is not empty');
    expect(result.stderr).toContain('notes.txt');
    expect(result.stderr).toContain('--force');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
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
    expect(result.stderr).toContain('did you mean "cached"?');
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
