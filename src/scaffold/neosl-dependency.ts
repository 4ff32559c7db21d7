// A project's dependency on neosl, as `neosl upgrade` reads and rewrites it: the spec in package.json
// (keeping the file's key order and indentation), the version it stands for, the allowScripts that
// let neosl's dependencies build, and the lockfile entries that would pin the old neosl.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { allowedInstallScripts } from './package-json.js';
import { vendorFolder } from './pack-neosl.js';

type Manifest = Record<string, unknown> & { allowScripts?: Record<string, boolean> };

export interface NeoslDependency {
  /** The project's package.json. */
  file: string;
  section: 'devDependencies' | 'dependencies';
  spec: string;
  /** The version installed in node_modules, else the one the spec names; undefined when neither tells. */
  version: string | undefined;
}

function readJsonFile(file: string): { value: Manifest; indent: string; newline: boolean } {
  const text = readFileSync(file, 'utf8');
  return { value: JSON.parse(text) as Manifest, indent: /^([ \t]+)"/m.exec(text)?.[1] ?? '  ', newline: text.endsWith('\n') };
}

function writeJsonFile(file: string, value: unknown, indent: string, newline: boolean): void {
  writeFileSync(file, `${JSON.stringify(value, null, indent)}${newline ? '\n' : ''}`);
}

function versionIn(packageJson: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** The version a neosl spec names: file:vendor/neosl-1.2.3.tgz, ^1.2.3, or a folder's package.json. */
export function versionOfSpec(spec: string, projectDir: string): string | undefined {
  const tarball = /(?:^|[/\\])neosl-(\d[^/\\]*)\.tgz$/.exec(spec);
  if (tarball) return tarball[1];
  const range = /^[\^~=v]*(\d+\.\d+\.\d+[^\s]*)$/.exec(spec);
  if (range) return range[1];
  if (spec.startsWith('file:')) return versionIn(join(resolve(projectDir, spec.slice(5)), 'package.json'));
  return undefined;
}

export function readNeoslDependency(projectDir: string): NeoslDependency {
  const file = join(projectDir, 'package.json');
  if (!existsSync(file)) {
    throw new UserError(`${file} does not exist`, {
      code: 'NO_PACKAGE_JSON',
      hint: 'neosl upgrade updates the neosl dependency of a project made by "neosl init"; create one with "neosl init", or pass --cwd <project>.',
    });
  }
  let manifest: Manifest;
  try {
    manifest = readJsonFile(file).value;
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, { code: 'INVALID_PACKAGE_JSON', hint: 'Fix the file, then run neosl upgrade again.' });
  }
  for (const section of ['devDependencies', 'dependencies'] as const) {
    const spec = (manifest[section] as Record<string, unknown> | undefined)?.neosl;
    if (typeof spec === 'string') {
      const version = versionIn(join(projectDir, 'node_modules', 'neosl', 'package.json')) ?? versionOfSpec(spec, projectDir);
      return { file, section, spec, version };
    }
  }
  throw new UserError(`${file} does not depend on neosl`, {
    code: 'NEOSL_NOT_A_DEPENDENCY',
    hint: 'Add it with "npm install --save-dev neosl" (from the registry), or start from a project made by "neosl init".',
  });
}

/**
 * Writes the new spec, and an allowScripts that lets neosl's dependencies build (entries the user
 * set are kept), without the entry older neosl versions wrote to deny a checkout folder's build.
 */
export function writeNeoslSpec(projectDir: string, dependency: NeoslDependency, spec: string): void {
  const { value: manifest, indent, newline } = readJsonFile(dependency.file);
  (manifest[dependency.section] as Record<string, string>).neosl = spec;
  const allowScripts = { ...(manifest.allowScripts ?? {}) };
  if (dependency.spec.startsWith('file:') && !dependency.spec.endsWith('.tgz')) {
    const oldFolder = resolve(projectDir, dependency.spec.slice(5));
    for (const key of Object.keys(allowScripts)) {
      if (key.startsWith('file:') && resolve(projectDir, key.slice(5)) === oldFolder) delete allowScripts[key];
    }
  }
  for (const [name, allowed] of Object.entries(allowedInstallScripts)) if (!(name in allowScripts)) allowScripts[name] = allowed;
  manifest.allowScripts = allowScripts;
  writeJsonFile(dependency.file, manifest, indent, newline);
}

/**
 * Drops neosl from the project's lockfiles, so that npm reads the new spec afresh: a tarball
 * re-packed under the same name would otherwise keep the old integrity, and npm would install the
 * old copy from its cache. Returns the lockfiles changed.
 */
export function forgetLockedNeosl(projectDir: string): string[] {
  const changed: string[] = [];
  for (const file of [join(projectDir, 'package-lock.json'), join(projectDir, 'npm-shrinkwrap.json'), join(projectDir, 'node_modules', '.package-lock.json')]) {
    if (!existsSync(file)) continue;
    let lock: ReturnType<typeof readJsonFile>;
    try {
      lock = readJsonFile(file);
    } catch {
      continue; // npm rewrites a lockfile it cannot read
    }
    const packages = lock.value.packages as Record<string, unknown> | undefined;
    const dependencies = lock.value.dependencies as Record<string, unknown> | undefined;
    if (!packages?.['node_modules/neosl'] && !dependencies?.neosl) continue;
    if (packages) delete packages['node_modules/neosl'];
    if (dependencies) delete dependencies.neosl;
    writeJsonFile(file, lock.value, lock.indent, lock.newline);
    changed.push(file);
  }
  return changed;
}

/** Removes the tarball an old spec installed from vendor/ (and vendor/ when that empties it), unless it is the new one. Returns it when removed. */
export function removeOldTarball(projectDir: string, oldSpec: string, newSpec: string): string | undefined {
  if (!oldSpec.startsWith('file:') || !oldSpec.endsWith('.tgz') || oldSpec === newSpec) return undefined;
  const file = resolve(projectDir, oldSpec.slice(5));
  const inVendor = relative(join(projectDir, vendorFolder), file);
  if (inVendor.startsWith('..') || isAbsolute(inVendor) || inVendor.includes(sep) || !existsSync(file)) return undefined;
  rmSync(file);
  const vendorDir = join(projectDir, vendorFolder);
  if (readdirSync(vendorDir).length === 0) rmSync(vendorDir, { recursive: true });
  return file;
}
