// `sample:` of a function in neosl.yaml: the input it is tried with when none is given. A function
// with http routes takes a request, `{ method?, path?, query?, headers?, body? }`, checked against its
// routes; any other function takes its input as written (an event, a JSON value), unchecked.
//
// The check runs on the functions as written (validated or not: every problem is reported at once),
// so it reads their triggers defensively.
import { createRequire } from 'node:module';
import { didYouMean } from '../util/suggest.js';
import { functionPath, hasPathParameters, httpRoutes, listRoutes, pickRoute, routeExample, type Route } from './http-routes.js';
import { HTTP_METHODS, type FunctionConfig, type FunctionSample, type HttpMethod, type HttpSample } from './types.js';
import { describeValue } from './units.js';

export const HTTP_SAMPLE_KEYS = ['method', 'path', 'query', 'headers', 'body'] as const;

export interface SampleProblem {
  /** Below `sample`. */
  path: (string | number)[];
  message: string;
  hint?: string;
  at?: 'key';
}

type RawObject = Record<string, unknown>;

const isMapping = (value: unknown): value is RawObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const BODY_HINT = 'put the request body under "body:", e.g. sample: { body: { name: neo } }';

/** The http routes among triggers as written, and whether each of them is valid (else no route check). */
function writtenRoutes(functionName: string, triggers: unknown): { routes: Route[]; valid: boolean } {
  const routes: Route[] = [];
  let valid = true;
  if (!Array.isArray(triggers)) return { routes, valid };
  for (const trigger of triggers) {
    const http = isMapping(trigger) ? trigger.http : undefined;
    if (!isMapping(http)) continue;
    const method = typeof http.method === 'string' ? http.method.trim().toUpperCase() : '';
    const path = typeof http.path === 'string' ? http.path : '';
    if (path === functionPath(functionName)) continue;
    if (!(HTTP_METHODS as readonly string[]).includes(method) || !path.startsWith('/')) valid = false;
    routes.push({ method, path });
  }
  return { routes, valid };
}

/** node:http, loaded only for a sample with headers: every command reads neosl.yaml, few need http (~2 ms to load). */
function nodeHttp(): typeof import('node:http') {
  return createRequire(import.meta.url)('node:http') as typeof import('node:http');
}

function stringMap(value: unknown, key: 'query' | 'headers', problems: SampleProblem[]): void {
  if (!isMapping(value)) {
    problems.push({ path: [key], message: `expected a mapping of ${key === 'query' ? 'parameter' : 'header'} names to values, got ${describeValue(value)}`, hint: key === 'query' ? 'for example query: { limit: 5 }' : 'for example headers: { x-api-key: test }' });
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      problems.push({ path: [key, name], message: `expected a string, number or boolean, got ${describeValue(item)}` });
      continue;
    }
    if (key !== 'headers') continue;
    try {
      const { validateHeaderName, validateHeaderValue } = nodeHttp();
      validateHeaderName(name);
      validateHeaderValue(name, String(item));
    } catch (error) {
      problems.push({ path: [key, name], message: `not a valid HTTP header: ${(error as Error).message}`, at: 'key' });
    }
  }
}

/** What is wrong with the sample request of a function with these routes. */
function httpSampleProblems(sample: unknown, routes: Route[], checkRoutes: boolean): SampleProblem[] {
  if (!isMapping(sample)) {
    return [{ path: [], message: `a function with http routes (${listRoutes(routes)}) takes a sample request, a mapping of ${HTTP_SAMPLE_KEYS.join(', ')}; got ${describeValue(sample)}`, hint: BODY_HINT }];
  }
  const problems: SampleProblem[] = [];
  for (const key of Object.keys(sample)) {
    if ((HTTP_SAMPLE_KEYS as readonly string[]).includes(key)) continue;
    problems.push({ path: [key], message: `unknown key "${key}": a sample request has ${HTTP_SAMPLE_KEYS.join(', ')}`, hint: didYouMean(key, HTTP_SAMPLE_KEYS) ?? BODY_HINT, at: 'key' });
  }
  let method: string | undefined;
  if (sample.method !== undefined) {
    const upper = typeof sample.method === 'string' ? sample.method.trim().toUpperCase() : '';
    if ((HTTP_METHODS as readonly string[]).includes(upper)) method = upper;
    else {
      const hint = didYouMean(upper, HTTP_METHODS);
      problems.push({ path: ['method'], message: `expected an HTTP method (${HTTP_METHODS.join(', ')}), got ${describeValue(sample.method)}`, ...(hint ? { hint } : {}) });
    }
  }
  let path: string | undefined;
  if (sample.path !== undefined) {
    if (typeof sample.path === 'string' && sample.path.startsWith('/') && !/[\s?#]/.test(sample.path)) path = sample.path;
    else {
      const hint = typeof sample.path === 'string' && sample.path.includes('?') ? 'put query parameters under "query:"' : 'a path starts with "/", e.g. /items/1';
      problems.push({ path: ['path'], message: `expected a request path like "/items/1", got ${describeValue(sample.path)}`, hint });
    }
  }
  if (sample.query !== undefined) stringMap(sample.query, 'query', problems);
  if (sample.headers !== undefined) stringMap(sample.headers, 'headers', problems);
  if (!checkRoutes || problems.some((problem) => problem.path[0] === 'method' || problem.path[0] === 'path')) return problems;

  const route = pickRoute(routes, { method, path, hasBody: sample.body !== undefined });
  if (route === undefined) {
    const asked = [method, path].filter((part) => part !== undefined).join(' ');
    problems.push({ path: [path !== undefined ? 'path' : 'method'], message: `${asked} is not a route of this function: its routes are ${listRoutes(routes)}`, hint: 'give the method and path of one of them' });
  } else if (path === undefined && hasPathParameters(route.path)) {
    problems.push({ path: [], message: `the route ${route.method} ${route.path} has parameters: the sample needs the path to request`, hint: `add path: ${routeExample(route.path)} with real values` });
  }
  return problems;
}

/** The problems of one function's `sample` as written (none when it has no sample, or takes any input). */
export function sampleProblems(functionName: string, fn: unknown): SampleProblem[] {
  if (!isMapping(fn) || fn.sample === undefined) return [];
  const { routes, valid } = writtenRoutes(functionName, fn.triggers);
  if (routes.length === 0) return [];
  return httpSampleProblems(fn.sample, routes, valid);
}

const asText = (value: unknown): string => String(value);

/** The validated sample of a resolved function. */
export function resolveSample(fn: Pick<FunctionConfig, 'name' | 'triggers'>, sample: unknown): FunctionSample {
  if (httpRoutes(fn).length === 0) return { kind: 'input', input: sample };
  const written = sample as RawObject;
  const request: HttpSample = {
    query: Object.fromEntries(Object.entries((written.query ?? {}) as RawObject).map(([name, value]) => [name, asText(value)])),
    headers: Object.fromEntries(Object.entries((written.headers ?? {}) as RawObject).map(([name, value]) => [name.toLowerCase(), asText(value)])),
  };
  if (typeof written.method === 'string') request.method = written.method.trim().toUpperCase() as HttpMethod;
  if (typeof written.path === 'string') request.path = written.path;
  if (written.body !== undefined) request.body = written.body;
  return { kind: 'http', request };
}
