// Call a function from the page: its sample input (or {}) in a JSON editor; an http function's
// method and path (its routes come with GET /_neosl/functions). Shows the answer's status, duration,
// request id and body.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { hostFetch, messageOf } from '../api/host-client.js';
import { ErrorNote } from '../components/error-note.js';
import { StatusBadge } from '../components/status-badge.js';
import { cutText, formatBytes, PREVIEW_LIMIT_CHARS } from '../state/body-preview.js';
import type { ConsoleState } from '../state/console-store.js';
import { formatMs } from '../state/format.js';
import { routeHash } from '../state/hash-route.js';
import type { FunctionSummary } from '../state/host-types.js';
import { checkJson, HTTP_METHODS, httpRoutes, invokeDefaults, invokeRequest, type InvokeRequest } from '../state/invoke-target.js';
import { navigate } from '../use-hash-route.js';

interface InvokeResult {
  status: number;
  durationMs: number;
  requestId: string | null;
  coldStart: string | null;
  body: string;
}

async function send(request: InvokeRequest, admin: boolean): Promise<InvokeResult> {
  const started = performance.now();
  const init: RequestInit = { method: request.method, ...(request.body !== undefined ? { body: request.body, headers: { 'content-type': 'application/json' } } : {}) };
  // /_neosl/trigger takes the host's token; a function's own route never gets it (the function would see it).
  const response = admin ? await hostFetch(request.url, init) : await fetch(request.url, { ...init, cache: 'no-store' });
  const body = await response.text();
  const measured = performance.now() - started;
  const reported = Number(response.headers.get('x-neosl-duration-ms'));
  return {
    status: response.status,
    durationMs: Number.isFinite(reported) && response.headers.has('x-neosl-duration-ms') ? reported : measured,
    requestId: response.headers.get('x-neosl-request-id'),
    coldStart: response.headers.get('x-neosl-cold-start'),
    body,
  };
}

function prettyBody(text: string): string {
  const cut = cutText(text, PREVIEW_LIMIT_CHARS);
  if (cut.length < text.length) return cut;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function InvokeForm({ fn }: { fn: FunctionSummary }) {
  const routes = useMemo(() => httpRoutes(fn), [fn.name, fn.routes.join('\n')]);
  const http = routes.length > 0;
  const defaults = useMemo(() => invokeDefaults(fn), [fn.name]);
  const [input, setInput] = useState(defaults.input);
  const [method, setMethod] = useState(defaults.method);
  const [path, setPath] = useState(defaults.path);
  const [result, setResult] = useState<InvokeResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setInput(defaults.input);
    setMethod(defaults.method);
    setPath(defaults.path);
    setResult(undefined);
    setError(undefined);
  }, [defaults]);

  const check = checkJson(input, http);
  const submit = async (event: Event) => {
    event.preventDefault();
    const planned = invokeRequest(fn, input, method, path);
    if (!planned.ok) {
      setError(planned.message);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setResult(await send(planned.request, !http));
    } catch (failure) {
      setResult(undefined);
      setError(`The request failed: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="invoke" onSubmit={submit}>
      {http ? (
        <div class="row">
          <label>
            Method
            <select data-testid="invoke-method" value={method} onChange={(event) => setMethod(event.currentTarget.value)}>
              {HTTP_METHODS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label class="grow">
            Path
            <input data-testid="invoke-path" class="mono" value={path} list="invoke-routes" onInput={(event) => setPath(event.currentTarget.value)} spellcheck={false} />
            <datalist id="invoke-routes">
              {routes.map((route) => (
                <option key={`${route.method} ${route.path}`} value={route.path}>
                  {route.method}
                </option>
              ))}
            </datalist>
          </label>
        </div>
      ) : (
        <p class="muted mono">POST /_neosl/trigger/{fn.name}</p>
      )}
      <label>
        {http ? 'Body (JSON, empty for none)' : 'Input (JSON)'}
        <textarea data-testid="invoke-input" class="mono" rows={12} spellcheck={false} value={input} onInput={(event) => setInput(event.currentTarget.value)} aria-invalid={!check.ok} />
      </label>
      {!check.ok ? <p class="field-error">{check.message}</p> : null}
      <div class="row">
        <button type="submit" data-testid="invoke-submit" class="primary" disabled={busy || !check.ok}>
          {busy ? 'Invoking…' : 'Invoke'}
        </button>
        {http && routes.length > 1 ? <span class="muted">routes: {routes.map((route) => `${route.method} ${route.path}`).join(', ')}</span> : null}
      </div>
      <ErrorNote message={error} />
      {result ? (
        <section data-testid="invoke-result" class="result">
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={result.status} />
            </dd>
            <dt>Duration</dt>
            <dd>{formatMs(result.durationMs)}</dd>
            <dt>Request id</dt>
            <dd class="mono">{result.requestId ? <a href={routeHash({ page: 'requests', requestId: result.requestId })}>{result.requestId}</a> : '–'}</dd>
            {result.coldStart !== null ? (
              <>
                <dt>Cold start</dt>
                <dd>{result.coldStart === 'true' ? 'yes' : 'no'}</dd>
              </>
            ) : null}
            <dt>Size</dt>
            <dd>{formatBytes(result.body.length)}</dd>
          </dl>
          <pre class="code">{prettyBody(result.body)}</pre>
        </section>
      ) : null}
    </form>
  );
}

export function InvokePage({ state, functionName }: { state: ConsoleState; functionName?: string }) {
  const chosen = state.functions.find((fn) => fn.name === functionName) ?? (functionName === undefined ? state.functions[0] : undefined);
  return (
    <section>
      <h2>Invoke</h2>
      {!state.functionsLoaded ? (
        <p class="muted">Loading functions…</p>
      ) : state.functions.length === 0 ? (
        <p class="muted">This project has no functions yet.</p>
      ) : (
        <>
          <label>
            Function
            <select data-testid="invoke-function" value={chosen?.name ?? ''} onChange={(event) => navigate(routeHash({ page: 'invoke', functionName: event.currentTarget.value }))}>
              {chosen === undefined ? <option value="">(choose one)</option> : null}
              {state.functions.map((fn) => (
                <option key={fn.name} value={fn.name}>
                  {fn.name}
                </option>
              ))}
            </select>
          </label>
          {chosen === undefined ? <ErrorNote message={`There is no function named ${functionName ?? ''}.`} /> : <InvokeForm key={chosen.name} fn={chosen} />}
        </>
      )}
    </section>
  );
}
