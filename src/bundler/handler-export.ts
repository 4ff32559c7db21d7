// The export a function's handler is: `handler: file#name`, else the export named like the function,
// else the default export. Checked against the bundle's exports right after the build.
import { readFileSync } from 'node:fs';
import type { FunctionConfig } from '../config/types.js';
import type { SourceLocation } from '../errors.js';
import { UserError } from '../errors.js';
import { locateOffset } from '../output/code-frame.js';
import { displayPath } from '../util/display-path.js';
import { closestMatch } from '../util/suggest.js';

/** The export to call, given the bundle's exports (it may be missing from them). */
export function wantedExportName(fn: FunctionConfig, exports: readonly string[]): string {
  return fn.handler.exportName ?? (exports.includes(fn.name) ? fn.name : 'default');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&');
}

/** Offset and length of where `name` is exported in the source, if written there. */
export function findExportDeclaration(source: string, name: string): { offset: number; length: number } | undefined {
  if (name === 'default') {
    const match = /\bexport\s+default\b/.exec(source);
    return match ? { offset: match.index, length: match[0].length } : undefined;
  }
  const id = escapeRegExp(name);
  const patterns = [
    new RegExp(`\\bexport\\s+(?:async\\s+)?function\\s*\\*?\\s*(${id})\\b`),
    new RegExp(`\\bexport\\s+(?:const|let|var|class)\\s+(${id})\\b`),
    new RegExp(`\\bexport\\s*\\{[^}]*?\\bas\\s+(${id})\\b`),
    new RegExp(`\\bexport\\s*\\{[^}]*?\\b(${id})\\b`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(source);
    if (match) return { offset: match.index + match[0].lastIndexOf(match[1]!), length: name.length };
  }
  return undefined;
}

function locate(file: string, shownFile: string, name: string | undefined): SourceLocation {
  let source = '';
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return { file: shownFile, line: 1, column: 1 };
  }
  const found = name === undefined ? undefined : findExportDeclaration(source, name);
  return found ? locateOffset(shownFile, source, found.offset, found.length) : locateOffset(shownFile, source, 0, 1);
}

function listExports(exports: readonly string[]): string {
  return exports.length === 0 ? 'the file exports nothing' : `the file exports ${exports.map((name) => `"${name}"`).join(', ')}`;
}

/** Returns the handler's export name, or throws a UserError located at the closest export (else line 1). */
export function checkHandlerExport(fn: FunctionConfig, exports: readonly string[], context: { cwd: string }): string {
  const wanted = wantedExportName(fn, exports);
  if (exports.includes(wanted)) return wanted;

  const shownFile = displayPath(fn.handler.file, context.cwd);
  const named = exports.filter((name) => name !== 'default');
  const closest = closestMatch(wanted === 'default' ? fn.name : wanted, named);
  const location = locate(fn.handler.file, shownFile, closest);
  const file = fn.handler.raw.replace(/#.*$/, '');
  let message: string;
  let hint: string;
  if (fn.handler.exportName !== undefined) {
    message = `no export "${wanted}" (from functions.${fn.name}.handler: ${fn.handler.raw})`;
    hint = closest
      ? `did you mean "${closest}"? Write "handler: ${file}#${closest}" in neosl.yaml, or rename the export; ${listExports(exports)}`
      : `${listExports(exports)}; export the handler as "${wanted}", or name another export after "#" in neosl.yaml`;
  } else {
    message = `no handler: neither an export named "${fn.name}" nor a default export`;
    hint = closest
      ? `did you mean "${closest}"? Rename it "${fn.name}", or write "handler: ${file}#${closest}" in neosl.yaml; ${listExports(exports)}`
      : `export the handler as "${fn.name}" (or as default), or name it in neosl.yaml as "handler: ${file}#<export>"; ${listExports(exports)}`;
  }
  const summary = fn.handler.exportName !== undefined ? `handler export "${wanted}" not found` : 'no handler export found';
  throw new UserError(`${fn.name}: ${summary} in ${shownFile}`, {
    code: 'HANDLER_EXPORT_MISSING',
    diagnostics: [{ message, location, hint }],
  });
}
