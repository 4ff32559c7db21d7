// The input of `neosl invoke`: --data JSON, --data-file F, or JSON piped on stdin; {} when none.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { locateOffset } from '../output/code-frame.js';
import { displayPath } from '../util/display-path.js';

export interface InputSources {
  data?: string;
  dataFile?: string;
  cwd: string;
  /** Reads all of stdin; undefined when stdin is a terminal (nothing piped). */
  readStdin(): Promise<string | undefined>;
}

function parseJson(text: string, source: string, file?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const location = file !== undefined && position ? locateOffset(file, text, Number(position[1])) : undefined;
    throw new UsageError(`the input from ${source} is not JSON: ${message}`, {
      code: 'INVALID_INPUT',
      location,
      hint: `Pass a JSON document, e.g. --data '{"name":"neo"}'.`,
    });
  }
}

export async function readInvokeInput(sources: InputSources): Promise<unknown> {
  if (sources.data !== undefined && sources.dataFile !== undefined) {
    throw new UsageError('give the input once: --data or --data-file, not both', { code: 'INVALID_INPUT' });
  }
  if (sources.data !== undefined) return parseJson(sources.data, '--data');
  if (sources.dataFile !== undefined) {
    const file = resolve(sources.cwd, sources.dataFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--data-file ${displayPath(file)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {
        code: 'INVALID_INPUT',
      });
    }
    return parseJson(text, displayPath(file), displayPath(file));
  }
  const piped = await sources.readStdin();
  if (piped === undefined || piped.trim() === '') return {};
  return parseJson(piped, 'stdin');
}

/** Reads stdin to the end, or undefined when it is a terminal. */
export async function readProcessStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
  if (stdin.isTTY) return undefined;
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) text += chunk as string;
  return text;
}
