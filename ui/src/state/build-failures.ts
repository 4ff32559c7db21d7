// The build failures the Builds page lists: a failed `build` event, or an `error` event that carries
// diagnostics, per function (errors without a function under "(project)", e.g. neosl.yaml);
// a later successful build of that function clears it.
import type { BuildEvent, Diagnostic, ErrorEvent, FunctionSummary } from './host-types.js';

export const PROJECT_KEY = '(project)';

export interface BuildFailure {
  functionName: string;
  time: number;
  message: string;
  diagnostics: Diagnostic[];
}

export type BuildFailures = Readonly<Record<string, BuildFailure>>;

export function applyBuildEvent(failures: BuildFailures, event: BuildEvent): BuildFailures {
  if (event.status === 'failure') {
    const message = event.message ?? event.diagnostics?.[0]?.message ?? 'the build failed';
    return { ...failures, [event.functionName]: { functionName: event.functionName, time: event.time, message, diagnostics: event.diagnostics ?? [] } };
  }
  if (event.status === 'success' && (event.functionName in failures || PROJECT_KEY in failures)) {
    // A successful build also means the project config it was built from loaded: the project-level error is gone too.
    const { [event.functionName]: _cleared, [PROJECT_KEY]: _project, ...rest } = failures;
    return rest;
  }
  return failures;
}

export function applyErrorEvent(failures: BuildFailures, event: ErrorEvent): BuildFailures {
  if (event.warning === true || event.diagnostics === undefined || event.diagnostics.length === 0) return failures;
  const key = event.functionName ?? PROJECT_KEY;
  return { ...failures, [key]: { functionName: key, time: event.time, message: event.message, diagnostics: event.diagnostics } };
}

/**
 * The failures from events, plus one for each function the host reports failed whose failure event
 * came before the page opened: with its diagnostics when the summary carries them (buildFailure).
 */
export function visibleFailures(failures: BuildFailures, functions: readonly Pick<FunctionSummary, 'name' | 'state' | 'buildFailure'>[]): BuildFailure[] {
  const listed = Object.values(failures);
  const seen = new Set(listed.map((failure) => failure.functionName));
  for (const fn of functions) {
    if (fn.state !== 'failed' || seen.has(fn.name)) continue;
    const known = fn.buildFailure;
    listed.push(
      known
        ? { functionName: fn.name, time: known.time ?? 0, message: known.message, diagnostics: known.diagnostics ?? [] }
        : { functionName: fn.name, time: 0, message: 'The last build failed (its errors come with the next build).', diagnostics: [] },
    );
  }
  return listed.sort((a, b) => a.functionName.localeCompare(b.functionName));
}
