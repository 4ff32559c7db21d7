// The request log: the host's recent requests (GET /_neosl/requests) and the live ones from the
// events stream, newest first, with filters by function, status class and text.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, HostError, messageOf } from '../api/host-client.js';
import { ErrorNote } from '../components/error-note.js';
import { StatusBadge } from '../components/status-badge.js';
import type { ConsoleAction, ConsoleState } from '../state/console-store.js';
import { formatClock, formatMs } from '../state/format.js';
import { routeHash } from '../state/hash-route.js';
import type { RequestSummary } from '../state/host-types.js';
import { filterRequests, requestsQuery, type RequestFilter } from '../state/request-filter.js';
import { STATUS_CLASSES, type StatusClass } from '../state/status-class.js';
import { navigate } from '../use-hash-route.js';
import { RequestDetailView } from './request-detail.js';

const FETCH_LIMIT = 200;
/** The log is read from its route (the events stream carries no per-request message): twice a second, so a request shows within one. */
const POLL_MS = 500;
/** Rows drawn at once: the log keeps more (for the filters), a table of hundreds redrawn 20 times a second under load would not keep up. */
const ROWS_SHOWN = 200;

interface RequestsPageProps {
  state: ConsoleState;
  dispatch(action: ConsoleAction): void;
  requestId?: string;
  filter: RequestFilter;
  onFilter(filter: RequestFilter): void;
  /** Bumped on each (re)connection: fetch again. */
  generation: number;
}

export function RequestsPage({ state, dispatch, requestId, filter, onFilter, generation }: RequestsPageProps) {
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      getJson<{ requests: RequestSummary[] }>(`/_neosl/requests?${requestsQuery(filter, FETCH_LIMIT)}`).then(
        (answer) => {
          if (!current) return;
          setError(undefined);
          dispatch({ type: 'requests', requests: answer.requests });
        },
        (failure: unknown) => {
          if (!current) return;
          setError(failure instanceof HostError && failure.status === 404 ? 'This host keeps no request log.' : `Could not load the request log: ${messageOf(failure)}`);
        },
      ).finally(() => {
        // The next read once this one is answered: never two at a time, however slow the host.
        if (current && requestId === undefined) timer = setTimeout(load, POLL_MS);
      });
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [filter.functionName, filter.statusClass, generation, requestId]);

  const matching = useMemo(() => filterRequests(state.requests, filter), [state.requests, filter]);
  const rows = matching.length > ROWS_SHOWN ? matching.slice(0, ROWS_SHOWN) : matching;
  const names = useMemo(() => {
    const seen = new Set(state.functions.map((fn) => fn.name));
    if (filter.functionName !== '') seen.add(filter.functionName);
    return [...seen].sort();
  }, [state.functions, filter.functionName]);

  if (requestId !== undefined) return <RequestDetailView requestId={requestId} />;

  return (
    <section>
      <h2>Requests</h2>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Function
          <select data-testid="filter-function" value={filter.functionName} onChange={(event) => onFilter({ ...filter, functionName: event.currentTarget.value })}>
            <option value="">all</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select data-testid="filter-status" value={filter.statusClass} onChange={(event) => onFilter({ ...filter, statusClass: event.currentTarget.value as StatusClass })}>
            <option value="">all</option>
            {STATUS_CLASSES.map((statusClass) => (
              <option key={statusClass} value={statusClass}>
                {statusClass}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          Search
          <input data-testid="filter-text" type="search" placeholder="path, request id, error code…" value={filter.text} onInput={(event) => onFilter({ ...filter, text: event.currentTarget.value })} />
        </label>
      </form>
      <ErrorNote message={error} />
      {rows.length === 0 ? (
        <p class="muted">{state.requests.length === 0 ? 'No requests yet: call a function and it shows up here.' : 'No request matches these filters.'}</p>
      ) : (
        <div class="table-scroll">
          <table class="grid cards clickable">
            <thead>
              <tr>
                <th>Time</th>
                <th>Function</th>
                <th>Request</th>
                <th>Status</th>
                <th class="num">Duration</th>
                <th>Cold</th>
                <th>Request id</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((request) => {
                const href = routeHash({ page: 'requests', requestId: request.requestId });
                return (
                  <tr key={request.requestId} data-testid="request-row" data-request-id={request.requestId} tabIndex={0} onClick={() => navigate(href)} onKeyDown={(event) => event.key === 'Enter' && navigate(href)}>
                    <td data-label="Time" class="mono">{formatClock(request.time)}</td>
                    <td data-label="Function">{request.functionName ?? '–'}</td>
                    <td data-label="Request" class="mono">
                      {request.method} {request.path}
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={request.status} /> {request.errorCode ? <span class="muted mono">{request.errorCode}</span> : null}
                    </td>
                    <td data-label="Duration" class="num">{formatMs(request.durationMs)}</td>
                    <td data-label="Cold">{request.coldStart ? 'cold' : ''}</td>
                    <td data-label="Request id" class="mono">
                      <a href={href} onClick={(event) => event.stopPropagation()}>
                        {request.requestId}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {matching.length > rows.length ? <p class="muted">The newest {rows.length} of {matching.length} shown: narrow the filters to see others.</p> : null}
    </section>
  );
}
