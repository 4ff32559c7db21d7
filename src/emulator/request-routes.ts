// GET /_neosl/requests and GET /_neosl/requests/:id: the web console's request log, read from the
// host's RequestLog. Reading them keeps the log capturing for a while (request-log.ts).
import type { RequestLog } from '../host/request-log.js';
import { REQUEST_LOG_CAPACITY } from '../host/request-log.js';
import type { AdminRoute } from './admin-routes.js';
import { sendError, sendJson } from './respond.js';

const DEFAULT_LIMIT = 100;
const STATUS = /^([1-5]xx|[1-5]\d\d)$/i;

export function requestRoutes(log: RequestLog): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/_neosl/requests',
      note: '(?function=&status=2xx|4xx|5xx|<code>&limit=)',
      handle: ({ res, search, requestId }) => {
        log.touch();
        const query = new URLSearchParams(search);
        const status = query.get('status') ?? '';
        if (status !== '' && !STATUS.test(status)) {
          return sendError(res, { status: 400, code: 'INVALID_QUERY', message: `status=${JSON.stringify(status.slice(0, 40))}: expected 2xx, 4xx, 5xx or a status code such as 404` }, requestId);
        }
        const limitText = query.get('limit') ?? '';
        const limit = limitText === '' ? DEFAULT_LIMIT : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1) {
          return sendError(res, { status: 400, code: 'INVALID_QUERY', message: `limit=${JSON.stringify(limitText.slice(0, 40))}: expected a whole number from 1 to ${REQUEST_LOG_CAPACITY}` }, requestId);
        }
        const functionName = query.get('function') ?? '';
        sendJson(res, 200, {
          requests: log.list({ ...(functionName !== '' ? { functionName } : {}), ...(status !== '' ? { status } : {}), limit: Math.min(limit, REQUEST_LOG_CAPACITY) }),
        });
      },
    },
    {
      method: 'GET',
      path: '/_neosl/requests/:id',
      note: '(?full=1)',
      handle: ({ res, search, params, requestId }) => {
        log.touch();
        const full = new URLSearchParams(search).get('full');
        const detail = log.detail(params.id!, full === '1' || full === 'true');
        if (detail === undefined) {
          return sendError(
            res,
            { status: 404, code: 'REQUEST_NOT_FOUND', message: `no request ${JSON.stringify(params.id!.slice(0, 80))} in the log: it keeps the last ${REQUEST_LOG_CAPACITY} requests made while the console (or this route) was looking` },
            requestId,
          );
        }
        sendJson(res, 200, detail);
      },
    },
  ];
}
