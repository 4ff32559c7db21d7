// The console's live state as a pure reducer: what the pages show, from the host's answers
// (GET /_neosl/functions, GET /_neosl/requests) and the events stream's messages.
import { applyBuildEvent, applyErrorEvent, type BuildFailures } from './build-failures.js';
import type { FunctionSummary, HostEvent, RequestSummary } from './host-types.js';
import { addMetrics, type MetricsHistory } from './metrics-history.js';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

/** The request log keeps this many rows in the page. */
export const MAX_REQUESTS = 500;

export interface ConsoleState {
  connection: ConnectionStatus;
  functions: FunctionSummary[];
  /** False until the first answer of GET /_neosl/functions or metrics event. */
  functionsLoaded: boolean;
  /** Newest first, unique by requestId. */
  requests: RequestSummary[];
  history: MetricsHistory;
  buildFailures: BuildFailures;
  /** neosl serve: the deployed version the last reload event named (a deploy or rollback happened). */
  lastDeployed?: string;
}

export const INITIAL_STATE: ConsoleState = {
  connection: 'connecting',
  functions: [],
  functionsLoaded: false,
  requests: [],
  history: {},
  buildFailures: {},
};

export type ConsoleAction =
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'functions'; functions: FunctionSummary[] }
  /** A fetched page of the log (newest first): merged with the rows that came live meanwhile. */
  | { type: 'requests'; requests: RequestSummary[] }
  | { type: 'event'; event: HostEvent }
  /** Events that arrived within one frame, applied at once (one render for a burst of requests). */
  | { type: 'events'; events: readonly HostEvent[] };

/** Merges two newest-first lists, one row per requestId, newest first, at most MAX_REQUESTS. */
export function mergeRequests(current: readonly RequestSummary[], incoming: readonly RequestSummary[]): RequestSummary[] {
  const byId = new Map<string, RequestSummary>();
  for (const request of [...incoming, ...current]) if (!byId.has(request.requestId)) byId.set(request.requestId, request);
  return [...byId.values()].sort((a, b) => b.time - a.time).slice(0, MAX_REQUESTS);
}

function requestSummaryOf(event: Extract<HostEvent, { type: 'request' }>): RequestSummary {
  const { type: _type, bench: _bench, ...summary } = event;
  return summary;
}

/**
 * Metrics events may lack what only GET /_neosl/functions sends (the sample, a failed build's
 * diagnostics): what is already known stays, a build failure only while the function is still failed.
 */
function keepListedFields(previous: readonly FunctionSummary[], next: FunctionSummary[]): FunctionSummary[] {
  const known = new Map(previous.filter((fn) => fn.sample !== undefined || fn.buildFailure !== undefined).map((fn) => [fn.name, fn]));
  if (known.size === 0) return next;
  return next.map((fn) => {
    const before = known.get(fn.name);
    if (before === undefined) return fn;
    const sample = fn.sample ?? before.sample;
    const buildFailure = fn.state === 'failed' ? (fn.buildFailure ?? before.buildFailure) : undefined;
    if (sample === fn.sample && buildFailure === fn.buildFailure) return fn;
    const { buildFailure: _dropped, ...rest } = fn;
    return { ...rest, ...(sample !== undefined ? { sample } : {}), ...(buildFailure !== undefined ? { buildFailure } : {}) };
  });
}

function withFunctionState(functions: FunctionSummary[], name: string, state: FunctionSummary['state'], version?: number): FunctionSummary[] {
  if (!functions.some((fn) => fn.name === name)) return functions;
  return functions.map((fn) => (fn.name === name ? { ...fn, state, ...(version !== undefined ? { version } : {}) } : fn));
}

function applyEvent(state: ConsoleState, event: HostEvent): ConsoleState {
  switch (event.type) {
    case 'request':
      // Bench traffic is counted apart by the host; the log would drown in it.
      if (event.bench === true) return state;
      if (state.requests.some((request) => request.requestId === event.requestId)) return state;
      return { ...state, requests: [requestSummaryOf(event), ...state.requests].slice(0, MAX_REQUESTS) };
    case 'metrics':
      return { ...state, functions: keepListedFields(state.functions, event.functions), functionsLoaded: true, history: addMetrics(state.history, event.time, event.functions) };
    case 'build': {
      const buildFailures = applyBuildEvent(state.buildFailures, event);
      const fnState = event.status === 'start' ? undefined : event.status === 'success' ? 'ready' : 'failed';
      // A failed rebuild keeps the last good version serving: the row stays as the host reports it.
      const functions = fnState === 'ready' ? withFunctionState(state.functions, event.functionName, fnState) : state.functions;
      return buildFailures === state.buildFailures && functions === state.functions ? state : { ...state, buildFailures, functions };
    }
    case 'reload': {
      const functions = withFunctionState(state.functions, event.functionName, 'ready', event.version);
      return { ...state, functions, ...(event.deployed !== undefined ? { lastDeployed: event.deployed } : {}) };
    }
    case 'error': {
      const buildFailures = applyErrorEvent(state.buildFailures, event);
      return buildFailures === state.buildFailures ? state : { ...state, buildFailures };
    }
    case 'log':
    case 'ready':
      return state;
  }
}

/**
 * A batch of events: the request rows of the whole batch are prepended at once (under load a batch
 * holds thousands, and one copy of the log per event would cost the page more than the host);
 * every other event in order.
 */
function applyBatch(state: ConsoleState, events: readonly HostEvent[]): ConsoleState {
  const known = new Set<string>();
  const added: RequestSummary[] = [];
  let next = state;
  for (const event of events) {
    if (event.type !== 'request') {
      next = applyEvent(next, event);
      continue;
    }
    if (event.bench === true) continue;
    if (known.size === 0) for (const request of state.requests) known.add(request.requestId);
    if (known.has(event.requestId)) continue;
    known.add(event.requestId);
    added.push(requestSummaryOf(event));
  }
  if (added.length === 0) return next;
  added.reverse();
  return { ...next, requests: (added.length >= MAX_REQUESTS ? added.slice(0, MAX_REQUESTS) : [...added, ...next.requests].slice(0, MAX_REQUESTS)) };
}

export function reduceConsole(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'connection':
      return action.status === state.connection ? state : { ...state, connection: action.status };
    case 'functions':
      return { ...state, functions: action.functions, functionsLoaded: true };
    case 'requests':
      return { ...state, requests: mergeRequests(state.requests, action.requests) };
    case 'event':
      return applyEvent(state, action.event);
    case 'events':
      return applyBatch(state, action.events);
  }
}

/** Parses one events-stream message; undefined for anything that is not a HostEvent. */
export function parseHostEvent(text: string): HostEvent | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const type = (value as { type?: unknown }).type;
    return type === 'request' || type === 'log' || type === 'build' || type === 'reload' || type === 'error' || type === 'metrics' || type === 'ready' ? (value as HostEvent) : undefined;
  } catch {
    return undefined;
  }
}
