// Commands of the product contract (PRODUCT.md) that this version does not have yet: `neosl deploy`
// says so and names what works meanwhile, instead of printing the top-level help.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { packageVersion } from '../package-info.js';

/** Commands of the product (PRODUCT.md) that this version does not have yet, with what to use meanwhile. */
const PLANNED_COMMANDS: Record<string, string> = {
  deploy: '"neosl build" writes the bundles and dist/manifest.json; "neosl dev" serves them on this machine',
  serve: '"neosl dev" serves the functions on this machine (--host 0.0.0.0 to reach it from others)',
  versions: 'there is no host to keep versions yet; "neosl build" writes dist/manifest.json with each bundle\'s sha256',
  rollback: 'there is no host to keep versions yet; check out the earlier code and "neosl dev" serves it at once',
  logs: '"neosl dev" prints each request and function log as it happens (--json: one JSON event per line)',
  secrets: 'locally, context.secrets.get reads the .env file next to neosl.yaml, which "neosl dev" and "neosl invoke" load',
  login: 'there is no host to log in to yet; "neosl dev" runs everything on this machine',
  logout: 'there is no host to log in to yet; "neosl dev" runs everything on this machine',
  whoami: 'there is no host to log in to yet; "neosl dev" runs everything on this machine',
};

/** The flags every command takes (--cwd takes a value). */
export const GLOBAL_FLAGS = new Set(['--json', '--no-color', '--cwd']);

/** The words of the command line that are not options: the command comes first. */
export function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') break;
    if (arg === '--cwd') index++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words;
}

/** `neosl deploy` (or `neosl help deploy`) while deploy is only planned: says so, names what works today. */
export function plannedCommandError(argv: readonly string[], program: Command): UsageError | undefined {
  const words = commandWords(argv);
  const name = words[0] === 'help' ? words[1] : words[0];
  if (name === undefined || !Object.hasOwn(PLANNED_COMMANDS, name)) return undefined;
  if (program.commands.some((command) => command.name() === name)) return undefined;
  return new UsageError(`neosl ${name} is not available yet in this version (${packageVersion()})`, {
    code: 'COMMAND_NOT_AVAILABLE',
    hint: `Meanwhile: ${PLANNED_COMMANDS[name]}. Run "neosl --help" for the commands of this version.`,
  });
}
