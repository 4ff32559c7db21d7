// GET /_neosl/ui (the web console's page) and /_neosl/ui/assets/:file (its hashed scripts and
// styles). Public on a host with tokens: they hold no data; the page asks for a token itself and
// sends it on each data route. Same Host/Origin policy as every route. The page is revalidated on
// every load (no-cache + ETag → 304); the assets, whose names change with their content, are kept
// by the browser for a year.
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { packageRoot } from '../package-info.js';
import type { AdminRequest, AdminRoute } from './admin-routes.js';
import { ConsoleFiles, etagMatches, type ConsoleFile } from './console-files.js';
import { sendError } from './respond.js';

export const CONSOLE_PATH = '/_neosl/ui';

/** The page's policy: nothing from anywhere but this host (the console works offline), no inline script or style, not framed. */
export const CONSOLE_CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";

/** dist/ui of the installed neosl package (npm run build:ui), wherever neosl runs from. */
export function defaultConsoleDir(): string {
  return join(packageRoot, 'dist', 'ui');
}

const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

function sendFile(request: AdminRequest, file: ConsoleFile, cacheControl: string): void {
  const { req, res } = request;
  const headers = {
    'cache-control': cacheControl,
    etag: file.etag,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (etagMatches(req.headers['if-none-match'], file.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': file.type, 'content-length': file.body.length });
  res.end(file.body);
}

function notBuilt(res: ServerResponse, requestId: string): void {
  sendError(
    res,
    {
      status: 503,
      code: 'CONSOLE_NOT_BUILT',
      message: 'the web console is not built in this neosl checkout: run "npm run build:ui" in the neosl folder, then reload this page',
      headers: { 'cache-control': 'no-store' },
    },
    requestId,
  );
}

export function consoleRoutes(dir: string = defaultConsoleDir()): AdminRoute[] {
  const files = new ConsoleFiles(dir);
  const page = (request: AdminRequest): void => {
    const index = files.index();
    if (index === undefined) return notBuilt(request.res, request.requestId);
    sendFile(request, index, PAGE_CACHE);
  };
  return [
    // "/_neosl/ui/" is the same route (the table ignores a trailing slash).
    { method: 'GET', path: CONSOLE_PATH, public: true, note: '(web console)', handle: page },
    {
      method: 'GET',
      path: `${CONSOLE_PATH}/assets/:file`,
      public: true,
      handle: (request) => {
        const file = files.asset(request.params.file!);
        if (file === 'not-built') return notBuilt(request.res, request.requestId);
        if (file === undefined) {
          return sendError(request.res, { status: 404, code: 'ASSET_NOT_FOUND', message: `no console asset ${JSON.stringify(request.params.file!.slice(0, 100))}` }, request.requestId);
        }
        sendFile(request, file, ASSET_CACHE);
      },
    },
  ];
}
