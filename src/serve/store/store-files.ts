// How the host store touches the disk: every write goes to a temporary file in the same folder and is
// renamed (or linked, when it must not replace) into place, so a crash never leaves half a file.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** A name beside `file` that no other writer (process or call) uses; hidden, so listings skip it. */
function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${counter++}-${randomBytes(4).toString('hex')}`);
}

/** Whether a file name is one of the store's temporary files (never a store file). */
export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') && name.includes('.tmp-');
}

function writeTemporary(file: string, content: string | Uint8Array, mode: number): string {
  const temporary = temporaryName(file);
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  return temporary;
}

/** Writes `file` whole or not at all (replacing what was there), created with `mode`. */
export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o644): void {
  const temporary = writeTemporary(file, content, mode);
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `file` whole or not at all, and only if it does not exist yet: returns false (writing
 * nothing) when another writer got there first. A hard link never replaces its target, so two racing
 * writers cannot both win; where the file system has no hard links, an exclusive create does.
 */
export function createFileExclusive(file: string, content: string | Uint8Array, mode = 0o644): boolean {
  const temporary = writeTemporary(file, content, mode);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    return createWithoutLink(file, content, mode);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function createWithoutLink(file: string, content: string | Uint8Array, mode: number): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}
