// A function's http routes: its http triggers other than POST /functions/<name> (the route every
// function has, where the body is the input). Which route a request falls on (`:name` segments match
// any one segment, as in the emulator's router), and which route a request with parts left out means.
import type { FunctionConfig, HttpMethod, HttpTriggerConfig } from './types.js';

export interface Route {
  method: string;
  path: string;
}

/** The path of the route every function has. */
export const functionPath = (functionName: string): string => `/functions/${functionName}`;

/** The function's http triggers that are routes of their own (a NeoHttpFunction's requests). */
export function httpRoutes(fn: Pick<FunctionConfig, 'name' | 'triggers'>): HttpTriggerConfig[] {
  return fn.triggers.filter((trigger): trigger is HttpTriggerConfig => trigger.kind === 'http' && trigger.path !== functionPath(fn.name));
}

export const describeRoute = (route: Route): string => `${route.method} ${route.path}`;

/** "GET /items and POST /items" */
export function listRoutes(routes: readonly Route[]): string {
  const shown = routes.map(describeRoute);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** Whether `path` (no query string) is served by a route written as `routePath`. */
export function routePathMatches(routePath: string, path: string): boolean {
  if (!routePath.includes('/:')) return routePath === path;
  const pattern = routePath.split('/');
  const segments = path.split('/');
  return pattern.length === segments.length && pattern.every((segment, i) => segment.startsWith(':') || segment === segments[i]);
}

export const hasPathParameters = (routePath: string): boolean => routePath.includes('/:');

/** Methods that carry a request body: what a request with a body and no method means (as `curl -d` means POST). */
const BODY_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH'] satisfies HttpMethod[];

export interface RouteWish {
  method?: string;
  path?: string;
  hasBody: boolean;
}

/**
 * The route a request means when some of its parts are left out: the routes its method and path
 * allow (HEAD is served by a GET route), and among them the first, or with a body and no method the
 * first that takes a body. Undefined when none allows them.
 */
export function pickRoute<R extends Route>(routes: readonly R[], wish: RouteWish): R | undefined {
  const candidates = routes.filter(
    (route) =>
      (wish.method === undefined || route.method === wish.method || (wish.method === 'HEAD' && route.method === 'GET')) &&
      (wish.path === undefined || routePathMatches(route.path, wish.path)),
  );
  if (wish.method === undefined && wish.hasBody) return candidates.find((route) => BODY_METHODS.includes(route.method)) ?? candidates[0];
  return candidates[0];
}

/** "/items/:id" → "/items/<id>": what to write in place of each parameter. */
export const routeExample = (routePath: string): string => routePath.replace(/\/:([^/]+)/g, '/<$1>');
