import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, MAX_REQUESTS, mergeRequests, parseHostEvent, reduceConsole, type ConsoleState } from '../../ui/src/state/console-store.js';
import type { FunctionSummary, HostEvent, RequestEvent, RequestSummary } from '../../ui/src/state/host-types.js';

const summary = (name: string, requests = 0, errors = 0, state: FunctionSummary['state'] = 'ready'): FunctionSummary => ({
  name,
  routes: [`POST /functions/${name}`],
  state,
  version: 1,
  instances: 1,
  requests,
  errors,
  p50: 1,
  p99: 2,
  coldStarts: 0,
});

const request = (requestId: string, time: number, extra: Partial<RequestEvent> = {}): RequestEvent => ({
  type: 'request',
  time,
  requestId,
  functionName: 'hello',
  method: 'POST',
  path: '/functions/hello',
  status: 200,
  durationMs: 1.5,
  coldStart: false,
  ...extra,
});

const apply = (state: ConsoleState, ...events: HostEvent[]) => reduceConsole(state, { type: 'events', events });

describe('the console store', () => {
  it('puts live requests first, once each, without the event type or the bench mark', () => {
    const state = apply(INITIAL_STATE, request('a', 1), request('b', 2), request('a', 1));
    expect(state.requests.map((r) => r.requestId)).toEqual(['b', 'a']);
    expect(state.requests[0]).not.toHaveProperty('type');
  });

  it('leaves bench traffic out of the log', () => {
    expect(apply(INITIAL_STATE, request('a', 1, { bench: true })).requests).toEqual([]);
  });

  it('keeps at most MAX_REQUESTS rows', () => {
    const events = Array.from({ length: MAX_REQUESTS + 20 }, (_, i) => request(`r${i}`, i));
    const state = apply(INITIAL_STATE, ...events);
    expect(state.requests).toHaveLength(MAX_REQUESTS);
    expect(state.requests[0]!.requestId).toBe(`r${MAX_REQUESTS + 19}`);
  });

  it('merges a fetched page of the log with the live rows, newest first, one per id', () => {
    const live: RequestSummary[] = [{ ...request('c', 30) }, { ...request('b', 20) }];
    const fetched: RequestSummary[] = [{ ...request('b', 20) }, { ...request('a', 10) }];
    expect(mergeRequests(live, fetched).map((r) => r.requestId)).toEqual(['c', 'b', 'a']);
  });

  it('replaces the functions with each metrics event and derives req/s from the counters', () => {
    let state = apply(INITIAL_STATE, { type: 'metrics', time: 1000, functions: [summary('hello', 10)], rssBytes: 1 });
    state = apply(state, { type: 'metrics', time: 3000, functions: [summary('hello', 30, 2)], rssBytes: 1 });
    expect(state.functionsLoaded).toBe(true);
    expect(state.functions[0]!.requests).toBe(30);
    expect(state.history.hello!.samples).toEqual([{ time: 3, rps: 10, errorsPerSecond: 1, p50: 1, p99: 2 }]);
  });

  it('keeps the samples GET /_neosl/functions sent when a metrics event (which has none) replaces the functions', () => {
    const listed = reduceConsole(INITIAL_STATE, { type: 'functions', functions: [{ ...summary('hello'), sample: { kind: 'input', input: { name: 'neo' } } }] });
    const state = apply(listed, { type: 'metrics', time: 1000, functions: [summary('hello', 3), summary('new')], rssBytes: 1 });
    expect(state.functions.map((fn) => [fn.name, fn.requests, fn.sample])).toEqual([
      ['hello', 3, { kind: 'input', input: { name: 'neo' } }],
      ['new', 0, undefined],
    ]);
  });

  it('keeps a failed build\'s diagnostics from GET /_neosl/functions while the function stays failed', () => {
    const buildFailure = { time: 1, message: 'api: build failed', diagnostics: [{ message: 'x' }] };
    const listed = reduceConsole(INITIAL_STATE, { type: 'functions', functions: [{ ...summary('api', 0, 0, 'failed'), buildFailure }] });
    const stillFailed = apply(listed, { type: 'metrics', time: 1000, functions: [summary('api', 0, 0, 'failed')], rssBytes: 1 });
    expect(stillFailed.functions[0]!.buildFailure).toEqual(buildFailure);
    const fixed = apply(stillFailed, { type: 'metrics', time: 2000, functions: [summary('api', 0, 0, 'ready')], rssBytes: 1 });
    expect(fixed.functions[0]!.buildFailure).toBeUndefined();
  });

  it('lists a failed build and clears it when a later build of that function succeeds', () => {
    const failed = apply(INITIAL_STATE, {
      type: 'build',
      time: 5,
      functionName: 'hello',
      status: 'failure',
      message: 'Expected ";"',
      diagnostics: [{ message: 'Expected ";"', location: { file: 'functions/hello/index.ts', line: 3, column: 7, lineText: 'const x = ' } }],
    });
    expect(failed.buildFailures.hello?.diagnostics).toHaveLength(1);
    const otherBuilt = apply(failed, { type: 'build', time: 6, functionName: 'other', status: 'success' });
    expect(otherBuilt.buildFailures.hello).toBeDefined();
    const fixed = apply(otherBuilt, { type: 'build', time: 7, functionName: 'hello', status: 'start' }, { type: 'build', time: 8, functionName: 'hello', status: 'success' });
    expect(fixed.buildFailures).toEqual({});
  });

  it('lists error events that carry diagnostics, not plain errors or warnings', () => {
    const withDiagnostics = apply(INITIAL_STATE, { type: 'error', time: 1, message: 'neosl.yaml is invalid', diagnostics: [{ message: 'unknown key' }] });
    expect(Object.keys(withDiagnostics.buildFailures)).toEqual(['(project)']);
    const plain = apply(INITIAL_STATE, { type: 'error', time: 1, message: 'instance crashed', functionName: 'hello' }, { type: 'error', time: 1, message: 'listening on 0.0.0.0', warning: true, diagnostics: [{ message: 'x' }] });
    expect(plain).toBe(INITIAL_STATE);
  });

  it('marks a function ready with its new version on reload, and remembers the deployed version', () => {
    let state = reduceConsole(INITIAL_STATE, { type: 'functions', functions: [summary('hello', 0, 0, 'failed')] });
    state = apply(state, { type: 'reload', time: 1, functionName: 'hello', version: 4, durationMs: 3, cause: 'functions/hello/index.ts', deployed: 'v4' });
    expect(state.functions[0]).toMatchObject({ state: 'ready', version: 4 });
    expect(state.lastDeployed).toBe('v4');
  });

  it('tracks the connection status without changing state for a repeat', () => {
    const live = reduceConsole(INITIAL_STATE, { type: 'connection', status: 'live' });
    expect(live.connection).toBe('live');
    expect(reduceConsole(live, { type: 'connection', status: 'live' })).toBe(live);
  });

  it('parses only HostEvents from the stream', () => {
    expect(parseHostEvent(JSON.stringify(request('a', 1)))?.type).toBe('request');
    expect(parseHostEvent('{"type":"other"}')).toBeUndefined();
    expect(parseHostEvent('not json')).toBeUndefined();
    expect(parseHostEvent('null')).toBeUndefined();
  });

  it('keeps a function name with HTML in it as plain data', () => {
    const name = '<img src=x onerror=alert(1)>';
    const state = reduceConsole(INITIAL_STATE, { type: 'functions', functions: [summary(name)] });
    expect(state.functions[0]!.name).toBe(name);
  });
});
