// Quoting words for the generated completion scripts.

/** A single-quoted word for bash and zsh. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A single-quoted word for fish, where backslash and quote are escaped inside single quotes. */
export function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/** One line of a description: help texts may hold newlines, completion menus do not. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
