// Where in the user's own code an error was thrown: the first stack frame inside the project (not
// node_modules, not neosl), with its source line for the code frame.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../errors.js';
import { displayPath } from '../util/display-path.js';

const framePattern = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/;

export function projectFrameLocation(stack: string | undefined, projectDir: string): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const match = framePattern.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    const inside = relative(projectDir, file);
    if (!inside || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('node_modules') || inside.startsWith(`.neosl${sep}`)) continue;
    const lineNumber = Number(match[2]);
    let lineText: string | undefined;
    try {
      lineText = readFileSync(file, 'utf8').split('\n')[lineNumber - 1]?.replace(/\r$/, '');
    } catch {
      lineText = undefined;
    }
    return { file: displayPath(file), line: lineNumber, column: Number(match[3]), lineText };
  }
  return undefined;
}
