// Facts about the running neosl package itself: where it is and which version it is.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The neosl package root (the folder holding package.json, bin/, dist/, templates/). */
export const packageRoot: string = fileURLToPath(new URL('../', import.meta.url));

let cachedVersion: string | undefined;

export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
