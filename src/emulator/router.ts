// Which function answers a request: the http triggers' method + path (`:name` segments match any
// segment), and POST /functions/<name> for every function (JSON in, the return value's JSON out).
import { describeRoute, httpRoutes } from '../config/http-routes.js';
import type { FunctionConfig } from '../config/types.js';

export type RouteMode =
  /** The body is the input; the return value is the response. */
  | 'plain'
  /** `{method, path, headers, query, body}` in, `{statusCode, headers, body}` out. */
  | 'http';

export interface RouteMatch {
  kind: 'match';
  functionName: string;
  mode: RouteMode;
}

export type RouteResult =
  | RouteMatch
  | { kind: 'method-not-allowed'; allowed: string[] }
  /** POST /functions/<name> of a function that only takes HTTP requests, at these routes ("GET /items"). */
  | { kind: 'served-at-routes'; name: string; routes: string[] }
  | { kind: 'unknown-function'; name: string }
  | { kind: 'not-found' };

interface PatternRoute {
  segments: string[];
  byMethod: Map<string, RouteMatch>;
}

const FUNCTIONS_PREFIX = '/functions/';

export class Router {
  private readonly exact = new Map<string, Map<string, RouteMatch>>();
  private readonly patterns: PatternRoute[] = [];
  private readonly plain = new Map<string, RouteMatch>();
  /** Functions whose only triggers are http routes of their own: a plain body is not their input. */
  private readonly httpOnly = new Map<string, string[]>();
  readonly functionNames: string[];
  private readonly routeList: string[] = [];

  constructor(functions: readonly FunctionConfig[]) {
    this.functionNames = functions.map((fn) => fn.name);
    for (const fn of functions) {
      for (const route of describeRoutes(fn)) if (!route.startsWith('schedule') && !route.startsWith('blockchain')) this.routeList.push(route);
      this.plain.set(fn.name, { kind: 'match', functionName: fn.name, mode: 'plain' });
      if (takesOnlyHttpRequests(fn)) this.httpOnly.set(fn.name, httpRoutes(fn).map(describeRoute));
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'http') continue;
        // The default trigger (POST /functions/<name>) is the plain route itself.
        if (trigger.path === `${FUNCTIONS_PREFIX}${fn.name}`) continue;
        const match: RouteMatch = { kind: 'match', functionName: fn.name, mode: 'http' };
        if (trigger.path.includes('/:')) {
          const segments = trigger.path.split('/');
          let route = this.patterns.find((p) => p.segments.join('/') === segments.join('/'));
          if (!route) this.patterns.push((route = { segments, byMethod: new Map() }));
          route.byMethod.set(trigger.method, match);
        } else {
          let byMethod = this.exact.get(trigger.path);
          if (!byMethod) this.exact.set(trigger.path, (byMethod = new Map()));
          byMethod.set(trigger.method, match);
        }
      }
    }
  }

  /** Every route, e.g. "GET /hello" (for 404 details). */
  routes(): string[] {
    return [...this.routeList];
  }

  match(method: string, path: string): RouteResult {
    const byMethod = this.exact.get(path) ?? this.matchPattern(path);
    if (byMethod) return byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined) ?? { kind: 'method-not-allowed', allowed: [...byMethod.keys()] };
    if (path.startsWith(FUNCTIONS_PREFIX)) {
      let name = path.slice(FUNCTIONS_PREFIX.length);
      if (name.endsWith('/')) name = name.slice(0, -1);
      // Most names have nothing to decode: no call, no throw to guard, on the hot path.
      if (name.includes('%')) name = decodeURIComponent(name);
      const plain = this.plain.get(name);
      if (plain === undefined) return { kind: 'unknown-function', name };
      const routes = this.httpOnly.get(name);
      if (routes !== undefined) return { kind: 'served-at-routes', name, routes };
      return method === 'POST' ? plain : { kind: 'method-not-allowed', allowed: ['POST'] };
    }
    return { kind: 'not-found' };
  }

  private matchPattern(path: string): Map<string, RouteMatch> | undefined {
    if (this.patterns.length === 0) return undefined;
    const segments = path.split('/');
    for (const route of this.patterns) {
      if (route.segments.length !== segments.length) continue;
      if (route.segments.every((segment, i) => segment.startsWith(':') || segment === segments[i])) return route.byMethod;
    }
    return undefined;
  }
}

/** A function whose every trigger is an http route of its own: POST /functions/<name> does not serve it. */
function takesOnlyHttpRequests(fn: FunctionConfig): boolean {
  const own = httpRoutes(fn).length;
  return own > 0 && own === fn.triggers.length;
}

/** Where a function answers on a server at `base`: its first route (POST /functions/<name>, else its first http route). */
export function functionUrl(base: string, fn: FunctionConfig): string {
  const route = describeRoutes(fn)[0] ?? `POST ${FUNCTIONS_PREFIX}${fn.name}`;
  return `${base}${route.slice(route.indexOf(' ') + 1)}`;
}

/** The routes of a function as shown to people: "GET /hello", "POST /functions/hello", "schedule 0 * * * *". */
export function describeRoutes(fn: FunctionConfig): string[] {
  const routes = takesOnlyHttpRequests(fn) ? [] : [`POST ${FUNCTIONS_PREFIX}${fn.name}`];
  for (const trigger of fn.triggers) {
    if (trigger.kind === 'http') {
      const route = `${trigger.method} ${trigger.path}`;
      if (!routes.includes(route)) routes.push(route);
    } else if (trigger.kind === 'schedule') routes.push(`schedule ${trigger.cron}`);
    else if (trigger.kind === 'block') routes.push('blockchain block');
    else routes.push(`blockchain ${trigger.event}`);
  }
  return routes;
}
