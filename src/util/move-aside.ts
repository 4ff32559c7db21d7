// A state file that cannot be read is renamed beside itself, never overwritten or deleted: the user
// keeps what it held (to inspect or repair), and the emulator starts without it.
import { existsSync, renameSync } from 'node:fs';

/** Renames `file` to `<file>.unreadable-<ms>` (a free name) and returns that path. */
export function moveAside(file: string, now: number = Date.now()): string {
  let aside = `${file}.unreadable-${now}`;
  // Two files of one state moved in the same millisecond keep their own names; a rename would replace.
  for (let n = 1; existsSync(aside); n++) aside = `${file}.unreadable-${now}-${n}`;
  renameSync(file, aside);
  return aside;
}
