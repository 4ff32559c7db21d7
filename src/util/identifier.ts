// Function names become file paths, URL segments and exported identifiers: they must be plain
// JavaScript identifiers, which also rules out path traversal.

const reservedWords = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN Infinity')
    .split(' '),
);

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Why `name` cannot be a function name, or undefined when it can. */
export function functionNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (!identifierPattern.test(name)) return 'it must be a JavaScript identifier: letters, digits, _ or $, not starting with a digit';
  if (reservedWords.has(name)) return `"${name}" is a reserved word in JavaScript`;
  if (name.length > 64) return 'it is longer than 64 characters';
  return undefined;
}

/** A camelCase identifier suggestion for a name like "my-func" or "2fa". */
export function toIdentifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return /^[0-9]/.test(joined) ? `fn${joined}` : joined;
}
