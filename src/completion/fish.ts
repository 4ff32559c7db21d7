// The fish completion script: `complete` lines for every command, option and argument, guarded by
// a function that walks the tokens typed so far to the command path (skipping options and their
// values), so that "neosl chain <Tab>" offers chain's subcommands and nothing else.
import { allCommands, type CommandSpec, type OptionSpec, type ValueKind } from './spec.js';
import { fishQuote, oneLine } from './quote.js';

const HELPERS = `# The command path typed so far, the count of its arguments, the option waiting for a value and --cwd.
function __neosl_walk
    set -l cmdpath ''
    set -l positional 0
    set -l expecting ''
    set -l cwd ''
    for word in (commandline -opc)[2..-1]
        if test -n "$expecting"
            test "$expecting" = --cwd; and set cwd $word
            set expecting ''
            continue
        end
        switch $word
            case '-*=*'
            case '-*'
                __neosl_takes_value "$cmdpath" $word; and set expecting $word
            case '*'
                if test $positional -eq 0; and contains -- $word (string split ' ' -- (__neosl_subcommands "$cmdpath"))
                    set cmdpath (string trim -- "$cmdpath $word")
                else
                    set positional (math $positional + 1)
                end
        end
    end
    printf '%s\\n' "$cmdpath" $positional "$expecting" "$cwd"
end

# True at command path $argv[1]; with $argv[2], also at that argument (from 0; "1+" for 1 and after).
function __neosl_at
    set -l state (__neosl_walk)
    test "$state[1]" = "$argv[1]"; or return 1
    set -q argv[2]; or return 0
    test -z "$state[3]"; or return 1
    switch $argv[2]
        case '*+'
            test $state[2] -ge (string trim -r -c + -- $argv[2])
        case '*'
            test $state[2] -eq $argv[2]
    end
end

# The project's function names, from the nearest neosl.yaml (or the one under --cwd).
function __neosl_functions
    set -l state (__neosl_walk)
    if test -n "$state[4]"
        command neosl --cwd $state[4] __complete functions 2>/dev/null
    else
        command neosl __complete functions 2>/dev/null
    end
end`;

function switchFunction(name: string, comment: string, subject: string, arms: [string[], string][], fallback: string): string {
  const lines = arms.flatMap(([patterns, body]) => [`        case ${patterns.map(fishQuote).join(' ')}`, `            ${body}`]);
  return [`# ${comment}`, `function ${name}`, `    switch ${subject}`, ...lines, '    end', `    ${fallback}`, 'end'].join('\n');
}

/** The `complete` flags that offer a value of this kind. */
function valueFlags(value: ValueKind): string {
  switch (value.kind) {
    case 'choices':
      return `-x -a ${fishQuote(value.values.join(' '))}`;
    case 'functions':
      return `-x -a '(__neosl_functions)'`;
    case 'files':
      return '-r -F';
    case 'directories':
      return `-x -a '(__fish_complete_directories)'`;
    case 'text':
      return '-x';
  }
}

function optionLine(command: CommandSpec, option: OptionSpec): string {
  const names = option.names.map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`));
  const value = option.value === undefined ? [] : [valueFlags(option.value)];
  return ['complete -c neosl', `-n ${fishQuote(`__neosl_at ${fishQuote(command.path.join(' '))}`)}`, ...names, ...value, `-d ${fishQuote(oneLine(option.description))}`].join(' ');
}

function positionalLines(command: CommandSpec): string[] {
  return command.positionals.flatMap((value, index) => {
    if (value.kind === 'text') return [];
    const position = command.variadic && index === command.positionals.length - 1 ? `${index}+` : String(index);
    const condition = `__neosl_at ${fishQuote(command.path.join(' '))} ${position}`;
    const flags = value.kind === 'files' ? '-F' : valueFlags(value).replace(/^-x /, '');
    return [`complete -c neosl -n ${fishQuote(condition)} ${flags}`];
  });
}

function subcommandLines(command: CommandSpec): string[] {
  const condition = `__neosl_at ${fishQuote(command.path.join(' '))} 0`;
  return command.subcommands.map(
    (sub) => `complete -c neosl -n ${fishQuote(condition)} -a ${fishQuote(sub.path.at(-1)!)} -d ${fishQuote(oneLine(sub.description))}`,
  );
}

export function fishScript(spec: CommandSpec, version: string): string {
  const commands = allCommands(spec);
  const key = (command: CommandSpec) => command.path.join(' ');
  const tables = [
    switchFunction(
      '__neosl_subcommands',
      'The subcommands of a command path.',
      '$argv[1]',
      commands.filter((command) => command.subcommands.length > 0).map((command) => [[key(command)], `echo ${fishQuote(command.subcommands.map((sub) => sub.path.at(-1)).join(' '))}`]),
      '',
    ),
    switchFunction(
      '__neosl_takes_value',
      'Whether option $argv[2] of command path $argv[1] takes a value.',
      '"$argv[1]|$argv[2]"',
      [[commands.flatMap((command) => command.options.filter((option) => option.value !== undefined).flatMap((option) => option.names.map((name) => `${key(command)}|${name}`))), 'return 0']],
      'return 1',
    ),
  ];
  return [
    `# fish completion for neosl ${version}, made by "neosl completion fish" from the commands of this version.`,
    '# Load it in this shell:  neosl completion fish | source',
    '# Install it for good:     neosl completion fish > ~/.config/fish/completions/neosl.fish',
    '',
    ...tables.flatMap((table) => [table, '']),
    HELPERS,
    '',
    '# No file names unless an option or argument takes one.',
    'complete -c neosl -f',
    ...commands.flatMap((command) => [
      '',
      `# neosl${command.path.map((word) => ` ${word}`).join('')}`,
      ...subcommandLines(command),
      ...positionalLines(command),
      ...command.options.map((option) => optionLine(command, option)),
    ]),
    '',
  ].join('\n');
}
