// A folder name to suggest when the chosen one is taken: the same name with the first free number
// (my-app → my-app-2, my-app-2 → my-app-3), beside it.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function freeFolderBeside(dir: string): string {
  const parent = dirname(dir);
  const match = /^(.*?)-(\d+)$/.exec(basename(dir));
  const stem = match ? match[1]! : basename(dir);
  for (let number = match ? Number(match[2]) + 1 : 2; ; number++) {
    const candidate = join(parent, `${stem}-${number}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/** A folder for a new project inside `parent`: `name` if it is free, else the first free name-N. */
export function freeFolderIn(parent: string, name: string): string {
  const candidate = join(parent, name);
  return existsSync(candidate) ? freeFolderBeside(candidate) : candidate;
}
