// GET /_neosl/health, /_neosl/functions, /_neosl/metrics, and the events stream's plain-GET answer:
// small JSON/text answers about the host, as routes of the admin table.
import type { FunctionSummary } from '../host/events.js';
import type { AdminRoute } from './admin-routes.js';
import { sendBody, sendError, sendJson } from './respond.js';

export interface AdminSource {
  /** `dev` (neosl dev, bench) or `serve` (a production host). */
  kind: 'dev' | 'serve';
  startedAt: number;
  url(): string;
  functions(): FunctionSummary[];
  /** What GET /_neosl/functions lists (default: functions()): the summaries with more about each (its sample input). */
  listFunctions?(): object[];
  metricsText(): string;
  /** Extra fields of the health answer (a host: neosl's version). */
  health?(): Record<string, unknown>;
}

export function statusRoutes(source: AdminSource): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/_neosl/health',
      public: true,
      handle: ({ res }) => {
        const extra = source.health?.();
        // A host that reports a status of its own (not "ok": e.g. "starting" while its store is unreachable) is not ready: 503.
        const ready = extra?.status === undefined || extra.status === 'ok';
        sendJson(res, ready ? 200 : 503, { status: 'ok', kind: source.kind, url: source.url(), uptimeMs: Date.now() - source.startedAt, functions: source.functions().length, ...extra });
      },
    },
    { method: 'GET', path: '/_neosl/functions', handle: ({ res }) => sendJson(res, 200, { functions: source.listFunctions?.() ?? source.functions() }) },
    { method: 'GET', path: '/_neosl/metrics', handle: ({ res }) => sendBody(res, 200, 'text/plain; version=0.0.4; charset=utf-8', source.metricsText()) },
    {
      method: 'GET',
      path: '/_neosl/events',
      note: '(WebSocket)',
      handle: ({ res, requestId }) =>
        sendError(res, { status: 426, code: 'UPGRADE_REQUIRED', message: 'the events stream is a WebSocket: connect with ws:// (or wss://) to /_neosl/events', headers: { upgrade: 'websocket' } }, requestId),
    },
  ];
}
