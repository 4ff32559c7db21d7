// The one table of /_neosl/* routes: method, path, whether a host's token is needed, and the handler.
// It drives dispatch, the 405's Allow list and the 404's list of routes, so none of them can drift.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface AdminRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path without the query string. */
  path: string;
  search: string;
  /** `:name` segments of the route, decoded. */
  params: Record<string, string>;
  requestId: string;
  started: number;
}

export interface AdminRoute {
  method: AdminMethod;
  /** `/_neosl/health`; a `:name` segment matches one path segment. */
  path: string;
  /** Answered without a token on a host that asks for one: health, and the events route of --external-triggers (which checks the Host instead). */
  public?: boolean;
  /** Browsers call it from any page, as a Neo N3 node's RPC (CORS by dev.rpcAllowedOrigins, no Origin check). */
  rpcCors?: boolean;
  /** Shown after the route in the 404 list, e.g. "(WebSocket)". */
  note?: string;
  handle(request: AdminRequest): void | Promise<void>;
}

export type AdminMatch =
  | { kind: 'match'; route: AdminRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: AdminMethod[]; route: AdminRoute }
  | { kind: 'none' };

interface CompiledRoute {
  route: AdminRoute;
  segments: string[];
}

const splitPath = (path: string): string[] => (path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path).split('/');

/** decodeURIComponent, whose URIError on a malformed escape becomes the request's 400. */
const decode = (text: string): string => (text.includes('%') ? decodeURIComponent(text) : text);

export class AdminRoutes {
  private readonly compiled: CompiledRoute[];
  /** "METHOD /path" → a route without `:name` segments that no earlier route could shadow: found without splitting the path. */
  private readonly exact = new Map<string, AdminRoute>();

  constructor(readonly routes: readonly AdminRoute[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));
    this.compiled.forEach(({ route, segments }, index) => {
      if (segments.some((segment) => segment.startsWith(':'))) return;
      const shadowed = this.compiled
        .slice(0, index)
        .some((earlier) => earlier.route.method === route.method && earlier.segments.length === segments.length && earlier.segments.some((segment) => segment.startsWith(':')));
      const key = `${route.method} ${route.path}`;
      if (!shadowed && !this.exact.has(key)) this.exact.set(key, route);
    });
  }

  /** HEAD is GET without a body; a trailing slash is the same route. */
  match(method: string, path: string): AdminMatch {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const exact = this.exact.get(`${wanted} ${path}`);
    if (exact !== undefined) return { kind: 'match', route: exact, params: {} };
    const parts = splitPath(path);
    const allowed: AdminMethod[] = [];
    let first: AdminRoute | undefined;
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (params === undefined) continue;
      if (route.method === wanted) return { kind: 'match', route, params };
      first ??= route;
      if (!allowed.includes(route.method)) allowed.push(route.method);
    }
    return first ? { kind: 'method-not-allowed', allowed, route: first } : { kind: 'none' };
  }

  /** "GET /_neosl/health", … for the 404 answer. */
  list(): string[] {
    return this.routes.map((route) => `${route.method} ${route.path}${route.note ? ` ${route.note}` : ''}`);
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const part = parts[index]!;
    if (segment.startsWith(':')) {
      if (part === '') return undefined;
      (params ??= {})[segment.slice(1)] = decode(part);
    } else if (segment !== part) return undefined;
  }
  return params ?? {};
}
