// Reading the store's JSON files: a file that is not JSON, or not the shape it should be, is refused
// with an error naming it and what is wrong; the store never overwrites what it could not read.
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { displayPath } from '../../util/display-path.js';
import { jsonErrorOffset } from '../../util/json-error-offset.js';

/** STORE_CORRUPT: `file` cannot be used as it is; nothing in the store was changed. */
export function storeCorrupt(file: string, problem: string): UserError {
  return new UserError(`the host store file ${displayPath(file)} is unusable: ${problem}`, {
    code: 'STORE_CORRUPT',
    hint: 'neosl changed nothing in the store: repair the file or restore it from a backup (neosl never overwrites a file it cannot read)',
  });
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** The parsed content of `file`; undefined when there is no such file. */
export function readStoreJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const offset = jsonErrorOffset(text);
    const where = text.trim() === '' ? 'it is empty' : offset === undefined ? 'it is not JSON' : `it is not JSON (at ${lineAndColumn(text, offset)})`;
    throw storeCorrupt(file, where);
  }
}

/** A shape check's complaint: what is wrong, said of the value at `path` (e.g. `functions.hello.sha256`). */
export class ShapeProblem extends Error {}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Throws a ShapeProblem saying that `path` should be `wanted` and is `value`. */
export function wrongShape(path: string, wanted: string, value: unknown): never {
  throw new ShapeProblem(value === undefined ? `${path} is missing (${wanted})` : `${path} should be ${wanted}, not ${describeValue(value)}`);
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Runs a shape check on what `file` holds; a ShapeProblem becomes STORE_CORRUPT naming the file. */
export function checkShape<T>(file: string, value: unknown, check: (value: unknown) => T): T {
  try {
    return check(value);
  } catch (error) {
    if (error instanceof ShapeProblem) throw storeCorrupt(file, error.message);
    throw error;
  }
}
