// A function's stack as its author wants it: their frames, without neosl's own code (the runtime,
// the SDK) and Node's internals below them. Trimmed where the error is described, so that every
// consumer (invoke, the emulator's 500 body, events) gets the same stack.
import { join } from 'node:path';
import { packageRoot } from '../package-info.js';

function neoslCodeDirs(root: string): string[] {
  return ['dist', 'src'].map((dir) => join(root, dir) + '/');
}

export function userStack(stack: string | undefined, root: string = packageRoot): string | undefined {
  if (!stack) return stack;
  const ours = neoslCodeDirs(root);
  const internal = (line: string) => line.includes('node:internal') || line.includes('[nodejs.internal') || ours.some((dir) => line.includes(dir));
  return stack
    .split('\n')
    .filter((line, index) => index === 0 || !/^\s+at /.test(line) || !internal(line))
    .join('\n');
}
