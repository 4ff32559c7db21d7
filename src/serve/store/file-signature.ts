// Whether a store file changed since it was last read (another process wrote it): its inode, size and
// change times, from one stat. Every store write renames a new file into place, so the inode changes too.
import { statSync } from 'node:fs';

/** A string that changes whenever `file` is replaced or written; undefined when there is no such file. */
export function fileSignature(file: string): string | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}
