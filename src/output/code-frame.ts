// One code-frame renderer for every located message (config, build, runtime), esbuild-style.
import type { SourceLocation } from '../errors.js';
import type { Colors } from './colors.js';

/** `file:line:column` as editors and terminals make clickable. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/**
 *     3 │   timout: 30s
 *       ╵   ~~~~~~
 */
export function renderCodeFrame(location: SourceLocation, colors: Colors): string {
  if (location.lineText === undefined) return '';
  const gutter = String(location.line);
  const pad = ' '.repeat(gutter.length);
  const text = location.lineText.replace(/\t/g, '  ');
  const column = Math.max(1, location.column);
  const length = Math.max(1, Math.min(location.length ?? 1, Math.max(1, text.length - column + 1)));
  const marker = ' '.repeat(column - 1) + colors.green('~'.repeat(length));
  return `    ${colors.dim(`${gutter} │`)} ${text}\n    ${colors.dim(`${pad} ╵`)} ${marker}`;
}

/** Finds the 1-based line and column of a character offset, and that line's text. */
export function locateOffset(file: string, source: string, offset: number, length = 1): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = source.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = source.length;
  const lineText = source.slice(lineStart, lineEnd).replace(/\r$/, '');
  return { file, line, column: offset - lineStart + 1, lineText, length };
}
