// Choosing functions of the project by name, for the commands that take names (build, invoke, bench).
import type { FunctionConfig, NeoslConfig } from './types.js';
import { UsageError } from '../errors.js';
import { closestMatch } from '../util/suggest.js';

/** The named functions (all when none are named); an unknown name is a usage error listing the known ones. */
export function selectFunctions(config: NeoslConfig, names: readonly string[]): FunctionConfig[] {
  const known = Object.keys(config.functions);
  if (names.length === 0) return Object.values(config.functions);
  const unknown = names.filter((name) => !Object.hasOwn(config.functions, name));
  if (unknown.length > 0) {
    const suggestions = unknown.map((name) => [name, closestMatch(name, known)] as const).filter(([, match]) => match !== undefined);
    const didYouMean = suggestions.map(([name, match]) => (unknown.length === 1 ? `"${match}"` : `"${match}" (for "${name}")`)).join(', ');
    const listed = known.length > 0 ? `The project's functions are ${known.map((name) => `"${name}"`).join(', ')}.` : 'The project has no functions.';
    throw new UsageError(`unknown function${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `"${name}"`).join(', ')}`, {
      code: 'UNKNOWN_FUNCTION',
      hint: `${didYouMean ? `did you mean ${didYouMean}? ` : ''}${listed}`,
    });
  }
  return [...new Set(names)].map((name) => config.functions[name]!);
}
