// How a failed build of a function is announced, in the plain lines and in the dashboard alike: once,
// with "build failed" said once. The bundler's messages already name the function and often say
// "build failed with N errors"; the session also sends an error event with the same message.
import type { Diagnostic } from '../errors.js';
import type { BuildEvent, ErrorEvent } from '../host/events.js';

/**
 * "hello: build failed with 1 error" as the bundler says it, "hello: build failed: <why>" for any
 * other message, and just "hello: build failed" when the diagnostics below repeat the message.
 */
export function buildFailureHeadline(functionName: string, message: string | undefined, diagnostics: readonly Diagnostic[] = []): string {
  const prefix = `${functionName}: `;
  const own = message?.startsWith(prefix) ? message.slice(prefix.length) : message;
  const repeatedBelow = diagnostics.length > 0 && diagnostics.every((diagnostic) => diagnostic.message === message || diagnostic.message === own);
  if (own === undefined || own.trim() === '' || repeatedBelow) return `${functionName}: build failed`;
  return /\bbuild failed\b/.test(own) ? `${prefix}${own}` : `${prefix}build failed: ${own}`;
}

/** What a failed build means for the function's requests. */
export function buildFailureConsequence(serving: boolean): string {
  return serving ? 'the last good version keeps serving' : 'its requests answer 503 until it builds';
}

/**
 * The build failures shown so far, so that the error event the session sends with each one is not
 * shown a second time; and which functions have a version serving (for the consequence).
 */
export class ShownBuildFailures {
  /** Per function: the message of its current failure and everything shown with it. */
  private readonly failures = new Map<string, { message: string | undefined; shown: string }>();
  private readonly serving = new Set<string>();

  /** Records a build event; for a failure, whether it differs from the one shown for that function already. */
  onBuild(event: BuildEvent): boolean {
    if (event.status === 'success') this.failures.delete(event.functionName);
    if (event.status !== 'failure') return false;
    const shown = JSON.stringify([event.message, event.diagnostics ?? []]);
    const isNew = this.failures.get(event.functionName)?.shown !== shown;
    this.failures.set(event.functionName, { message: event.message, shown });
    return isNew;
  }

  onServing(functionName: string): void {
    this.serving.add(functionName);
  }

  isServing(functionName: string): boolean {
    return this.serving.has(functionName);
  }

  /** Whether an error event only repeats the failed build of its function (shown with the build). */
  repeatsBuildFailure(event: ErrorEvent): boolean {
    if (event.functionName === undefined) return false;
    const failure = this.failures.get(event.functionName);
    return failure !== undefined && failure.message === event.message;
  }
}
