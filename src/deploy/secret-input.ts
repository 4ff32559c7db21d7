// Reading a token or a secret value so that it stays out of shell history and off the screen:
// all of stdin when it is piped, else typed at the terminal without echo.
import { UserError } from '../errors.js';

export interface SecretInputStreams {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

const processStreams = (): SecretInputStreams => ({ stdin: process.stdin, stderr: process.stderr });

/** Everything piped in, to its end. */
export async function readAllStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) text += chunk as string;
  return text;
}

/**
 * Typed at the terminal without echo. `endOn: 'enter'`: one line; `'ctrl-d'`: until Ctrl-D (Enter
 * adds a line break). Backspace deletes; Ctrl-C cancels (exit 1, nothing done).
 */
export function promptHidden(question: string, endOn: 'enter' | 'ctrl-d', streams: SecretInputStreams = processStreams()): Promise<string> {
  const { stdin, stderr } = streams;
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\u0003') return finish(new UserError('cancelled: nothing was changed', { code: 'CANCELLED' }));
        if (char === '\u0004') return finish();
        if (char === '\r' || char === '\n') {
          if (endOn === 'enter') return finish();
          value += '\n';
        } else if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Whether stdin is a terminal a person types at (so nothing is piped in). */
export function stdinIsTerminal(stdin: NodeJS.ReadStream = process.stdin): boolean {
  return stdin.isTTY === true && typeof stdin.setRawMode === 'function';
}
