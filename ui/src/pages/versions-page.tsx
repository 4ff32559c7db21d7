// neosl serve: the deployed versions, the active one marked, a rollback per other version, and
// the canary's state. Refetched after a rollback and whenever the host reports a new deployed version.
import { useEffect, useState } from 'preact/hooks';
import { getJson, messageOf, postJson } from '../api/host-client.js';
import { ErrorNote } from '../components/error-note.js';
import type { Canary, VersionsAnswer } from '../state/host-types.js';

function CanaryState({ canary }: { canary: Canary | null }) {
  if (canary === null) return <p data-testid="canary-state" data-state="none" class="muted">No canary: the active version takes all the traffic.</p>;
  const side = (label: string, stats: Canary['stats']['stable']) => `${label}: ${stats.requests} requests, ${stats.errors} errors, p99 ${stats.p99Ms === null ? '–' : `${stats.p99Ms.toFixed(1)} ms`}`;
  return (
    <div data-testid="canary-state" data-state={canary.state} class="canary">
      <p>
        Canary <strong>{canary.version}</strong> {canary.state} with {canary.percent}% of the traffic beside <strong>{canary.stable}</strong>
        {canary.endsAt && canary.state === 'running' ? `, watched until ${new Date(canary.endsAt).toLocaleTimeString()}` : ''}.
      </p>
      {canary.reason ? <p class="muted">{canary.reason}</p> : null}
      <p class="muted">{side(canary.version, canary.stats.canary)}</p>
      <p class="muted">{side(canary.stable, canary.stats.stable)}</p>
    </div>
  );
}

export function VersionsPage({ refreshKey }: { refreshKey: string }) {
  const [answer, setAnswer] = useState<VersionsAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    getJson<VersionsAnswer>('/_neosl/versions').then(
      (next) => {
        if (!current) return;
        setAnswer(next);
        setError(undefined);
      },
      (failure: unknown) => current && setError(`Could not load the versions: ${messageOf(failure)}`),
    );
    return () => {
      current = false;
    };
  }, [refreshKey, reload]);

  const rollback = async (to: string) => {
    setBusy(to);
    setError(undefined);
    try {
      await postJson('/_neosl/rollback', { to, expectedActive: answer?.active ?? null });
    } catch (failure) {
      setError(`Rollback to ${to} failed: ${messageOf(failure)}`);
    } finally {
      setBusy(undefined);
      setReload((n) => n + 1);
    }
  };

  const versions = answer ? [...answer.versions].sort((a, b) => b.number - a.number) : [];
  return (
    <section>
      <h2>Versions {answer?.project ? <span class="muted">of {answer.project}</span> : null}</h2>
      <ErrorNote message={error} />
      {answer === undefined ? (
        error === undefined ? <p class="muted">Loading…</p> : null
      ) : (
        <>
          <CanaryState canary={answer.canary} />
          {versions.length === 0 ? (
            <p class="muted">Nothing is deployed yet: run neosl deploy.</p>
          ) : (
            <div class="table-scroll">
              <table class="grid cards">
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Created</th>
                    <th>By</th>
                    <th>Message</th>
                    <th>Functions</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {versions.map((version) => {
                    const active = version.id === answer.active;
                    return (
                      <tr key={version.id} data-testid="version-row" data-version={version.id} data-active={active ? 'true' : 'false'} class={active ? 'active-row' : undefined}>
                        <td data-label="Version">
                          <strong>{version.id}</strong> {active ? <span class="badge ok">active</span> : null} <span class="muted mono">{version.hash.slice(0, 12)}</span>
                        </td>
                        <td data-label="Created">{new Date(version.createdAt).toLocaleString()}</td>
                        <td data-label="By">{version.createdBy}</td>
                        <td data-label="Message">{version.message ?? ''}</td>
                        <td data-label="Functions">{Object.keys(version.functions).join(', ')}</td>
                        <td>
                          {active ? null : (
                            <button type="button" data-testid="rollback" data-version={version.id} disabled={busy !== undefined} onClick={() => rollback(version.id)}>
                              {busy === version.id ? 'Rolling back…' : `Roll back to ${version.id}`}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
