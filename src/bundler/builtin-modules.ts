// Node's built-in module names, and the "did you mean" for a name that looks like a misspelled one.
import { builtinModules, isBuiltin as nodeIsBuiltin } from 'node:module';
import { editDistance } from '../util/suggest.js';

/** Public built-in names without the `node:` prefix ("fs", "fs/promises", …, and "test", which needs it). */
export const BUILTIN_NAMES: readonly string[] = [...builtinModules.filter((name) => !name.startsWith('_')), 'test'];

/** "fs", "node:fs", "node:test"; not "test" (only reachable as "node:test"). */
export function isBuiltin(name: string): boolean {
  return nodeIsBuiltin(name);
}

/**
 * The built-in a misspelled name most likely meant ("fss" → "fs", "node:chid_process" →
 * "child_process"), or undefined. Stricter than the config's did-you-mean: every short npm package
 * name is within two edits of some built-in, so one edit under 8 characters, two from 8.
 */
export function closestBuiltin(name: string): string | undefined {
  const bare = name.replace(/^node:/, '');
  if (bare.length < 3) return undefined;
  const limit = bare.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of BUILTIN_NAMES) {
    const distance = editDistance(bare, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= limit ? best : undefined;
}
