// A diagnostic's code frame as text lines, the way the terminal shows it: the located line with its
// number, and a caret line under the column (as many carets as the error's length).
import type { SourceLocation } from './host-types.js';

export function codeFrame(location: SourceLocation): string[] {
  if (location.lineText === undefined) return [];
  const gutter = `${location.line} | `;
  const expanded = location.lineText.replace(/\t/g, '  ');
  // Tabs before the column widen it as they widen the line.
  const before = location.lineText.slice(0, Math.max(0, location.column - 1)).replace(/\t/g, '  ');
  const carets = '^'.repeat(Math.max(1, location.length ?? 1));
  return [`${gutter}${expanded}`, `${' '.repeat(gutter.length - 2)}| ${' '.repeat(before.length)}${carets}`];
}

export function locationText(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
