// How `neosl upgrade` rewrites a project's dependency on neosl.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetLockedNeosl, readNeoslDependency, removeOldTarball, versionOfSpec, writeNeoslSpec } from '../../src/scaffold/neosl-dependency.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

function project(manifest: object, indent = 2): string {
  const dir = makeTempDir();
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, indent)}\n`);
  return dir;
}

describe("a project's neosl dependency", () => {
  it('reads the spec and the version it stands for', () => {
    expect(versionOfSpec('file:vendor/neosl-0.2.0-beta.1.tgz', '/x')).toBe('0.2.0-beta.1');
    expect(versionOfSpec('^1.4.0', '/x')).toBe('1.4.0');
    expect(versionOfSpec('github:someone/neosl', '/x')).toBeUndefined();
    const dir = project({ devDependencies: { neosl: 'file:vendor/neosl-0.1.0.tgz' } });
    expect(readNeoslDependency(dir)).toMatchObject({ section: 'devDependencies', spec: 'file:vendor/neosl-0.1.0.tgz', version: '0.1.0' });
    mkdirSync(join(dir, 'node_modules', 'neosl'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'neosl', 'package.json'), '{"version":"0.1.5"}');
    expect(readNeoslDependency(dir).version).toBe('0.1.5');
  });

  it('names the fix when package.json is missing or does not depend on neosl', () => {
    expect(() => readNeoslDependency(makeTempDir())).toThrow(expect.objectContaining({ code: 'NO_PACKAGE_JSON', hint: expect.stringContaining('neosl init') }));
    expect(() => readNeoslDependency(project({ dependencies: { zod: '^4' } }))).toThrow(expect.objectContaining({ code: 'NEOSL_NOT_A_DEPENDENCY' }));
  });

  it("rewrites the spec in place, keeping key order, indentation and the user's allowScripts, dropping the old checkout denial", () => {
    const dir = project(
      {
        name: 'app',
        devDependencies: { '@types/node': '^20', neosl: 'file:../neosl', vitest: '^4' },
        allowScripts: { 'file:../neosl': false, esbuild: false, sharp: true },
        zz: 1,
      },
      4,
    );
    writeNeoslSpec(dir, readNeoslDependency(dir), 'file:vendor/neosl-0.2.0.tgz');
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    expect(text).toMatch(/^ {4}"name"/m);
    const manifest = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(Object.keys(manifest)).toEqual(['name', 'devDependencies', 'allowScripts', 'zz']);
    expect(manifest.devDependencies).toEqual({ '@types/node': '^20', neosl: 'file:vendor/neosl-0.2.0.tgz', vitest: '^4' });
    expect(manifest.allowScripts).toEqual({ esbuild: false, sharp: true, 'better-sqlite3': true });
  });

  it('drops neosl from the lockfiles so that npm reads the re-packed tarball', () => {
    const dir = project({ devDependencies: { neosl: 'file:vendor/neosl-0.1.0.tgz' } });
    const lock = { lockfileVersion: 3, packages: { '': {}, 'node_modules/neosl': { integrity: 'sha512-old' }, 'node_modules/zod': { version: '4.0.0' } } };
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
    expect(forgetLockedNeosl(dir)).toEqual([join(dir, 'package-lock.json'), join(dir, 'node_modules', '.package-lock.json')]);
    for (const file of ['package-lock.json', 'node_modules/.package-lock.json']) {
      expect(Object.keys((JSON.parse(readFileSync(join(dir, file), 'utf8')) as typeof lock).packages)).toEqual(['', 'node_modules/zod']);
    }
    expect(forgetLockedNeosl(dir)).toEqual([]);
  });

  it('removes the old tarball from vendor/ only', () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'vendor'));
    writeFileSync(join(dir, 'vendor', 'neosl-0.1.0.tgz'), 'old');
    writeFileSync(join(dir, 'outside.tgz'), 'mine');
    expect(removeOldTarball(dir, 'file:vendor/neosl-0.1.0.tgz', 'file:vendor/neosl-0.1.0.tgz')).toBeUndefined();
    expect(removeOldTarball(dir, 'file:outside.tgz', '^1.0.0')).toBeUndefined();
    expect(existsSync(join(dir, 'outside.tgz'))).toBe(true);
    writeFileSync(join(dir, 'vendor', 'neosl-0.2.0.tgz'), 'new');
    expect(removeOldTarball(dir, 'file:vendor/neosl-0.1.0.tgz', 'file:vendor/neosl-0.2.0.tgz')).toBe(join(dir, 'vendor', 'neosl-0.1.0.tgz'));
    expect(readdirSync(join(dir, 'vendor'))).toEqual(['neosl-0.2.0.tgz']);
    // Moving to the registry: the last tarball goes, and vendor/ with it.
    expect(removeOldTarball(dir, 'file:vendor/neosl-0.2.0.tgz', '^0.2.0')).toBe(join(dir, 'vendor', 'neosl-0.2.0.tgz'));
    expect(existsSync(join(dir, 'vendor'))).toBe(false);
  });
});
