// What the invoke form sends for a function. A function with http routes of its own (a
// NeoHttpFunction) is called on its route with a method, path and body; any other is called as
// POST /_neosl/trigger/<function> with the JSON input as its body. Routes come from
// GET /_neosl/functions ("GET /hello", "POST /functions/hello", "schedule …").
import type { FunctionSummary } from './host-types.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** The sample's path with its query (`query:` in neosl.yaml) appended. */
function samplePath(path: string, query: Record<string, string> | undefined): string {
  const search = new URLSearchParams(query ?? {}).toString();
  return search === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${search}`;
}

export interface HttpRoute {
  method: string;
  path: string;
}

const ROUTE = /^([A-Z]+) (\/\S*)$/;

/** The function's own http routes (its default POST /functions/<name>, a plain call, left out). */
export function httpRoutes(fn: Pick<FunctionSummary, 'name' | 'routes'>): HttpRoute[] {
  const plain = `POST /functions/${fn.name}`;
  const routes: HttpRoute[] = [];
  for (const route of fn.routes) {
    if (route === plain) continue;
    const match = ROUTE.exec(route);
    if (match && (HTTP_METHODS as readonly string[]).includes(match[1]!)) routes.push({ method: match[1]!, path: match[2]! });
  }
  return routes;
}

export function isHttpFunction(fn: Pick<FunctionSummary, 'name' | 'routes'>): boolean {
  return httpRoutes(fn).length > 0;
}

export interface InvokeDefaults {
  input: string;
  method: string;
  path: string;
}

function asJsonText(value: unknown): string {
  return value === undefined ? '{}' : JSON.stringify(value, null, 2);
}

/** The form's first values: the function's sample when the host sends one, else {} and its first route. */
export function invokeDefaults(fn: FunctionSummary): InvokeDefaults {
  const route = httpRoutes(fn)[0];
  const sample = fn.sample;
  if (sample?.kind === 'http') {
    return { input: sample.request.body === undefined ? '' : asJsonText(sample.request.body), method: sample.request.method ?? route?.method ?? 'GET', path: samplePath(sample.request.path ?? route?.path ?? '/', sample.request.query) };
  }
  return { input: sample?.kind === 'input' ? asJsonText(sample.input) : '{}', method: route?.method ?? 'POST', path: route?.path ?? `/_neosl/trigger/${encodeURIComponent(fn.name)}` };
}

export type JsonCheck = { ok: true; value: unknown } | { ok: false; message: string };

/** The editor's text as JSON; empty text is no body (allowed for http functions only). */
export function checkJson(text: string, emptyAllowed: boolean): JsonCheck {
  if (text.trim() === '') return emptyAllowed ? { ok: true, value: undefined } : { ok: false, message: 'the input must be JSON (e.g. {})' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
}

export interface InvokeRequest {
  method: string;
  url: string;
  body?: string;
}

/** The request the form sends, or why it cannot. */
export function invokeRequest(fn: FunctionSummary, input: string, method: string, path: string): { ok: true; request: InvokeRequest } | { ok: false; message: string } {
  const http = isHttpFunction(fn);
  const checked = checkJson(input, http);
  if (!checked.ok) return checked;
  if (!http) return { ok: true, request: { method: 'POST', url: `/_neosl/trigger/${encodeURIComponent(fn.name)}`, body: input } };
  if (!path.startsWith('/')) return { ok: false, message: 'the path must start with /' };
  if (path.startsWith('/_neosl/')) return { ok: false, message: 'the path must be one of the function\'s routes, not /_neosl/…' };
  const hasBody = checked.value !== undefined && method !== 'GET' && method !== 'HEAD';
  return { ok: true, request: { method, url: path, ...(hasBody ? { body: input } : {}) } };
}
