// The request body of a bench run from the command line: `-d/--data JSON`, `-d @file` (as curl) or
// `--data-file F`. `-d` means --data in every neosl command; people who type `bench -d 5s` from
// habit (it used to be the duration) are told so, instead of getting "not JSON".
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { displayPath } from '../util/display-path.js';

export interface BodySources {
  data?: string;
  dataFile?: string;
  cwd: string;
}

/** "5s", "10", "1.5m", "250ms", "1m30s", "1d": what a test length looks like. */
const LOOKS_LIKE_DURATION = /^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:ms|s|m|h|d)\s*)+$|^\s*(?:\d+(?:\.\d+)?|\.\d+)\s*$/i;

function readBodyFile(file: string, flag: string, cwd: string): { text: string; source: string } {
  const path = resolve(cwd, file);
  try {
    return { text: readFileSync(path, 'utf8'), source: displayPath(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
    throw new UsageError(`${flag} ${file}: ${reason} (${path})`, { code: 'INVALID_INPUT', hint: 'Give the path of a JSON file, relative to the current folder.' });
  }
}

function parseBody(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the request body from ${source} is not JSON: ${(error as Error).message}`, {
      code: 'INVALID_INPUT',
      hint: `Pass a JSON document, e.g. -d '{"name":"neo"}', or a file: -d @body.json`,
    });
  }
}

/** The JSON text to send (re-serialised, so it is compact); undefined when no body was given. */
export function readRequestBody(sources: BodySources): string | undefined {
  const { data, dataFile, cwd } = sources;
  if (data !== undefined && dataFile !== undefined) throw new UsageError('give the request body once: -d/--data or --data-file, not both', { code: 'INVALID_INPUT' });
  if (data === undefined && dataFile === undefined) return undefined;
  // A test length given to -d: even "10" (valid JSON) is far likelier a mistaken duration than a body.
  if (data !== undefined && LOOKS_LIKE_DURATION.test(data)) {
    throw new UsageError(`-d ${data}: -d is --data (the request body); for the test length use --duration ${data.trim()}`, {
      code: 'DATA_LOOKS_LIKE_DURATION',
      hint: `To send the number ${data.trim()} as the body, put it in a file: -d @body.json`,
    });
  }
  if (data !== undefined && data.startsWith('@')) {
    const { text, source } = readBodyFile(data.slice(1), '-d', cwd);
    return JSON.stringify(parseBody(text, source));
  }
  if (data !== undefined) return JSON.stringify(parseBody(data, '-d/--data'));
  const { text, source } = readBodyFile(dataFile!, '--data-file', cwd);
  return JSON.stringify(parseBody(text, source));
}
