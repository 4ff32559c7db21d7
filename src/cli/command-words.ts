// The words of a command line that are not options, and the flags every command takes: what tells
// a bare `neosl` (print the help) from a command.

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
