// What a bench run sends, and where: the function's first plain http trigger (a NeoHttpFunction gets
// a real request), else its POST /functions/<name> route with the data as its input; and the name of
// a --url run.
import type { FunctionConfig, HttpMethod } from '../config/types.js';
import { UsageError } from '../errors.js';

export interface BenchTarget {
  method: HttpMethod;
  path: string;
}

export function benchTarget(fn: FunctionConfig, method: HttpMethod | undefined): BenchTarget {
  const routes = fn.triggers.flatMap((trigger) => (trigger.kind === 'http' && trigger.path !== `/functions/${fn.name}` ? [trigger] : []));
  if (routes.length === 0) return { method: method ?? 'POST', path: `/functions/${fn.name}` };
  const candidates = method ? routes.filter((route) => route.method === method) : routes;
  const plain = candidates.find((route) => !route.path.includes('/:'));
  if (plain) return { method: plain.method, path: plain.path };
  const shown = routes.map((route) => `${route.method} ${route.path}`).join(', ');
  throw new UsageError(`function "${fn.name}" has no ${method ? `${method} ` : ''}route without parameters to bench (its routes: ${shown})`, {
    code: 'NO_BENCH_ROUTE',
    hint: `Give the full URL: neosl bench ${fn.name} --url http://127.0.0.1:8700/<a real path>`,
  });
}

/** The function of a neosl emulator's `POST /functions/<name>` URL; undefined for any other path. */
export function functionOfUrl(url: URL): string | undefined {
  const match = /^\/functions\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * What a `--url` run is called when no function is named: the function of a neosl emulator's
 * `/functions/<name>` (so its server side is found), else the URL's path (stable across ports, for baselines).
 */
export function urlTargetName(url: URL): string {
  return functionOfUrl(url) ?? url.pathname;
}

/** A `--url` run's method without --method: POST with a body or to a neosl function route, else GET. */
export function urlMethod(url: URL, hasBody: boolean): HttpMethod {
  return hasBody || functionOfUrl(url) !== undefined ? 'POST' : 'GET';
}
