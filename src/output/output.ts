// Where a command's words go: results to stdout, human text to stderr, and with --json exactly one
// JSON document on stdout.
import { createColors, colorEnabled, type Colors } from './colors.js';

export interface WritableText {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Output {
  readonly json: boolean;
  readonly colors: Colors;
  /** Human text about progress: stderr always. */
  info(text: string): void;
  /** A human-readable result: stdout, or stderr when --json owns stdout. */
  result(text: string): void;
  /** The one JSON document of a --json run. */
  data(value: unknown): void;
}

export interface OutputStreams {
  stdout: WritableText;
  stderr: WritableText;
  env: NodeJS.ProcessEnv;
}

export function createOutput(streams: OutputStreams, options: { json: boolean; color: boolean }): Output {
  const colors = createColors(options.color && colorEnabled(streams.stderr, streams.env));
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    json: options.json,
    colors,
    info: (text) => void streams.stderr.write(line(text)),
    result: (text) => void (options.json ? streams.stderr : streams.stdout).write(line(text)),
    data: (value) => void streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}
