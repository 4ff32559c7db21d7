// A runtime fault (an instance lost to an uncaught exception, an unhandled rejection, its memory
// limit …) as the session shows it: an `error` event located at the function's own line, with a
// code frame where the source can be read, and an error `log` line carrying the stack, so that the
// plain printer, the dashboard and /_neosl/events all show it.
import { readFileSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, SourceLocation } from '../errors.js';
import type { FaultEvent } from '../runtime/fault.js';
import { displayPath } from '../util/display-path.js';
import type { ErrorEvent, LogEvent } from './events.js';

/** `    at fn (file:line:column)` or `    at file:line:column`. */
const FRAME = /^\s+at (?:.*? \()?((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?$/;

function fileOf(path: string): string | undefined {
  if (path.startsWith('file://')) {
    try {
      return fileURLToPath(path);
    } catch {
      return undefined;
    }
  }
  return isAbsolute(path) ? path : undefined;
}

/** The first frame in a file (the stack is already trimmed to the function's own frames). */
function firstFrame(stack: string, projectDir: string): SourceLocation | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line);
    const file = match ? fileOf(match[1]!) : undefined;
    if (match === null || file === undefined) continue;
    const location: SourceLocation = { file: displayPath(file, projectDir), line: Number(match[2]), column: Number(match[3]) };
    try {
      location.lineText = readFileSync(file, 'utf8').split('\n')[location.line - 1]?.replace(/\r$/, '');
    } catch {
      // A location without its code frame.
    }
    return location;
  }
  return undefined;
}

/** Paths under the project as the rest of the output shows them: relative. */
function relativeStack(stack: string, projectDir: string): string {
  const root = projectDir.endsWith(sep) ? projectDir : projectDir + sep;
  return stack.replaceAll(`file://${root}`, '').replaceAll(root, '');
}

/** The log line: what was thrown (or what ended the instance) and the frames of the stack. */
function logLine(fault: FaultEvent, stack: string | undefined): string {
  const { error, functionName, failedRequests } = fault;
  const details = error.details as { origin?: string; name?: string; message?: string } | undefined;
  const prefix = `function "${functionName}": `;
  const outside = failedRequests === 0 ? ' (outside any request)' : '';
  let head = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  let when = outside;
  if (error.code === 'UNHANDLED_ERROR' && details?.name !== undefined) {
    head = `${details.origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught'} ${details.name}: ${details.message}`;
    when = failedRequests === 0 ? ' (outside any request; the instance was ended)' : ' (the instance was ended)';
  }
  const frames = stack === undefined ? '' : stack.split('\n').filter((line) => /^\s+at /.test(line)).map((line) => `\n${line}`).join('');
  return `${head}${when}${frames}`;
}

export function faultReport(fault: FaultEvent, projectDir: string, time: number): { error: ErrorEvent; log: LogEvent } {
  const { error: cause, functionName } = fault;
  const error: ErrorEvent = { type: 'error', time, message: fault.message, functionName, code: cause.code };
  const stack = cause.stack === undefined ? undefined : relativeStack(cause.stack, projectDir);
  if (stack !== undefined) {
    error.stack = stack;
    const location = firstFrame(cause.stack!, projectDir);
    if (location) error.diagnostics = [{ message: stack.split('\n')[0]!, location } satisfies Diagnostic];
  }
  const log: LogEvent = {
    type: 'log',
    record: { level: 'error', message: logLine(fault, stack), time, requestId: '', functionName, fields: { code: cause.code, instance: fault.instanceId } },
  };
  return { error, log };
}
