// Facts about the running neosl package itself: where it is and which version it is. The CLI runs
// from a bundle whose chunks may sit at any depth under dist/, so the root is found, not assumed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(startDir: string): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`neosl's package.json not found above ${startDir}`);
  }
}

/** The neosl package root (the folder holding package.json, bin/, dist/, templates/). */
export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

let cachedVersion: string | undefined;

export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
