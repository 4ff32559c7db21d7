// GET /_neosl/health, /_neosl/functions, /_neosl/metrics: small JSON/text answers about the session.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionSummary } from '../host/events.js';

export interface AdminSource {
  startedAt: number;
  url(): string;
  functions(): FunctionSummary[];
  metricsText(): string;
}

export function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** Handles the admin GET routes; false for any other path (the server answers 404). */
export function handleAdmin(source: AdminSource, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const route = path.endsWith('/') ? path.slice(0, -1) : path;
  if (route !== '/_neosl/health' && route !== '/_neosl/functions' && route !== '/_neosl/metrics') return false;
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const body = JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed on ${route}: use GET`, details: { allowed: ['GET'] } } });
    res.writeHead(405, { 'content-type': 'application/json; charset=utf-8', allow: 'GET', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  }
  if (route === '/_neosl/health') {
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ status: 'ok', url: source.url(), uptimeMs: Date.now() - source.startedAt, functions: source.functions().length }));
  } else if (route === '/_neosl/functions') {
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ functions: source.functions() }));
  } else {
    send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', source.metricsText());
  }
  return true;
}
