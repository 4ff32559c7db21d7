// The lookup functions the bash and zsh scripts share (both read `case` alike): for a command path
// ("" for the program, "chain transfer" for a subcommand), its subcommands, its options, what an
// option's value is and what each positional argument is. A kind is printed as one word
// ("functions", "files", "directories", "text") or "choices a b c".
import { allCommands, type CommandSpec, type ValueKind } from './spec.js';
import { oneLine, shellQuote } from './quote.js';

function kindWord(value: ValueKind): string {
  return value.kind === 'choices' ? `choices ${value.values.join(' ')}` : value.kind;
}

const key = (command: CommandSpec) => command.path.join(' ');

function caseFunction(name: string, comment: string, subject: string, arms: [string, string][]): string {
  const lines = arms.map(([pattern, body]) => `    ${pattern}) ${body} ;;`);
  return [`# ${comment}`, `${name}() {`, `  case ${subject} in`, ...lines, '  esac', '}'].join('\n');
}

/** Zsh's _describe takes "name:description"; a colon inside the name is escaped. */
const described = (name: string, description: string) => shellQuote(`${name.replaceAll(':', '\\:')}:${oneLine(description)}`);

export function posixTables(spec: CommandSpec, options: { withDescriptions: boolean }): string {
  const commands = allCommands(spec);
  const functions = [
    caseFunction(
      '_neosl_subcommands',
      'The subcommands of a command path.',
      '"$1"',
      commands.filter((command) => command.subcommands.length > 0).map((command) => [shellQuote(key(command)), `echo ${shellQuote(command.subcommands.map((sub) => sub.path.at(-1)).join(' '))}`]),
    ),
    caseFunction(
      '_neosl_options',
      'The options of a command path, with the global ones.',
      '"$1"',
      commands.map((command) => [shellQuote(key(command)), `echo ${shellQuote(command.options.flatMap((option) => option.names).join(' '))}`]),
    ),
    caseFunction(
      '_neosl_option_value',
      'What the value of option $2 of command path $1 is; nothing for a flag.',
      '"$1|$2"',
      commands.flatMap((command) =>
        command.options.flatMap((option) =>
          option.value === undefined ? [] : [[option.names.map((name) => shellQuote(`${key(command)}|${name}`)).join('|'), `echo ${shellQuote(kindWord(option.value))}`] as [string, string]],
        ),
      ),
    ),
    caseFunction(
      '_neosl_positional',
      'What positional argument $2 (from 0) of command path $1 is.',
      '"$1|$2"',
      commands.flatMap((command) => {
        const arms = command.positionals.map((value, index): [string, string] => [shellQuote(`${key(command)}|${index}`), `echo ${shellQuote(kindWord(value))}`]);
        const last = command.positionals.at(-1);
        if (command.variadic && last) arms.push([`${shellQuote(`${key(command)}|`)}*`, `echo ${shellQuote(kindWord(last))}`]);
        return arms;
      }),
    ),
  ];
  if (options.withDescriptions) {
    functions.push(
      caseFunction(
        '_neosl_subcommands_described',
        'The subcommands of a command path as "name:description" lines.',
        '"$1"',
        commands
          .filter((command) => command.subcommands.length > 0)
          .map((command) => [shellQuote(key(command)), `print -rl -- ${command.subcommands.map((sub) => described(sub.path.at(-1)!, sub.description)).join(' ')}`]),
      ),
      caseFunction(
        '_neosl_options_described',
        'The options of a command path as "name:description" lines.',
        '"$1"',
        commands.map((command) => [
          shellQuote(key(command)),
          `print -rl -- ${command.options.flatMap((option) => option.names.map((name) => described(name, option.description))).join(' ')}`,
        ]),
      ),
    );
  }
  return functions.join('\n\n');
}
