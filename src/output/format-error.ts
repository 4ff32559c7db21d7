// How an error reaches a person (stderr) or a script (--json on stdout).
import { isUserError, type Diagnostic, type UserError } from '../errors.js';
import { formatLocation, renderCodeFrame } from './code-frame.js';
import type { Colors } from './colors.js';

/**
 * A hint as it is shown. Hints come from many places (config, bundler, commander); a suggestion that
 * opens one reads as a sentence everywhere: `Did you mean "timeout"?`. Inside a message it stays lower case.
 */
export function hintSentence(hint: string): string {
  return hint.replace(/^did you mean\b/, 'Did you mean');
}

function formatDiagnostic(diagnostic: Diagnostic, colors: Colors): string {
  const lines: string[] = [];
  const where = diagnostic.location ? `${colors.bold(formatLocation(diagnostic.location))}: ` : '';
  lines.push(`${where}${diagnostic.message}`);
  if (diagnostic.location) {
    const frame = renderCodeFrame(diagnostic.location, colors);
    if (frame) lines.push(frame);
  }
  if (diagnostic.hint) lines.push(`    ${colors.cyan('hint:')} ${hintSentence(diagnostic.hint)}`);
  return lines.join('\n');
}

export function formatUserError(error: UserError, colors: Colors): string {
  const parts: string[] = [`${colors.red(colors.bold('✘ error'))} ${error.message}`];
  if (error.location) parts.push(formatDiagnostic({ message: '', location: error.location }, colors).replace(/: $/m, ''));
  for (const diagnostic of error.diagnostics) parts.push(formatDiagnostic(diagnostic, colors));
  if (error.hint) parts.push(`${colors.cyan('hint:')} ${hintSentence(error.hint)}`);
  return parts.join('\n\n') + '\n';
}

export function formatBug(error: unknown, colors: Colors): string {
  const stack = error instanceof Error ? (error.stack ?? String(error)) : `Non-error thrown: ${String(error)}`;
  return `${colors.red(colors.bold('✘ internal error'))} neosl hit a bug. Please report it with the output below.\n\n${stack}\n`;
}

/** Any error as a person reads it: a user error with its fix, anything else as a bug to report. */
export function formatError(error: unknown, colors: Colors): string {
  return isUserError(error) ? formatUserError(error, colors) : formatBug(error, colors);
}

export function errorToJson(error: unknown): { error: Record<string, unknown> } {
  if (isUserError(error)) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.location ? { location: error.location } : {}),
        ...(error.diagnostics.length ? { diagnostics: error.diagnostics.map((d) => (d.hint === undefined ? d : { ...d, hint: hintSentence(d.hint) })) } : {}),
        ...(error.hint ? { hint: hintSentence(error.hint) } : {}),
        ...(error.details !== undefined ? { details: error.details } : {}),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: 'INTERNAL', message, stack: error instanceof Error ? error.stack : undefined } };
}
