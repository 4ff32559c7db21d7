// Packing the running neosl into a project (vendor/<name>-<version>.tgz), so that the project
// depends on a file inside itself and installs anywhere: on a teammate's machine, in CI, with `npm ci`
// from its lockfile. The tarball holds what `npm pack` would put in it (package-files.ts), written
// directly (tarball.ts): `npm pack` takes seconds for neosl's ~900 files, this a few hundred ms, and
// nothing is cached outside the project. Its package.json has no `prepare` (neosl's own build, which
// needs its sources: npm would list it as an install script of the tarball dependency to approve,
// though it never runs it for a tarball), so no script of the checkout runs, then or later.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-info.js';
import { packageFiles, type PackageManifest } from './package-files.js';
import { gzippedTar, type TarEntry } from './tarball.js';

/** The project folder that holds packed packages; committed with the project. */
export const vendorFolder = 'vendor';

export interface PackedPackage {
  /** Relative to the project, forward slashes: vendor/neosl-0.1.0.tgz. */
  file: string;
  /** The package.json spec that installs it: file:vendor/neosl-0.1.0.tgz. */
  spec: string;
  version: string;
  bytes: number;
  milliseconds: number;
}

type Manifest = PackageManifest & { name: string; version: string; scripts?: Record<string, string> };

/** npm's tarball name: @scope/name@1.0.0 → scope-name-1.0.0.tgz. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** The package's files as tar entries, its package.json without the `prepare` script. */
function packageEntries(root: string, manifest: Manifest): TarEntry[] {
  const published = structuredClone(manifest);
  if (published.scripts) {
    delete published.scripts.prepare;
    if (Object.keys(published.scripts).length === 0) delete published.scripts;
  }
  return packageFiles(root, manifest).map((path) => {
    if (path === 'package.json') return { path, content: Buffer.from(`${JSON.stringify(published, null, 2)}\n`), executable: false };
    const file = join(root, path);
    return { path, content: readFileSync(file), executable: (statSync(file).mode & 0o111) !== 0 };
  });
}

/**
 * Packs the package at `root` (default: the running neosl) into <projectDir>/vendor and returns the
 * tarball. A tarball of the same name is replaced (atomically).
 */
export function packIntoProject(projectDir: string, root: string = packageRoot): PackedPackage {
  const started = performance.now();
  let manifest: Manifest;
  let tarball: Buffer;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
    tarball = gzippedTar(packageEntries(root, manifest));
  } catch (error) {
    throw new UserError(`could not pack neosl from ${root}: ${(error as Error).message}`, {
      code: 'PACK_FAILED',
      hint: 'neosl packs itself into the project so that the project installs anywhere. Reinstall neosl (or run "npm run build" in its checkout), then try again.',
      cause: error,
    });
  }
  const name = tarballName(manifest.name, manifest.version);
  const vendorDir = join(projectDir, vendorFolder);
  mkdirSync(vendorDir, { recursive: true });
  const target = join(vendorDir, name);
  const temporary = `${target}.neosl-tmp-${process.pid}`;
  writeFileSync(temporary, tarball);
  renameSync(temporary, target);
  return {
    file: `${vendorFolder}/${name}`,
    spec: `file:${vendorFolder}/${name}`,
    version: manifest.version,
    bytes: tarball.length,
    milliseconds: Math.round(performance.now() - started),
  };
}
