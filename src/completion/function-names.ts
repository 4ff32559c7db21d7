// The function names of the nearest neosl.yaml, for completing <function> arguments while the user
// types: read from the YAML alone, without validating it, so they complete in a half-edited file too.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, parseDocument } from 'yaml';
import { findConfigFile } from '../config/find.js';

/** The keys under `functions:`, in file order; none when there is no readable neosl.yaml. */
export function functionNames(cwd: string): string[] {
  const file = findConfigFile(cwd);
  if (file === undefined) return [];
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const functions = parseDocument(source).get('functions');
  if (!isMap(functions)) return [];
  return functions.items.flatMap((pair) => (isScalar(pair.key) && typeof pair.key.value === 'string' ? [pair.key.value] : []));
}
