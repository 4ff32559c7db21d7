// The data `neosl invoke` is given: -d/--data TEXT (or @FILE, or @- for stdin, as curl reads it),
// --data-file FILE, or text piped on stdin; none when stdin is a terminal or empty.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { locateOffset } from '../output/code-frame.js';
import { displayPath } from '../util/display-path.js';
import { jsonErrorOffset } from '../util/json-error-offset.js';

export interface InputSources {
  data?: string;
  dataFile?: string;
  cwd: string;
  /** Reads all of stdin; undefined when stdin is a terminal (nothing piped). */
  readStdin(): Promise<string | undefined>;
}

/** Data as given, before it is parsed. */
export interface InputText {
  text: string;
  /** Where it came from, as the user wrote it: "--data", "--data @body.json", "stdin". */
  source: string;
  /** The file it was read from, as shown (for the code frame of a JSON error). */
  file?: string;
}

const EXAMPLE_HINT = `Pass a JSON document, e.g. --data '{"name":"neo"}', --data @body.json or --data-file body.json.`;

/** `shown(path)`: how the flag and the file are named in messages ("--data @body.json"). */
function readDataFile(path: string, cwd: string, shown: (path: string) => string): InputText {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : (error as Error).message;
    throw new UsageError(`${shown(displayPath(file))}: ${problem}`, { code: 'INVALID_INPUT', hint: 'give the path of a JSON file, relative to the current folder' });
  }
  return { text, source: shown(displayPath(file)), file: displayPath(file) };
}

async function readPiped(sources: InputSources, flag: string | undefined): Promise<InputText | undefined> {
  const piped = await sources.readStdin();
  if (flag !== undefined && piped === undefined) {
    throw new UsageError(`${flag} reads the data from stdin, but nothing is piped in`, { code: 'INVALID_INPUT', hint: `pipe it in: echo '{"name":"neo"}' | neosl invoke <function> ${flag}` });
  }
  if (piped === undefined || (flag === undefined && piped.trim() === '')) return undefined;
  return { text: piped, source: 'stdin' };
}

/** The data given on the command line or stdin; undefined when there is none (use the sample). */
export async function readInputText(sources: InputSources): Promise<InputText | undefined> {
  if (sources.data !== undefined && sources.dataFile !== undefined) {
    throw new UsageError('give the data once: --data or --data-file, not both', { code: 'INVALID_INPUT' });
  }
  if (sources.data !== undefined) {
    if (sources.data === '@-') return readPiped(sources, '--data @-');
    if (sources.data.startsWith('@')) return readDataFile(sources.data.slice(1), sources.cwd, (file) => `--data @${file}`);
    return { text: sources.data, source: '--data' };
  }
  if (sources.dataFile !== undefined) return readDataFile(sources.dataFile, sources.cwd, (file) => `--data-file ${file}`);
  return readPiped(sources, undefined);
}

/** The data as JSON; a usage error naming where it came from and the position of the mistake (`hint`: what else could be meant). */
export function parseInputJson(input: InputText, hint?: string): unknown {
  try {
    return JSON.parse(input.text);
  } catch (error) {
    let message = (error as Error).message;
    const stated = /position (\d+)/.exec(message);
    const offset = stated ? Number(stated[1]) : jsonErrorOffset(input.text);
    if (!stated && offset !== undefined) message += ` (at position ${offset})`;
    const location = input.file !== undefined && offset !== undefined ? locateOffset(input.file, input.text, offset) : undefined;
    throw new UsageError(`the input from ${input.source} is not JSON: ${message}`, { code: 'INVALID_INPUT', location, hint: hint === undefined ? EXAMPLE_HINT : `${EXAMPLE_HINT} ${hint}` });
  }
}

/** Reads stdin to the end, or undefined when it is a terminal. */
export async function readProcessStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
  if (stdin.isTTY) return undefined;
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) text += chunk as string;
  return text;
}
