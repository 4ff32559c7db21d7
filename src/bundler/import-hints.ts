// Hints for an import esbuild could not resolve: the file that was probably meant, the Node
// built-in a name misspells, or the npm package to install.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { closestMatch } from '../util/suggest.js';
import { displayPath } from '../util/display-path.js';
import { closestBuiltin } from './builtin-modules.js';
import { packageNameOf } from './native-externals-plugin.js';

const MODULE_EXTENSION = /\.(?:[mc]?[jt]sx?|json)$/;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Importable names in a folder: source files without their extension, and sub-folders. */
function importableStems(folder: string): { stem: string; name: string; isFolder: boolean }[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules' && !entry.name.endsWith('.d.ts'))
    .filter((entry) => entry.isDirectory() || MODULE_EXTENSION.test(entry.name))
    .map((entry) => ({
      stem: entry.isDirectory() ? entry.name : entry.name.replace(MODULE_EXTENSION, ''),
      name: entry.name,
      isFolder: entry.isDirectory(),
    }));
}

/** For `./utls.js` imported from functions/a/index.ts: `did you mean "./util.js"?` when util.ts is there. */
export function relativeImportHint(specifier: string, importerDir: string, cwd: string = process.cwd()): string {
  const target = resolve(importerDir, specifier);
  const folder = dirname(target);
  if (!isFolder(folder)) return `there is no folder ${displayPath(folder, cwd)}`;
  const wanted = basename(target);
  const extension = MODULE_EXTENSION.exec(wanted)?.[0] ?? '';
  const wantedStem = extension ? wanted.slice(0, -extension.length) : wanted;
  const prefix = specifier.slice(0, specifier.length - wanted.length);
  const candidates = importableStems(folder);
  if (candidates.some((candidate) => candidate.stem === wantedStem)) {
    // The right name with an extension that does not resolve (e.g. ".mjs" for a ".ts" file).
    return `did you mean "${prefix}${wantedStem}"? (the folder holds ${candidates.filter((c) => c.stem === wantedStem).map((c) => `"${c.name}"`).join(', ')})`;
  }
  const match = closestMatch(wantedStem, candidates.map((candidate) => candidate.stem));
  if (match !== undefined) {
    const isDir = candidates.some((candidate) => candidate.stem === match && candidate.isFolder);
    return `did you mean "${prefix}${match}${isDir ? '' : extension}"?`;
  }
  const listed = candidates.slice(0, 5).map((candidate) => `"${candidate.name}"`);
  return listed.length === 0
    ? `${displayPath(folder, cwd)} holds no modules`
    : `${displayPath(folder, cwd)} holds ${listed.join(', ')}${candidates.length > 5 ? ', …' : ''}`;
}

/** For a bare name: a misspelled built-in (`fss` → `node:fs`), else the package to install. */
export function packageImportHint(specifier: string): string {
  const name = packageNameOf(specifier);
  const install = `run "npm install ${name}"`;
  const builtin = specifier.startsWith('@') ? undefined : (closestBuiltin(specifier) ?? closestBuiltin(name));
  if (builtin !== undefined) {
    return `did you mean the Node built-in "node:${builtin}"? Import built-ins by their "node:" name. If "${name}" is an npm package, ${install}.`;
  }
  return `"${name}" is not installed: ${install}`;
}

/** The hint for `Could not resolve "<specifier>"` in `importerFile` (absolute), or undefined. */
export function unresolvedImportHint(specifier: string, importerFile: string | undefined, cwd?: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    return importerFile === undefined ? undefined : relativeImportHint(specifier, dirname(importerFile), cwd);
  }
  return packageImportHint(specifier);
}
