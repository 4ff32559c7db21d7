// Paths as a person wants to read them: relative when under the current folder, absolute otherwise.
import { isAbsolute, relative } from 'node:path';

export function displayPath(file: string, from: string = process.cwd()): string {
  const shown = relative(from, file);
  if (shown === '') return '.';
  return !shown.startsWith('..') && !isAbsolute(shown) ? shown : file;
}
