// Writing planned files to a folder, and the check that keeps init from clobbering one.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlannedFile } from './plan-files.js';

/** Entries that do not make a folder "not empty" (a fresh `git init` leaves .git). */
const ignorableEntries = new Set(['.git', '.DS_Store', 'Thumbs.db']);

/** The entries that make dir non-empty; [] when it is missing or empty. Throws when dir is a file. */
export function blockingEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is a file`);
  return readdirSync(dir).filter((entry) => !ignorableEntries.has(entry));
}

/** Writes each file through a temporary name and a rename, so no half-written file is left. */
export function writePlannedFiles(root: string, files: PlannedFile[]): void {
  for (const file of files) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.neosl-tmp-${process.pid}`;
    writeFileSync(temporary, file.content);
    renameSync(temporary, target);
  }
}
