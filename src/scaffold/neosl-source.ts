// Where the running neosl came from. It decides what a generated project depends on: a registry
// range when npm (or pnpm) installed this neosl from a registry, else a copy of it packed into the
// project (vendor/), which installs anywhere.
//
// Only positive evidence means "the registry": a lockfile entry (node_modules/.package-lock.json,
// package-lock.json or npm-shrinkwrap.json of the folder that installed it) that resolved this very
// version from a registry tarball URL, or with omit-lockfile-registry-resolved a plain version with
// no source; or pnpm's store folder name@version. A checkout, `npm link`, a project that itself
// installed neosl from a vendored tarball (npx neosl there), a tarball or a global install (npm
// writes no lockfile for those) all pack: wrongly packing costs a file, wrongly trusting the
// registry makes a project that does not install.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { packageRoot } from '../package-info.js';

export type NeoslSource =
  | { kind: 'registry'; name: string; version: string; /** the lockfile (or folder) that says so */ evidence: string }
  | { kind: 'local'; name: string; version: string; /** the real package folder */ root: string; /** why it is not the registry's */ reason: string };

interface LockEntry {
  version?: unknown;
  resolved?: unknown;
  link?: unknown;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function lockEntry(lockfile: string, key: string): LockEntry | undefined {
  if (!existsSync(lockfile)) return undefined;
  const lock = readJson(lockfile) as { packages?: Record<string, LockEntry> } | undefined;
  const entry = lock?.packages?.[key];
  return entry && typeof entry === 'object' ? entry : undefined;
}

/** True when `url` is a registry's tarball URL for name@version: <registry>/<name>/-/<bare name>-<version>.tgz. */
export function isRegistryTarballUrl(url: string, name: string, version: string): boolean {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return false;
  }
  const bare = name.replace(/^@[^/]+\//, '');
  return pathname.endsWith(`/${name}/-/${bare}-${version}.tgz`);
}

/** How a lockfile entry says this package was installed: 'registry', or why not. */
function judgeLockEntry(entry: LockEntry, name: string, version: string): 'registry' | string {
  if (entry.link === true) return 'it is linked into node_modules';
  if (entry.version !== version) return `the lockfile that installed it records version ${String(entry.version)}, not ${version}`;
  if (entry.resolved === undefined || entry.resolved === null) return 'registry';
  if (typeof entry.resolved === 'string' && isRegistryTarballUrl(entry.resolved, name, version)) return 'registry';
  return `it was installed from ${String(entry.resolved)}`;
}

/** pnpm keeps registry packages in node_modules/.pnpm/<name>@<version>[_peers]/node_modules/<name>. */
function pnpmRegistryFolder(parts: string[], name: string, version: string): boolean {
  const store = parts.lastIndexOf('.pnpm');
  if (store < 1 || parts[store - 1] !== 'node_modules') return false;
  const folder = parts[store + 1] ?? '';
  const prefix = `${name.replace('/', '+')}@${version}`;
  return folder === prefix || folder.startsWith(`${prefix}_`);
}

export function detectNeoslSource(root: string = packageRoot): NeoslSource {
  const manifest = readJson(join(root, 'package.json')) as { name?: unknown; version?: unknown } | undefined;
  const name = typeof manifest?.name === 'string' ? manifest.name : 'neosl';
  const version = typeof manifest?.version === 'string' ? manifest.version : '0.0.0';
  const real = realpathSync(root);
  const local = (reason: string): NeoslSource => ({ kind: 'local', name, version, root: real, reason });

  const parts = real.split(sep);
  const boundaries = parts.flatMap((part, index) => (part === 'node_modules' && index > 0 ? [index] : []));
  if (boundaries.length === 0) return local('it runs from a checkout or a link');
  if (pnpmRegistryFolder(parts, name, version)) return { kind: 'registry', name, version, evidence: real };

  for (const boundary of boundaries) {
    const installRoot = parts.slice(0, boundary).join(sep) || sep;
    const key = parts.slice(boundary).join('/');
    for (const lockfile of [join(installRoot, 'node_modules', '.package-lock.json'), join(installRoot, 'package-lock.json'), join(installRoot, 'npm-shrinkwrap.json')]) {
      const entry = lockEntry(lockfile, key);
      if (!entry) continue;
      const verdict = judgeLockEntry(entry, name, version);
      return verdict === 'registry' ? { kind: 'registry', name, version, evidence: lockfile } : local(verdict);
    }
  }
  return local('no lockfile says where it came from (a global install?)');
}

/** The package.json spec of a registry neosl: the running version or a compatible newer one. */
export function registryRange(version: string): string {
  return `^${version}`;
}
