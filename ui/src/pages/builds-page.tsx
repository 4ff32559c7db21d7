// Build failures with their code frames, from `build` (failure) and `error` (with diagnostics)
// events; a function whose build is failing per the host's summary but whose failure event came
// before the page opened is listed too. A later successful build clears it.
import { codeFrame, locationText } from '../state/code-frame.js';
import { visibleFailures, type BuildFailure } from '../state/build-failures.js';
import type { ConsoleState } from '../state/console-store.js';
import { formatClock } from '../state/format.js';

function FailureCard({ failure }: { failure: BuildFailure }) {
  return (
    <article class="build-error" data-testid="build-error" data-function={failure.functionName}>
      <h3>
        {failure.functionName} {failure.time > 0 ? <span class="muted">{formatClock(failure.time)}</span> : null}
      </h3>
      <p>{failure.message}</p>
      {failure.diagnostics.map((diagnostic, index) => (
        <div key={index} class="diagnostic">
          {diagnostic.location ? <p class="mono location">{locationText(diagnostic.location)}</p> : null}
          {diagnostic.message !== failure.message || diagnostic.location ? <p>{diagnostic.message}</p> : null}
          {diagnostic.location && diagnostic.location.lineText !== undefined ? <pre class="code frame">{codeFrame(diagnostic.location).join('\n')}</pre> : null}
          {diagnostic.hint ? <p class="hint">{diagnostic.hint}</p> : null}
        </div>
      ))}
    </article>
  );
}

export function BuildsPage({ state }: { state: ConsoleState }) {
  const failures = visibleFailures(state.buildFailures, state.functions);
  return (
    <section>
      <h2>Builds</h2>
      {failures.length === 0 ? (
        <p data-testid="builds-ok" class="ok-note">
          Every function builds. The last good version of a function keeps serving while its build is broken, and its errors show here.
        </p>
      ) : (
        failures.map((failure) => <FailureCard key={failure.functionName} failure={failure} />)
      )}
    </section>
  );
}
