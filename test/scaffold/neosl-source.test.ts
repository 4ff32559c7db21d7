// Registry or not: what a generated project depends on follows from where the running neosl came
// from, and only a lockfile (or pnpm's store) that says "this version, from a registry" counts.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectNeoslSource, isRegistryTarballUrl } from '../../src/scaffold/neosl-source.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const registryUrl = 'https://registry.npmjs.org/neosl/-/neosl-1.2.3.tgz';

function neoslPackage(dir: string, version = '1.2.3'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'neosl', version }));
  return dir;
}

function lockfile(file: string, packages: Record<string, object>): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': {}, ...packages } }));
}

describe('where the running neosl came from', () => {
  it('a checkout (no node_modules in its path) is packed', () => {
    const source = detectNeoslSource(neoslPackage(join(makeTempDir(), 'neosl')));
    expect(source).toMatchObject({ kind: 'local', version: '1.2.3' });
    expect(source.kind === 'local' && source.reason).toContain('a checkout');
  });

  it('npm link (a symlink in node_modules to a checkout) is packed', () => {
    const base = makeTempDir();
    const checkout = neoslPackage(join(base, 'src', 'neosl'));
    mkdirSync(join(base, 'app', 'node_modules'), { recursive: true });
    symlinkSync(checkout, join(base, 'app', 'node_modules', 'neosl'));
    lockfile(join(base, 'app', 'node_modules', '.package-lock.json'), { 'node_modules/neosl': { resolved: '../src/neosl', link: true } });
    expect(detectNeoslSource(join(base, 'app', 'node_modules', 'neosl')).kind).toBe('local');
  });

  it('an npm install from the registry (the hidden lockfile) depends on the registry', () => {
    const app = makeTempDir();
    const root = neoslPackage(join(app, 'node_modules', 'neosl'));
    lockfile(join(app, 'node_modules', '.package-lock.json'), { 'node_modules/neosl': { version: '1.2.3', resolved: registryUrl, integrity: 'sha512-x' } });
    expect(detectNeoslSource(root)).toMatchObject({ kind: 'registry', version: '1.2.3', evidence: join(app, 'node_modules', '.package-lock.json') });
  });

  it('npx (its own folder with a package-lock.json) from the registry, nested deeper too', () => {
    const npx = makeTempDir();
    const root = neoslPackage(join(npx, 'node_modules', 'tool', 'node_modules', 'neosl'));
    lockfile(join(npx, 'package-lock.json'), { 'node_modules/tool/node_modules/neosl': { version: '1.2.3', resolved: 'https://npm.example.com/repo/neosl/-/neosl-1.2.3.tgz' } });
    expect(detectNeoslSource(root).kind).toBe('registry');
  });

  it('a lockfile written with omit-lockfile-registry-resolved (a version, no source) is the registry', () => {
    const app = makeTempDir();
    const root = neoslPackage(join(app, 'node_modules', 'neosl'));
    lockfile(join(app, 'package-lock.json'), { 'node_modules/neosl': { version: '1.2.3', integrity: 'sha512-x' } });
    expect(detectNeoslSource(root).kind).toBe('registry');
  });

  it('a project that installed neosl from its vendored tarball packs it again (npx neosl init there)', () => {
    const app = makeTempDir();
    const root = neoslPackage(join(app, 'node_modules', 'neosl'));
    lockfile(join(app, 'node_modules', '.package-lock.json'), { 'node_modules/neosl': { version: '1.2.3', resolved: 'file:vendor/neosl-1.2.3.tgz', integrity: 'sha512-x' } });
    const source = detectNeoslSource(root);
    expect(source.kind).toBe('local');
    expect(source.kind === 'local' && source.reason).toContain('file:vendor/neosl-1.2.3.tgz');
  });

  it('a remote tarball that is not a registry URL, and a stale lockfile of another version, are packed', () => {
    const app = makeTempDir();
    const root = neoslPackage(join(app, 'node_modules', 'neosl'));
    const hidden = join(app, 'node_modules', '.package-lock.json');
    lockfile(hidden, { 'node_modules/neosl': { version: '1.2.3', resolved: 'https://example.com/builds/neosl.tgz' } });
    expect(detectNeoslSource(root).kind).toBe('local');
    lockfile(hidden, { 'node_modules/neosl': { version: '1.0.0', resolved: 'https://registry.npmjs.org/neosl/-/neosl-1.0.0.tgz' } });
    const stale = detectNeoslSource(root);
    expect(stale.kind === 'local' && stale.reason).toContain('records version 1.0.0');
  });

  it('in node_modules with no lockfile (a global install) is packed', () => {
    const prefix = makeTempDir();
    const source = detectNeoslSource(neoslPackage(join(prefix, 'lib', 'node_modules', 'neosl')));
    expect(source.kind === 'local' && source.reason).toContain('no lockfile');
  });

  it("pnpm's store: name@version from the registry, a file: tarball packed", () => {
    const app = makeTempDir();
    expect(detectNeoslSource(neoslPackage(join(app, 'node_modules', '.pnpm', 'neosl@1.2.3', 'node_modules', 'neosl'))).kind).toBe('registry');
    expect(detectNeoslSource(neoslPackage(join(app, 'node_modules', '.pnpm', 'neosl@file+vendor+neosl-1.2.3.tgz', 'node_modules', 'neosl'))).kind).toBe('local');
  });

  it('recognises registry tarball URLs of this name and version only', () => {
    expect(isRegistryTarballUrl(registryUrl, 'neosl', '1.2.3')).toBe(true);
    expect(isRegistryTarballUrl('https://registry.npmjs.org/@scope/tool/-/tool-2.0.0.tgz', '@scope/tool', '2.0.0')).toBe(true);
    expect(isRegistryTarballUrl('https://registry.npmjs.org/@scope%2ftool/-/tool-2.0.0.tgz', '@scope/tool', '2.0.0')).toBe(true);
    expect(isRegistryTarballUrl(registryUrl, 'neosl', '1.2.4')).toBe(false);
    expect(isRegistryTarballUrl('https://registry.npmjs.org/evil/-/neosl-1.2.3.tgz', 'neosl', '1.2.3')).toBe(false);
    expect(isRegistryTarballUrl('file:/tmp/neosl/-/neosl-1.2.3.tgz', 'neosl', '1.2.3')).toBe(false);
  });
});
