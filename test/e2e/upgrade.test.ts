// `neosl upgrade`: a project made by an older neosl (not from the registry) moves to this one: the old
// tarball in vendor/ is replaced, package.json and the lockfile follow, and the project still installs
// from scratch with `npm ci`.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localPrebuildEnv } from '../helpers/native-prebuilds.js';
import { projectEnv } from '../helpers/project-env.js';
import { runShell } from '../helpers/shell.js';
import { neoslBin, repoRoot } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs, 120_000);

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const env = projectEnv(localPrebuildEnv(makeTempDir('neosl-prebuilds-')));
const sh = (word: string) => `'${word}'`;

/** This checkout's package as an older neosl, 0.0.1-old, runnable from its own folder. */
function olderNeosl(): string {
  const root = join(makeTempDir('neosl-older-'), 'neosl');
  mkdirSync(root);
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[]; version: string };
  for (const entry of manifest.files) cpSync(join(repoRoot, entry), join(root, entry), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ ...manifest, version: '0.0.1-old' }, null, 2));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** This checkout's package as npm installs it from the registry: in node_modules, its hidden lockfile saying so. */
function registryNeosl(): string {
  const tool = makeTempDir('neosl-registry-');
  const root = join(tool, 'node_modules', 'neosl');
  mkdirSync(root, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of [...manifest.files, 'package.json']) cpSync(join(repoRoot, entry), join(root, entry), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  const resolved = `https://registry.npmjs.org/neosl/-/neosl-${version}.tgz`;
  writeFileSync(join(tool, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/neosl': { version, resolved } } }));
  return root;
}

describe('neosl upgrade', () => {
  it('replaces the vendored tarball with this neosl, updates package.json and the lockfile, and the project still installs', async () => {
    const older = olderNeosl();
    const parent = makeTempDir();
    const made = await runShell(`node ${sh(join(older, 'bin/neosl.js'))} init app --template hello`, parent, env);
    expect(made.code, made.output.slice(-3000)).toBe(0);
    const app = join(parent, 'app');
    expect(readdirSync(join(app, 'vendor'))).toEqual(['neosl-0.0.1-old.tgz']);

    const upgraded = await runShell(`node ${sh(neoslBin)} upgrade`, app, env);
    expect(upgraded.code, upgraded.output.slice(-3000)).toBe(0);
    expect(upgraded.stdout).toContain(`neosl 0.0.1-old → ${version} (vendor/neosl-${version}.tgz, packed from `);
    expect(upgraded.output).toContain('removed vendor/neosl-0.0.1-old.tgz');
    expect(readdirSync(join(app, 'vendor'))).toEqual([`neosl-${version}.tgz`]);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies.neosl).toBe(`file:vendor/neosl-${version}.tgz`);
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; resolved: string }> };
    expect(lock.packages['node_modules/neosl']).toMatchObject({ version, resolved: `file:vendor/neosl-${version}.tgz` });

    // From scratch, as a teammate or CI would.
    rmSync(join(app, 'node_modules'), { recursive: true, force: true });
    const ci = await runShell('npm ci && npx neosl --version && npm test', app, env);
    expect(ci.code, ci.output.slice(-3000)).toBe(0);
    expect(ci.stdout).toContain(version);
  }, 600_000);

  it('with --no-install --json: reports both versions and leaves installing to the user', async () => {
    const older = olderNeosl();
    const parent = makeTempDir();
    expect((await runShell(`node ${sh(join(older, 'bin/neosl.js'))} init app --no-install`, parent, env)).code).toBe(0);
    const app = join(parent, 'app');
    const result = await runShell(`node ${sh(neoslBin)} --cwd app upgrade --no-install --json`, parent, env);
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      dir: app,
      from: { version: '0.0.1-old', spec: 'file:vendor/neosl-0.0.1-old.tgz' },
      to: { version, spec: `file:vendor/neosl-${version}.tgz` },
      source: 'vendored',
      tarball: `vendor/neosl-${version}.tgz`,
      removed: ['vendor/neosl-0.0.1-old.tgz'],
      installed: false,
    });
    expect(existsSync(join(app, 'node_modules'))).toBe(false);
  }, 120_000);

  it('from the registry: init depends on ^version with no vendor/, and upgrade moves a vendored project there', async () => {
    const fromRegistry = join(registryNeosl(), 'bin/neosl.js');
    const parent = makeTempDir();
    const made = await runShell(`node ${sh(fromRegistry)} init fresh --no-install --json`, parent, env);
    expect(made.code, made.output).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ neosl: { version, spec: `^${version}`, source: 'registry' } });
    expect(existsSync(join(parent, 'fresh', 'vendor'))).toBe(false);
    expect(readFileSync(join(parent, 'fresh', 'README.md'), 'utf8')).not.toContain('vendor/');

    expect((await runShell(`node ${sh(join(olderNeosl(), 'bin/neosl.js'))} init app --no-install`, parent, env)).code).toBe(0);
    const upgraded = await runShell(`node ${sh(fromRegistry)} upgrade --no-install`, join(parent, 'app'), env);
    expect(upgraded.code, upgraded.output).toBe(0);
    expect(upgraded.stdout).toContain(`neosl 0.0.1-old → ${version} (from the npm registry)`);
    expect((JSON.parse(readFileSync(join(parent, 'app', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.neosl).toBe(`^${version}`);
    expect(existsSync(join(parent, 'app', 'vendor'))).toBe(false);
  }, 120_000);

  it('outside a project, and in a project that does not depend on neosl, says what to do', async () => {
    const empty = makeTempDir();
    const outside = await runShell(`node ${sh(neoslBin)} upgrade`, empty, env);
    expect(outside.code).toBe(1);
    expect(outside.output).toContain(`no neosl project in ${empty} or any folder above it (no neosl.yaml)`);
    expect(outside.output).toContain('Run "neosl upgrade" inside a project made by "neosl init", or pass --cwd <project>.');

    writeFileSync(join(empty, 'neosl.yaml'), 'name: x\nfunctions: {}\n');
    writeFileSync(join(empty, 'package.json'), '{"name":"x","devDependencies":{}}\n');
    const notDepending = await runShell(`node ${sh(neoslBin)} upgrade --json`, empty, env);
    expect(notDepending.code).toBe(1);
    expect(JSON.parse(notDepending.stdout)).toMatchObject({ error: { code: 'NEOSL_NOT_A_DEPENDENCY', hint: expect.stringContaining('npm install --save-dev neosl') } });
    expect(readdirSync(empty).sort()).toEqual(['neosl.yaml', 'package.json']);
  }, 60_000);
});
