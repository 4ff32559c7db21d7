// A handler file that disappeared after neosl.yaml was validated (or was never checked): reported
// before esbuild runs, naming the file and the neosl.yaml key it comes from.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import type { FunctionConfig } from '../config/types.js';
import { UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';
import { closestMatch } from '../util/suggest.js';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const SOURCE_FILE = /\.(?:[mc]?[jt]sx?)$/;

/** A near-identical file in the handler's folder, what the folder holds, or that it is missing. */
function closestFileHint(file: string, written: string): string {
  const folder = dirname(written);
  let names: string[];
  try {
    names = readdirSync(dirname(file)).filter((name) => SOURCE_FILE.test(name) && !name.endsWith('.d.ts'));
  } catch {
    return `there is no folder ${folder}`;
  }
  const match = closestMatch(basename(file), names);
  if (match !== undefined) return `did you mean "${folder}/${match}"?`;
  if (names.length === 0) return `${folder} holds no source files`;
  return `${folder} holds ${names.slice(0, 5).map((name) => `"${name}"`).join(', ')}${names.length > 5 ? ', …' : ''}`;
}

export function checkHandlerFile(fn: FunctionConfig, context: { projectDir: string; cwd: string }): void {
  const file = fn.handler.file;
  if (isFile(file)) return;
  const shown = displayPath(file, context.cwd);
  const written = relative(context.projectDir, file).split(sep).join('/');
  const key = `functions.${fn.name}.handler`;
  const source = fn.handler.raw === `functions/${fn.name}/index.ts` ? `${key} in neosl.yaml, the default` : `${key}: ${fn.handler.raw} in neosl.yaml`;
  const closest = closestFileHint(file, written);
  throw new UserError(`${fn.name}: handler file ${shown} does not exist`, {
    code: 'HANDLER_NOT_FOUND',
    diagnostics: [
      {
        message: `handler file "${written}" (from ${source}) does not exist`,
        hint: `${closest}${closest.endsWith('?') ? '' : '.'} Create the file, or point ${key} at the right one.`,
      },
    ],
  });
}
