// A lock file for read-modify-write of a store file that two processes may change at once (tokens.json:
// `neosl serve` records a token's last use while `neosl serve token create` adds one).
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { displayPath } from '../../util/display-path.js';

/** A lock older than this was left by a process that died holding it. */
const STALE_AFTER_MS = 10_000;
const WAIT_MS = 5_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

function tryLock(lockFile: string): boolean {
  try {
    const fd = openSync(lockFile, 'wx', 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stat = statSync(lockFile, { throwIfNoEntry: false });
    if (stat !== undefined && Date.now() - stat.mtimeMs > STALE_AFTER_MS) rmSync(lockFile, { force: true });
    return false;
  }
}

/** Runs `change` holding `<file>.lock`, waiting (up to 5 s) while another process holds it. */
export function withFileLock<T>(file: string, change: () => T): T {
  const lockFile = `${file}.lock`;
  const deadline = Date.now() + WAIT_MS;
  while (!tryLock(lockFile)) {
    if (Date.now() > deadline) {
      throw new UserError(`${displayPath(file)} is locked by another neosl process (${displayPath(lockFile)})`, {
        code: 'STORE_BUSY',
        hint: `try again; if no other neosl process uses this store, delete ${displayPath(lockFile)}`,
      });
    }
    Atomics.wait(pause, 0, 0, 10);
  }
  return holding(lockFile, change);
}

/** Runs `change` holding `<file>.lock`, or returns undefined at once when another process holds it: for writes that may be skipped. */
export function tryWithFileLock<T>(file: string, change: () => T): T | undefined {
  const lockFile = `${file}.lock`;
  return tryLock(lockFile) ? holding(lockFile, change) : undefined;
}

function holding<T>(lockFile: string, change: () => T): T {
  try {
    return change();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
