// A stack as the user wants it: their frames, without neosl's runtime and Node's internals below them.
import { packageRoot } from '../package-info.js';

export function userStack(stack: string | undefined, root: string = packageRoot): string | undefined {
  if (!stack) return stack;
  const ours = root.replace(/[\\/]$/, '');
  return stack
    .split('\n')
    .filter((line, index) => index === 0 || !/^\s+at /.test(line) || !(line.includes(`${ours}/`) || line.includes('node:internal') || line.includes('[nodejs.internal')))
    .join('\n');
}
