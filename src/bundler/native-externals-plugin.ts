// Native addons cannot be bundled: their JavaScript finds a compiled `.node` file next to itself at
// run time. Such packages stay external (imported from node_modules by the bundle); the host that
// runs the function provides them. Known ones are listed; others are recognised by their package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';
import { isBuiltin } from './builtin-modules.js';

/** Native packages that are always external, found or not. */
export const KNOWN_NATIVE_PACKAGES: readonly string[] = [
  'better-sqlite3',
  'bufferutil',
  'utf-8-validate',
  'sqlite3',
  'sharp',
  'canvas',
  'bcrypt',
  'argon2',
  'cpu-features',
  'fsevents',
];

/** Dependencies that only a package with a compiled addon has. */
const ADDON_LOADERS = ['bindings', 'node-gyp-build', 'prebuild-install', 'node-pre-gyp', '@mapbox/node-pre-gyp', 'node-addon-api'];

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface PackageJson {
  gypfile?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function isNativePackageDir(packageDir: string): boolean {
  if (existsSync(join(packageDir, 'binding.gyp'))) return true;
  let manifest: PackageJson;
  try {
    manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return false;
  }
  if (manifest.gypfile === true) return true;
  const dependencies = { ...manifest.dependencies, ...manifest.optionalDependencies };
  return ADDON_LOADERS.some((loader) => loader in dependencies);
}

/** Node's lookup: node_modules/<name> in the importer's folder and every folder above it. */
function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function nativeExternalsPlugin(): Plugin {
  // Per builder (so per incremental context): a package folder's nature does not change while it
  // exists. Misses are not cached: `npm install` during `neosl dev` must be seen.
  const nativeByDir = new Map<string, boolean>();
  const known = new Set(KNOWN_NATIVE_PACKAGES);
  return {
    name: 'neosl-native-externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || isBuiltin(args.path) || args.namespace !== 'file') return undefined;
        const name = packageNameOf(args.path);
        if (known.has(name)) return { path: args.path, external: true };
        const packageDir = args.resolveDir ? findPackageDir(name, args.resolveDir) : undefined;
        if (packageDir === undefined) return undefined;
        let native = nativeByDir.get(packageDir);
        if (native === undefined) {
          native = isNativePackageDir(packageDir);
          nativeByDir.set(packageDir, native);
        }
        return native ? { path: args.path, external: true } : undefined;
      });
    },
  };
}
