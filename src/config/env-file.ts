// .env files: KEY=value lines, `export KEY=value`, quotes, `#` comments. No dependency.
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../errors.js';
import { UserError } from '../errors.js';
import { locateOffset } from '../output/code-frame.js';

export interface EnvFileParse {
  values: Record<string, string>;
  /** One per bad line; the good lines are still in `values`. */
  diagnostics: Diagnostic[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * Parses .env text. Values: unquoted (trimmed, ` #` starts a comment), 'single-quoted' (literal),
 * "double-quoted" (\n \r \t \" \\ escapes) or `backticked`; quoted values may span lines.
 * A repeated key takes its last value.
 */
export function parseEnvSource(source: string, displayFile: string): EnvFileParse {
  const values: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  const problem = (offset: number, length: number, message: string, hint?: string): void => {
    diagnostics.push({ message, location: locateOffset(displayFile, source, offset, length), ...(hint ? { hint } : {}) });
  };

  let offset = 0;
  while (offset < source.length) {
    let lineEnd = source.indexOf('\n', offset);
    if (lineEnd === -1) lineEnd = source.length;
    const lineStart = offset;
    const line = source.slice(lineStart, lineEnd).replace(/\r$/, '');
    offset = lineEnd + 1;

    const indent = line.length - line.trimStart().length;
    let rest = line.slice(indent);
    let column = indent;
    if (rest === '' || rest.startsWith('#')) continue;
    const exportPrefix = /^export\s+/.exec(rest);
    if (exportPrefix) {
      rest = rest.slice(exportPrefix[0].length);
      column += exportPrefix[0].length;
    }
    const key = KEY.exec(rest)?.[0];
    const afterKey = key === undefined ? '' : rest.slice(key.length).trimStart();
    if (key === undefined || !afterKey.startsWith('=')) {
      const word = /^\S*/.exec(rest)![0];
      const message =
        key === undefined
          ? `${JSON.stringify(word.split('=')[0])} is not a valid variable name`
          : `expected KEY=value, got ${JSON.stringify(line.trim())}`;
      problem(lineStart + column, Math.max(1, word.length), message, 'lines look like NAME=value; names are letters, digits and _');
      continue;
    }
    const valueColumn = line.length - afterKey.slice(1).trimStart().length;
    const valueStart = lineStart + valueColumn;
    const quote = source[valueStart];

    if (quote === '"' || quote === "'" || quote === '`') {
      // The closing quote may be on a later line.
      let end = valueStart + 1;
      let value = '';
      for (; end < source.length && source[end] !== quote; end++) {
        const char = source[end]!;
        if (quote === '"' && char === '\\' && end + 1 < source.length) {
          const next = source[end + 1]!;
          value += DOUBLE_QUOTE_ESCAPES[next] ?? `\\${next}`;
          end++;
        } else if (char !== '\r' || source[end + 1] !== '\n') {
          value += char;
        }
      }
      if (end >= source.length) {
        problem(valueStart, 1, `${key}: the ${quote} quote is never closed`, `add a closing ${quote}`);
        break;
      }
      let closeLineEnd = source.indexOf('\n', end);
      if (closeLineEnd === -1) closeLineEnd = source.length;
      const trailing = source.slice(end + 1, closeLineEnd).replace(/\r$/, '');
      if (trailing.trim() !== '' && !trailing.trimStart().startsWith('#')) {
        problem(end + 1, trailing.length, `${key}: unexpected text after the closing quote`, 'put comments after a "#"');
      } else {
        values[key] = value;
      }
      offset = closeLineEnd + 1;
      continue;
    }

    const raw = line.slice(valueColumn);
    const comment = /(^|\s)#/.exec(raw);
    values[key] = (comment ? raw.slice(0, comment.index) : raw).trim();
  }
  return { values, diagnostics };
}

/** Parses .env text; any bad line is a UserError (code ENV_FILE_INVALID) locating every bad line. */
export function parseEnvFile(source: string, displayFile: string): Record<string, string> {
  const { values, diagnostics } = parseEnvSource(source, displayFile);
  if (diagnostics.length > 0) {
    const count = diagnostics.length === 1 ? 'a problem' : `${diagnostics.length} problems`;
    throw new UserError(`${displayFile} has ${count}`, { code: 'ENV_FILE_INVALID', diagnostics });
  }
  return values;
}

/** Reads and parses a .env file; a missing or unreadable file is a UserError (ENV_FILE_NOT_FOUND). */
export function readEnvFile(file: string, displayFile: string = file): Record<string, string> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${displayFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      code: 'ENV_FILE_NOT_FOUND',
      cause: error,
    });
  }
  return parseEnvFile(source, displayFile);
}
