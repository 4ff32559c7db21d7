// The request `neosl invoke` makes up for a function with http routes: --method, --path, --query,
// --header and the data as its body, each part defaulting to the function's `sample:` (when no data
// is given and the flags do not pick another route), then to its first route, as curl would send it
// (a body without --method means the first route that takes one, as `curl -d` means POST). The
// function gets the shape `neosl dev` gives it (src/emulator/http-input.ts).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { hasPathParameters, listRoutes, pickRoute, routeExample } from '../config/http-routes.js';
import { HTTP_METHODS, type FunctionConfig, type HttpSample, type HttpTriggerConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { bodyIsJson, httpRequestInput, type HttpRequestInput } from '../emulator/http-input.js';
import { didYouMean } from '../util/suggest.js';
import { parseInputJson, type InputText } from './read-input.js';

export interface HttpRequestFlags {
  method?: string;
  path?: string;
  /** -q name=value, in order. */
  query: string[];
  /** -H 'Name: value', in order. */
  header: string[];
}

export interface InvokeHttpRequest {
  route: HttpTriggerConfig;
  input: HttpRequestInput;
  /** The request came from the function's sample (no data was given). */
  fromSample: boolean;
}

/** The http flags given, as the user wrote them (an event function takes none). */
export function httpFlagsGiven(flags: HttpRequestFlags): string[] {
  return [
    ...(flags.method !== undefined ? ['--method'] : []),
    ...(flags.path !== undefined ? ['--path'] : []),
    ...(flags.query.length > 0 ? ['--query'] : []),
    ...(flags.header.length > 0 ? ['--header'] : []),
  ];
}

function methodFlag(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const method = given.trim().toUpperCase();
  if ((HTTP_METHODS as readonly string[]).includes(method)) return method;
  const suggestion = didYouMean(method, HTTP_METHODS);
  throw new UsageError(`--method ${given}: not an HTTP method`, { code: 'INVALID_METHOD', hint: `${suggestion ? `${suggestion} ` : ''}Use one of ${HTTP_METHODS.join(', ')}.` });
}

function splitPath(given: string): { path: string; search: string } {
  if (!given.startsWith('/') || /[\s#]/.test(given)) {
    throw new UsageError(`--path ${given}: not a request path`, { code: 'INVALID_PATH', hint: 'A path starts with "/", e.g. --path /items/1 or --path "/items?limit=5".' });
  }
  const q = given.indexOf('?');
  return q === -1 ? { path: given, search: '' } : { path: given.slice(0, q), search: given.slice(q + 1) };
}

function queryFlag(given: string): [string, string] {
  const equals = given.indexOf('=');
  if (equals <= 0) throw new UsageError(`--query ${given}: expected name=value`, { code: 'INVALID_QUERY', hint: 'For example -q limit=5 (repeat -q for more parameters).' });
  return [given.slice(0, equals), given.slice(equals + 1)];
}

function headerFlag(given: string): [string, string] {
  const colon = given.indexOf(':');
  const name = colon === -1 ? '' : given.slice(0, colon).trim();
  const value = colon === -1 ? '' : given.slice(colon + 1).trim();
  const hint = `Write it as curl does, quoted: -H 'Content-Type: text/plain' (repeat -H for more headers).`;
  if (name === '') throw new UsageError(`--header ${JSON.stringify(given)}: expected "Name: value"`, { code: 'INVALID_HEADER', hint });
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch (error) {
    throw new UsageError(`--header ${JSON.stringify(given)}: not a valid HTTP header (${(error as Error).message})`, { code: 'INVALID_HEADER', hint });
  }
  return [name.toLowerCase(), value];
}

/** Whether the sample describes the route the flags ask for (flags that pick another route leave it out). */
function sampleFits(sample: HttpSample, method: string | undefined, path: string | undefined): boolean {
  if (method !== undefined && sample.method !== undefined && sample.method !== method) return false;
  if (path !== undefined && sample.path !== undefined && sample.path !== path) return false;
  return true;
}

function noRoute(fn: FunctionConfig, routes: HttpTriggerConfig[], method: string | undefined, path: string | undefined): UsageError {
  const asked = [method, path].filter((part) => part !== undefined).join(' ');
  const first = routes.find((route) => !hasPathParameters(route.path)) ?? routes[0]!;
  return new UsageError(`${fn.name} has no route for ${asked}: its routes are ${listRoutes(routes)}`, {
    code: 'NO_SUCH_ROUTE',
    hint: `Pick one with --method and --path, e.g. neosl invoke ${fn.name} --method ${first.method} --path ${routeExample(first.path)}`,
  });
}

export function buildHttpRequest(fn: FunctionConfig, routes: HttpTriggerConfig[], flags: HttpRequestFlags, data: InputText | undefined): InvokeHttpRequest {
  const flagMethod = methodFlag(flags.method);
  const flagTarget = flags.path === undefined ? undefined : splitPath(flags.path);
  const flagQuery = flags.query.map(queryFlag);
  const flagHeaders = flags.header.map(headerFlag);

  const sample = data === undefined && fn.sample?.kind === 'http' && sampleFits(fn.sample.request, flagMethod, flagTarget?.path) ? fn.sample.request : undefined;
  const method = flagMethod ?? sample?.method;
  const path = flagTarget?.path ?? sample?.path;
  const route = pickRoute(routes, { method, path, hasBody: data !== undefined || sample?.body !== undefined });
  if (route === undefined) throw noRoute(fn, routes, method, path);
  if (path === undefined && hasPathParameters(route.path)) {
    throw new UsageError(`${fn.name}'s route ${route.method} ${route.path} has parameters: give the path to request`, {
      code: 'PATH_NEEDED',
      hint: `For example neosl invoke ${fn.name} --path ${routeExample(route.path)}, or add "path: ${routeExample(route.path)}" (with real values) to the sample of ${fn.name} in neosl.yaml.`,
    });
  }
  const requestPath = path ?? route.path;

  // Later sources win: the sample, the path's own query string, then each -q.
  const query = new URLSearchParams(sample?.query);
  for (const [name, value] of new URLSearchParams(flagTarget?.search ?? '')) query.set(name, value);
  for (const [name, value] of flagQuery) query.set(name, value);

  // -H wins over the sample's header of the same name; repeated -H are joined, as Node joins them.
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(sample?.headers ?? {})) headers[name] = [value];
  const fromFlags = new Set<string>();
  for (const [name, value] of flagHeaders) {
    if (!fromFlags.has(name)) headers[name] = [];
    fromFlags.add(name);
    headers[name]!.push(value);
  }

  let body: unknown;
  if (data !== undefined) body = bodyIsJson('http', headers['content-type']?.join(', ')) ? parseInputJson(data, `A body that is not JSON needs its type: -H 'Content-Type: text/plain'.`) : data.text;
  else body = sample?.body;
  // What a JSON client sends with its body (and what the emulator assumes without one).
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = ['application/json'];

  const input = httpRequestInput({ method: method ?? route.method, path: requestPath, headers, search: query.toString(), body });
  return { route, input, fromSample: sample !== undefined };
}
