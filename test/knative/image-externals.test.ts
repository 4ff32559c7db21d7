// The packages a built bundle leaves external (native addons) and the image's package.json that
// installs them (src/knative/image-externals.ts, image-package-json.ts): read from real bundles of a
// project with an installed native package, a CommonJS dependency requiring it, and an optional one
// that is not installed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { writeImageContext } from '../../src/knative/image-context.js';
import { bareImportsOf, externalPackages } from '../../src/knative/image-externals.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(() => removeTempDirs());

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A project whose function imports a native package (gypfile) directly and through a CommonJS dependency. */
function nativeProject(): string {
  const dir = makeTempDir('neosl-knative-externals-');
  writeFiles(dir, {
    'neosl.yaml': 'name: native-app\nfunctions:\n  hash:\n    handler: functions/hash.ts\n',
    'functions/hash.ts': [
      "import native from 'fake-native-hash';",
      "import wrapper from 'hash-wrapper';",
      'export const hash = () => ({ direct: native.hash("a"), wrapped: wrapper.hash("b") });',
      '',
    ].join('\n'),
    'node_modules/fake-native-hash/package.json': JSON.stringify({ name: 'fake-native-hash', version: '3.1.4', gypfile: true, main: 'index.js' }),
    'node_modules/fake-native-hash/index.js': 'module.exports = { hash: (s) => `native:${s}` };\n',
    // Inlined into the bundle; requires the native package (external) and an optional one that is not installed.
    'node_modules/hash-wrapper/package.json': JSON.stringify({ name: 'hash-wrapper', version: '1.0.0', main: 'index.js' }),
    'node_modules/hash-wrapper/index.js': [
      'let fast; try { fast = require("bufferutil"); } catch {}',
      'const native = require("fake-native-hash");',
      'module.exports = { hash: (s) => (fast ? "fast:" : "") + native.hash(s) };',
      '',
    ].join('\n'),
  });
  return dir;
}

describe('bareImportsOf', () => {
  it('finds ES imports, dynamic imports and require-shim calls of packages; not built-ins, relative paths or other strings', () => {
    const code = [
      "import { createRequire as r } from 'node:module';",
      'import a from"alpha";import"beta/side-effect";',
      'const g = await import("@scope/gamma/sub/path.js");',
      'var n=(x=>x)(function(r){throw Error(\'Dynamic require of "\'+r+\'" is not supported\')});',
      'var d=n("delta"),fs=n("fs"),p=n("node:path"),local=n("./local.js");',
      'console.log("not a package, just text");',
    ].join('\n');
    expect(bareImportsOf(code).sort()).toEqual(['@scope/gamma', 'alpha', 'beta', 'delta']);
  });

  it('keeps only the packages the project has installed, with their installed version', () => {
    const dir = makeTempDir('neosl-knative-installed-');
    writeFiles(dir, {
      'node_modules/alpha/package.json': JSON.stringify({ name: 'alpha', version: '2.0.1' }),
      'node_modules/@scope/gamma/package.json': JSON.stringify({ name: '@scope/gamma', version: '0.3.0' }),
    });
    const project = join(dir, 'project');
    mkdirSync(project);
    // Found from the project folder upward, as Node finds them (a monorepo's hoisted node_modules).
    expect(externalPackages(['import a from"alpha";import("@scope/gamma/x");n("bufferutil")', 'import a from"alpha"'], project)).toEqual([
      { name: '@scope/gamma', version: '0.3.0' },
      { name: 'alpha', version: '2.0.1' },
    ]);
  });
});

describe('the image context of a project with a native package', () => {
  it('package.json installs the native package at the version the project has, besides neosl; the optional one not installed is left out', async () => {
    const project = nativeProject();
    const built = await spawnNeosl(['build'], { cwd: project });
    expect(built.exitCode, built.stderr).toBe(0);
    // The bundler left the native package external and inlined the wrapper.
    const bundle = readFileSync(join(project, 'dist/hash/index.mjs'), 'utf8');
    expect(bundle).toContain('"fake-native-hash"');
    expect(bundle).not.toContain('"hash-wrapper"');

    const loaded = await loadConfig({ cwd: project, env: {} });
    const outdir = join(makeTempDir('neosl-knative-out-'), 'image');
    const context = writeImageContext({ projectDir: project, loaded, outdir });
    const manifest = JSON.parse(readFileSync(join(outdir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; allowScripts: Record<string, boolean> };
    expect(manifest.dependencies).toEqual({ neosl: `file:vendor/neosl-${context.neoslVersion}.tgz`, 'fake-native-hash': '3.1.4' });
    // A native addon builds or downloads its binary when installed: npm 11 must be allowed to run that.
    expect(manifest.allowScripts['fake-native-hash']).toBe(true);
    // The project's node_modules is not copied: the image installs the package itself.
    expect(context.files.some((file) => file.includes('node_modules'))).toBe(false);
  });
});
