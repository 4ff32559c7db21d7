// What shell completion needs from the commander program, read from it rather than restated: every
// visible command and subcommand, its options (with the global ones), and what each option value
// and positional argument is, so that the scripts complete what the running neosl accepts.
import type { Argument, Command, Option } from 'commander';

/** What a word completes to. Template names are read when the script is made; function names when the user presses Tab. */
export type ValueKind =
  | { kind: 'choices'; values: string[] }
  | { kind: 'functions' }
  | { kind: 'files' }
  | { kind: 'directories' }
  /** Free text (a number, a URL, JSON): nothing to offer. */
  | { kind: 'text' };

export interface OptionSpec {
  /** "-c" and/or "--connections". */
  names: string[];
  description: string;
  /** Undefined for a flag (also for an option whose value is optional, like --inspect [port]). */
  value?: ValueKind;
}

export interface CommandSpec {
  /** The words after "neosl": [] for the program, ["chain", "transfer"] for a subcommand. */
  path: string[];
  description: string;
  subcommands: CommandSpec[];
  /** Its own options, then those of the commands above it (--cwd, --json, --no-color). */
  options: OptionSpec[];
  /** What each positional argument completes to, in order. */
  positionals: ValueKind[];
  /** The last positional repeats (build [functions...]). */
  variadic: boolean;
}

export interface SpecSources {
  /** The template names, for --template. */
  templates: string[];
}

/** Commands whose <function> argument names a function that does not exist yet. */
const NAMES_A_NEW_FUNCTION = new Set(['new']);

const TEXT: ValueKind = { kind: 'text' };

function valueOf(placeholder: string, choices: readonly string[] | undefined, sources: SpecSources, optionName?: string): ValueKind {
  if (choices && choices.length > 0) return { kind: 'choices', values: [...choices] };
  if (optionName === '--template') return { kind: 'choices', values: sources.templates };
  if (/^(file|files)$/.test(placeholder)) return { kind: 'files' };
  if (/^(dir|dirs|directory)$/.test(placeholder)) return { kind: 'directories' };
  return TEXT;
}

function placeholderOf(flags: string): string {
  return /[<[]([^>\].]+)/.exec(flags)?.[1] ?? '';
}

function optionSpec(option: Option, sources: SpecSources): OptionSpec {
  const names = [option.short, option.long].filter((name): name is string => typeof name === 'string');
  const spec: OptionSpec = { names, description: option.description };
  if (option.required) spec.value = valueOf(placeholderOf(option.flags), option.argChoices, sources, option.long);
  return spec;
}

function argumentKind(argument: Argument, command: Command, sources: SpecSources): ValueKind {
  const name = argument.name();
  if (/^functions?$/.test(name)) return NAMES_A_NEW_FUNCTION.has(command.name()) ? TEXT : { kind: 'functions' };
  return valueOf(name, argument.argChoices, sources);
}

/** Options of the commands above: what commander accepts anywhere on the line (not --version, which is the program's alone). */
function inheritedOptions(command: Command): Option[] {
  const options: Option[] = [];
  for (let parent = command.parent; parent; parent = parent.parent) {
    options.push(...parent.options.filter((option) => !option.hidden && option.long !== '--version'));
  }
  return options;
}

/** The completion spec of `command` and everything under it. */
export function completionSpec(command: Command, sources: SpecSources, path: string[] = []): CommandSpec {
  const help = command.createHelp();
  const subcommands = help.visibleCommands(command);
  const siblings = subcommands.map((sub) => sub.name()).filter((name) => name !== 'help');
  return {
    path,
    description: command.description(),
    subcommands: subcommands.map((sub) => {
      const spec = completionSpec(sub, sources, [...path, sub.name()]);
      // The implicit `help [command]` completes the commands beside it.
      return sub.name() === 'help' && sub.commands.length === 0 ? { ...spec, positionals: [{ kind: 'choices', values: siblings }] } : spec;
    }),
    options: [...help.visibleOptions(command), ...inheritedOptions(command)].map((option) => optionSpec(option, sources)),
    positionals: command.registeredArguments.map((argument) => argumentKind(argument, command, sources)),
    variadic: command.registeredArguments.at(-1)?.variadic ?? false,
  };
}

/** Every command of the spec, the program first. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(allCommands)];
}
