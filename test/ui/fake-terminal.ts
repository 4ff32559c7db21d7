// The stdout and stdin that the render tests hand to Ink in place of a terminal.
import { EventEmitter } from 'node:events';

export interface FakeTerminal {
  /** For the render functions' options. */
  options: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; patchConsole: false };
  /** Everything written to stdout so far, in order. */
  writes: string[];
}

/** A stdout of the given size that keeps what is written, and a stdin that is a pipe. */
export function fakeTerminal(columns = 100, rows = 40): FakeTerminal {
  const writes: string[] = [];
  const stdout = Object.assign(new EventEmitter(), { columns, rows, write: (data: string) => writes.push(data) > 0 });
  // A pipe: no isTTY, no setRawMode. useInput must stay off instead of throwing.
  const stdin = Object.assign(new EventEmitter(), { setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });
  return {
    // vitest's console cannot be re-created by Ink.
    options: { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false },
    writes,
  };
}
