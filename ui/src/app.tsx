// The console's shell: asks for a token when the host wants one, keeps the live connection,
// and shows the page the hash names.
import { useCallback, useEffect, useReducer, useState } from 'preact/hooks';
import { getJson, messageOf, onUnauthorized, UnauthorizedError } from './api/host-client.js';
import { connectEvents } from './api/events-connection.js';
import { ConnectionStatus } from './components/connection-status.js';
import { ErrorNote } from './components/error-note.js';
import { Navigation } from './components/navigation.js';
import { BuildsPage } from './pages/builds-page.js';
import { ChainPage } from './pages/chain-page.js';
import { FunctionsPage } from './pages/functions-page.js';
import { InvokePage } from './pages/invoke-page.js';
import { LoginForm } from './pages/login-form.js';
import { MetricsPage } from './pages/metrics-page.js';
import { RequestsPage } from './pages/requests-page.js';
import { VersionsPage } from './pages/versions-page.js';
import { visibleFailures } from './state/build-failures.js';
import { INITIAL_STATE, reduceConsole } from './state/console-store.js';
import type { Route } from './state/hash-route.js';
import type { FunctionSummary, HealthAnswer } from './state/host-types.js';
import { NO_FILTER, type RequestFilter } from './state/request-filter.js';
import { useHashRoute } from './use-hash-route.js';

type Auth = 'checking' | 'login' | 'ok';

const TOKEN_CHECK_MS = 30_000;

export function App() {
  const route = useHashRoute();
  const [state, dispatch] = useReducer(reduceConsole, INITIAL_STATE);
  const [auth, setAuth] = useState<Auth>('checking');
  const [loginReason, setLoginReason] = useState<string>();
  const [kind, setKind] = useState<HealthAnswer['kind']>();
  const [chainAvailable, setChainAvailable] = useState(false);
  /** Bumped on each (re)connection of the events stream: pages refetch what they show. */
  const [generation, setGeneration] = useState(0);
  const [filter, setFilter] = useState<RequestFilter>(NO_FILTER);
  const [loadError, setLoadError] = useState<string>();

  const loadFunctions = useCallback(async () => {
    const answer = await getJson<{ functions: FunctionSummary[] }>('/_neosl/functions');
    dispatch({ type: 'functions', functions: answer.functions });
    setLoadError(undefined);
  }, []);

  const loadHostFacts = useCallback(() => {
    // Public on every host: says whether this is neosl dev or neosl serve.
    fetch('/_neosl/health', { cache: 'no-store' })
      .then((response) => response.json() as Promise<HealthAnswer>)
      .then((health) => setKind(health.kind))
      .catch(() => undefined);
    getJson('/_neosl/chain').then(
      () => setChainAvailable(true),
      (failure: unknown) => failure instanceof UnauthorizedError || setChainAvailable(false),
    );
  }, []);

  const verify = useCallback(async () => {
    await loadFunctions();
    setLoginReason(undefined);
    setAuth('ok');
  }, [loadFunctions]);

  useEffect(() => {
    const stop = onUnauthorized(() =>
      setAuth((previous) => {
        if (previous === 'ok') setLoginReason('The host no longer accepts the token this page had (expired or revoked): sign in again.');
        return 'login';
      }),
    );
    verify().catch((failure: unknown) => {
      if (failure instanceof UnauthorizedError) return;
      // The host is not answering yet: go on, the events connection retries and refetches when it does.
      setLoadError(`Could not load the functions: ${messageOf(failure)}`);
      setAuth('ok');
    });
    return stop;
  }, []);

  useEffect(() => {
    if (auth !== 'ok') return;
    loadHostFacts();
    const connection = connectEvents({
      onEvents: (events) => dispatch({ type: 'events', events }),
      onStatus: (status) => {
        dispatch({ type: 'connection', status });
        // A refused handshake looks like any drop: ask the API whether the token still holds (a 401 shows the login form).
        if (status === 'reconnecting') loadFunctions().catch(() => undefined);
      },
      onOpen: () => {
        loadFunctions().catch((failure: unknown) => setLoadError(`Could not load the functions: ${messageOf(failure)}`));
        loadHostFacts();
        setGeneration((n) => n + 1);
      },
    });
    return () => connection.close();
  }, [auth]);

  useEffect(() => {
    if (auth !== 'ok' || kind !== 'serve') return;
    // A token revoked while the page sits on one view is found within this long (a 401 shows the login form).
    const timer = setInterval(() => loadFunctions().catch(() => undefined), TOKEN_CHECK_MS);
    return () => clearInterval(timer);
  }, [auth, kind]);

  if (auth === 'checking') return <p class="muted boot">Connecting to the host…</p>;
  if (auth === 'login') return <LoginForm verify={verify} {...(loginReason !== undefined ? { reason: loginReason } : {})} />;

  const buildErrors = visibleFailures(state.buildFailures, state.functions).length;
  return (
    <div class="app">
      <header class="top">
        <a class="brand" href="#/functions">
          neosl <span class="muted">{kind === 'serve' ? 'serve' : kind === 'dev' ? 'dev' : ''}</span>
        </a>
        <ConnectionStatus status={state.connection} />
      </header>
      <Navigation route={route} showVersions={kind === 'serve'} showChain={chainAvailable} buildErrors={buildErrors} />
      <main class="page">
        <ErrorNote message={loadError} />
        {page(route)}
      </main>
    </div>
  );

  /** Called, not mounted as a component: a component defined here would be a new type each render and lose its state. */
  function page(route: Route) {
    switch (route.page) {
      case 'functions':
        return <FunctionsPage state={state} />;
      case 'requests':
        return <RequestsPage state={state} dispatch={dispatch} filter={filter} onFilter={setFilter} generation={generation} {...(route.requestId !== undefined ? { requestId: route.requestId } : {})} />;
      case 'invoke':
        return <InvokePage state={state} {...(route.functionName !== undefined ? { functionName: route.functionName } : {})} />;
      case 'metrics':
        return <MetricsPage state={state} />;
      case 'builds':
        return <BuildsPage state={state} />;
      case 'versions':
        return kind === 'serve' ? <VersionsPage refreshKey={`${generation}:${state.lastDeployed ?? ''}`} /> : <p class="muted">Versions are kept by neosl serve; neosl dev serves the files it watches.</p>;
      case 'chain':
        return <ChainPage canDrive={kind === 'dev'} />;
    }
  }
}
