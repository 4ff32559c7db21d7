// Which packages a built bundle imports at run time: the ones the bundler left external (native addons,
// src/bundler/native-externals-plugin.ts). dist/manifest.json does not record them, so they are read
// from the bundle itself: esbuild leaves them as `import … from "pkg"` / `import("pkg")` (ES modules) or
// as a call of its require shim with the name as its only argument (`n("pkg")`, CommonJS). Everything
// else is inlined, so a bare specifier in such a call is an external; kept are those the project has
// installed (their version is the one the functions ran with in `neosl dev`). A name that is not
// installed (ws's optional `bufferutil`, tried in a try/catch) is left out: the bundle did without it
// on this machine too.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isBuiltin } from '../bundler/builtin-modules.js';
import { packageNameOf } from '../bundler/native-externals-plugin.js';

export interface ExternalPackage {
  name: string;
  /** The installed version (package.json `version`). */
  version: string;
}

/** `from"x"`, `import"x"`, `import("x")`, `require("x")`/`n("x")`: the specifier of each. */
const IMPORT_LIKE = /(?:\bfrom\s*|\bimport\s*\(?\s*|[\w$]\s*\(\s*)(["'])((?:@[\w.-]+\/)?[\w.-][^"'\s]*)\1\s*\)?/g;
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/** The bare package names a bundle's code imports or requires (built-ins and relative paths excluded). */
export function bareImportsOf(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(IMPORT_LIKE)) {
    const specifier = match[2]!;
    if (specifier.startsWith('node:') || isBuiltin(specifier)) continue;
    const name = packageNameOf(specifier);
    if (PACKAGE_NAME.test(name)) names.add(name);
  }
  return [...names];
}

/** Node's lookup of an installed package from `fromDir`: its package.json, or undefined. */
function installedManifest(name: string, fromDir: string): { version?: unknown } | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The packages the bundles left external that the project has installed, sorted by name. */
export function externalPackages(bundleCodes: readonly string[], projectDir: string): ExternalPackage[] {
  const found = new Map<string, ExternalPackage>();
  for (const code of bundleCodes) {
    for (const name of bareImportsOf(code)) {
      if (found.has(name)) continue;
      const version = installedManifest(name, projectDir)?.version;
      if (typeof version === 'string' && version !== '') found.set(name, { name, version });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
