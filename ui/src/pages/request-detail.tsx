// One request in full: its summary, the error with its source-mapped stack, the input and output
// bodies (64 KiB shown, "show all" fetches ?full=1), both headers and the logs it wrote.
import { useEffect, useState } from 'preact/hooks';
import { getJson, HostError, messageOf } from '../api/host-client.js';
import { BodyView } from '../components/body-view.js';
import { ErrorNote } from '../components/error-note.js';
import { HeadersTable } from '../components/headers-table.js';
import { StatusBadge } from '../components/status-badge.js';
import { previewBody } from '../state/body-preview.js';
import { formatClock, formatMs } from '../state/format.js';
import type { RequestDetail } from '../state/host-types.js';

/** A request seen live may not be in the host's log yet: a 404 is tried again this many times. */
const NOT_FOUND_RETRIES = 3;

function detailPath(requestId: string, full: boolean): string {
  return `/_neosl/requests/${encodeURIComponent(requestId)}${full ? '?full=1' : ''}`;
}

export function RequestDetailView({ requestId }: { requestId: string }) {
  const [detail, setDetail] = useState<RequestDetail>();
  const [full, setFull] = useState(false);
  const [loadingFull, setLoadingFull] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setDetail(undefined);
    setFull(false);
    setError(undefined);
    const load = (attempt: number) => {
      getJson<RequestDetail>(detailPath(requestId, false)).then(
        (answer) => current && setDetail(answer),
        (failure: unknown) => {
          if (!current) return;
          if (failure instanceof HostError && failure.status === 404 && attempt < NOT_FOUND_RETRIES) {
            timer = setTimeout(() => load(attempt + 1), 300 * (attempt + 1));
            return;
          }
          setError(failure instanceof HostError && failure.status === 404 ? `The host has no request ${requestId} (it keeps the most recent ones only).` : `Could not load the request: ${messageOf(failure)}`);
        },
      );
    };
    load(0);
    return () => {
      current = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [requestId]);

  const showAll = () => {
    setLoadingFull(true);
    getJson<RequestDetail>(detailPath(requestId, true)).then(
      (answer) => {
        setDetail(answer);
        setFull(true);
        setLoadingFull(false);
      },
      (failure: unknown) => {
        setError(`Could not load the whole body: ${messageOf(failure)}`);
        setLoadingFull(false);
      },
    );
  };

  return (
    <section data-testid="request-detail" class="detail">
      <p>
        <a href="#/requests">← all requests</a>
      </p>
      <h2 class="mono">{requestId}</h2>
      <ErrorNote message={error} />
      {detail === undefined ? (
        error === undefined ? <p class="muted">Loading…</p> : null
      ) : (
        <>
          <dl class="facts">
            <dt>Function</dt>
            <dd>{detail.functionName ?? '–'}</dd>
            <dt>Request</dt>
            <dd class="mono">
              {detail.method} {detail.path}
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={detail.status} /> {detail.errorCode ? <span class="mono">{detail.errorCode}</span> : null}
            </dd>
            <dt>Duration</dt>
            <dd>{formatMs(detail.durationMs)}</dd>
            <dt>Cold start</dt>
            <dd>{detail.coldStart ? 'yes' : 'no'}</dd>
            <dt>Time</dt>
            <dd>{formatClock(detail.time)}</dd>
            {detail.version !== undefined ? (
              <>
                <dt>Version</dt>
                <dd>{detail.version}</dd>
              </>
            ) : null}
          </dl>
          {detail.error ? (
            <section class="failure">
              <h3>
                Error <span class="mono">{detail.error.code}</span>
              </h3>
              <p>{detail.error.message}</p>
              {detail.error.stack ? <pre class="code">{detail.error.stack}</pre> : null}
            </section>
          ) : null}
          <div class="two-columns">
            <BodyView title="Input" body={detail.input} full={full} loadingFull={loadingFull} onShowAll={showAll} />
            <BodyView title="Output" body={detail.output} full={full} loadingFull={loadingFull} {...(previewBody(detail.input, full).canShowAll ? {} : { onShowAll: showAll })} />
          </div>
          <div class="two-columns">
            <HeadersTable title="Request headers" headers={detail.requestHeaders} />
            <HeadersTable title="Response headers" headers={detail.responseHeaders} />
          </div>
          <section>
            <h3>Logs</h3>
            {detail.logs.length === 0 ? (
              <p class="muted">This request wrote no logs.</p>
            ) : (
              <pre class="code logs">
                {detail.logs.map((log, index) => (
                  <div key={index} class={`log log-${log.level}`}>
                    <span class="muted">{formatClock(log.time)}</span> <span class="level">{log.level.toUpperCase()}</span> {log.message}
                  </div>
                ))}
              </pre>
            )}
          </section>
        </>
      )}
    </section>
  );
}
