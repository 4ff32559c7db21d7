// What a function receives for an HTTP request: on a plain route (POST /functions/<name>) the JSON
// body itself, on an http route `{method, path, headers, query, body}`. One definition, used by the
// emulator for each request and by `neosl invoke` for the request it makes up, so that both hand a
// function exactly the same shape.
import type { RouteMode } from './router.js';

export interface HttpRequestInput {
  method: string;
  path: string;
  /** Lower-case names; a repeated header's values joined with ", " (as Node joins them). */
  headers: Record<string, string>;
  /** The last value of a repeated parameter. */
  query: Record<string, string>;
  /** The parsed JSON, the text of another content type, or undefined without a body. */
  body: unknown;
}

export function queryObject(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (search) for (const [key, value] of new URLSearchParams(search)) query[key] = value;
  return query;
}

export function headerObject(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) result[key] = typeof value === 'string' ? value : value.join(', ');
  return result;
}

/** Whether a body is parsed as JSON: always on a plain route; on an http route unless its content type says otherwise. */
export function bodyIsJson(mode: RouteMode, contentType: string | undefined): boolean {
  return mode === 'plain' || (contentType ?? 'application/json').includes('json');
}

/** The body of an empty request: {} as a plain function's input, none for an http function. */
export const emptyBody = (mode: RouteMode): unknown => (mode === 'plain' ? {} : undefined);

export function httpRequestInput(request: { method: string; path: string; headers: Readonly<Record<string, string | readonly string[] | undefined>>; search: string; body: unknown }): HttpRequestInput {
  return { method: request.method, path: request.path, headers: headerObject(request.headers), query: queryObject(request.search), body: request.body };
}
