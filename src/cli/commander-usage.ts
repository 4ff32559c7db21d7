// A commander usage error in neosl's words: its suggestion quoted as neosl quotes them, and a hint to
// the help of the command that raised it ("neosl chain transfer --help"), not the top-level one.
import type { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';

/** Which command raised a commander error. */
export const raisedBy = new WeakMap<CommanderError, Command>();

/** "neosl chain transfer" for the transfer subcommand of chain. */
function commandPath(command: Command | undefined): string {
  const names: string[] = [];
  for (let current: Command | null | undefined = command; current; current = current.parent) names.unshift(current.name());
  return names.length > 0 ? names.join(' ') : 'neosl';
}

/** Commander's "(Did you mean init?)" as neosl writes a suggestion: `Did you mean "init"?`. */
function quoteSuggestion(text: string): string {
  const match = /^Did you mean (one of )?(.+)\?$/.exec(text);
  if (match === null) return text;
  return `Did you mean ${match[1] ?? ''}${match[2]!.split(', ').map((name) => `"${name}"`).join(', ')}?`;
}

export function usageFromCommander(error: CommanderError): UsageError {
  const [first, ...rest] = error.message.replace(/^error: /, '').split('\n');
  const suggestion = quoteSuggestion(rest.join(' ').replace(/^\(|\)$/g, '').trim());
  const help = `Run "${commandPath(raisedBy.get(error))} --help" for usage.`;
  const hint = suggestion ? `${suggestion} ${help}` : help;
  return new UsageError(first ?? error.message, { code: error.code.replace(/^commander\./, 'USAGE_').toUpperCase(), hint });
}
