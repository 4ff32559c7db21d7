// The files `npm pack` puts in the neosl package, found without npm: package.json, the readme and
// licence files, `main`, `bin`, and the folders and files listed in `files`, less npm's default
// ignores. neosl's own layout needs nothing more; a layout this does not model (no `files`, a glob in
// it, an .npmignore inside a listed folder) is refused rather than packed differently from npm
// (test/scaffold/pack-neosl.test.ts compares the list with `npm pack --dry-run`).
import { lstatSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

export interface PackageManifest {
  files?: unknown;
  main?: unknown;
  bin?: unknown;
}

const alwaysIncluded = /^(readme|copying|license|licence)(\..*[^~$])?$/i;
const ignoredNames = new Set(['.npmignore', '.gitignore', '.git', '.svn', '.hg', 'CVS', 'npm-debug.log', '.npmrc', '.DS_Store']);
const ignoredPatterns = [/^\._/, /^\..*\.swp$/, /\.orig$/, /\*/];

function ignored(name: string): boolean {
  return ignoredNames.has(name) || ignoredPatterns.some((pattern) => pattern.test(name));
}

function walk(root: string, relativeDir: string, found: Set<string>): void {
  const names = readdirSync(join(root, relativeDir));
  const ignoreFile = names.find((name) => name === '.npmignore' || name === '.gitignore');
  if (ignoreFile) throw new Error(`cannot pack ${join(root, relativeDir, ignoreFile)}: ignore files inside "files" folders are not supported`);
  for (const name of names) {
    if (ignored(name)) continue;
    const path = relativeDir === '' ? name : `${relativeDir}/${name}`;
    const stats = lstatSync(join(root, path));
    if (stats.isDirectory()) walk(root, path, found);
    else if (stats.isFile()) found.add(path);
  }
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** npm's order, which helps compression: by extension, then file name, then path. */
function npmOrder(a: string, b: string): number {
  return (
    extname(a).toLowerCase().localeCompare(extname(b).toLowerCase(), 'en') ||
    basename(a).toLowerCase().localeCompare(basename(b).toLowerCase(), 'en') ||
    a.localeCompare(b, 'en')
  );
}

/** The package's files, relative with forward slashes, in npm's order. */
export function packageFiles(root: string, manifest: PackageManifest): string[] {
  const { files } = manifest;
  if (!Array.isArray(files) || !files.every((entry): entry is string => typeof entry === 'string' && !/[*?[\]{}!]/.test(entry))) {
    throw new Error(`cannot pack ${root}: its package.json needs a "files" list of plain paths`);
  }
  const found = new Set<string>(['package.json']);
  for (const name of readdirSync(root)) if (alwaysIncluded.test(name) && isFile(join(root, name))) found.add(name);
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values((manifest.bin ?? {}) as Record<string, unknown>);
  for (const file of [manifest.main, ...bins]) {
    if (typeof file === 'string' && isFile(join(root, file))) found.add(file.replace(/^\.\//, ''));
  }
  for (const entry of files.map((file) => file.replace(/^\.?\/+|\/+$/g, ''))) {
    let stats;
    try {
      stats = lstatSync(join(root, entry));
    } catch {
      continue; // npm skips a listed path that does not exist
    }
    if (stats.isFile()) found.add(entry);
    else if (stats.isDirectory()) walk(root, entry, found);
  }
  return [...found].sort(npmOrder);
}
