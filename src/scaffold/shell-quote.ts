// Quoting a word for a POSIX shell (sh, bash, zsh) only when it needs it, so that a printed command
// runs as written when pasted: my-app stays my-app, "My App" gets double quotes, and a word with $, `,
// \, " or ! gets single quotes (inside which nothing is special).

const safeWord = /^[A-Za-z0-9_@%+=:,./-]+$/;
const specialInDoubleQuotes = /[$`\\"!]/;

export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (safeWord.test(word)) return word;
  if (!specialInDoubleQuotes.test(word)) return `"${word}"`;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
