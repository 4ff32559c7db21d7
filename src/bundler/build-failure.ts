// esbuild's messages as located diagnostics (file relative to the cwd, 1-based character columns),
// with a hint for the common mistakes, in one UserError per function.
import { resolve } from 'node:path';
import type { Message } from 'esbuild';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';
import { unresolvedImportHint } from './import-hints.js';

export interface MessageContext {
  /** esbuild's absWorkingDir: message paths are relative to it. */
  projectDir: string;
  /** Paths are shown relative to this folder. */
  cwd: string;
}

/** esbuild counts columns and lengths in UTF-8 bytes; the code frame counts characters. */
function byteToCharOffset(lineText: string, bytes: number): number {
  return Buffer.from(lineText, 'utf8').subarray(0, bytes).toString('utf8').length;
}

function toLocation(location: NonNullable<Message['location']>, context: MessageContext): SourceLocation {
  const start = byteToCharOffset(location.lineText, location.column);
  const end = byteToCharOffset(location.lineText, location.column + location.length);
  return {
    file: displayPath(resolve(context.projectDir, location.file), context.cwd),
    line: location.line,
    column: start + 1,
    lineText: location.lineText,
    length: Math.max(1, end - start),
  };
}

/** esbuild's own advice that is wrong for a function bundle (marking imports external breaks it). */
const UNHELPFUL_NOTE = /^You can mark the path .* as external/;

function hintOf(message: Message, context: MessageContext): string | undefined {
  const hints: string[] = [];
  const detail = message.detail as { hint?: unknown } | undefined;
  if (typeof detail?.hint === 'string') hints.push(detail.hint);
  const unresolved = /^Could not resolve "(.+)"$/.exec(message.text);
  if (unresolved && message.pluginName === '') {
    const importer = message.location ? resolve(context.projectDir, message.location.file) : undefined;
    const hint = unresolvedImportHint(unresolved[1]!, importer, context.cwd);
    if (hint) hints.push(hint);
  }
  for (const note of message.notes) {
    if (!UNHELPFUL_NOTE.test(note.text) && note.text) hints.push(note.text);
  }
  return hints.length > 0 ? hints.join(' ') : undefined;
}

export function messageToDiagnostic(message: Message, context: MessageContext): Diagnostic {
  const hint = hintOf(message, context);
  return {
    message: message.text,
    ...(message.location ? { location: toLocation(message.location, context) } : {}),
    ...(hint ? { hint } : {}),
  };
}

export function isEsbuildFailure(error: unknown): error is Error & { errors: Message[]; warnings: Message[] } {
  return error instanceof Error && Array.isArray((error as { errors?: unknown }).errors);
}

/** "<fn>: build failed with N errors", carrying every error as a located diagnostic. */
export function buildFailure(functionName: string, messages: Message[], context: MessageContext, cause?: unknown): UserError {
  const count = messages.length;
  return new UserError(`${functionName}: build failed with ${count} error${count === 1 ? '' : 's'}`, {
    code: 'BUILD_FAILED',
    diagnostics: messages.map((message) => messageToDiagnostic(message, context)),
    cause,
  });
}
