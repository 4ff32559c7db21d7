// The HTTP side of the trigger dispatcher (`neosl serve --triggers-only`): GET /_neosl/health only,
// for a readiness probe; every other request is a JSON 404 (405 for another method on health).
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.js';
import { methodNotAllowed, unknownRoute } from '../emulator/errors.js';
import { sendError, sendJson } from '../emulator/respond.js';

const HEALTH_PATH = '/_neosl/health';

export interface DispatcherHealthServer {
  /** Set once listening. */
  readonly url: string;
  listen(): Promise<void>;
  close(): Promise<void>;
}

export function dispatcherHealthServer(options: {
  listenHost: string;
  port: number;
  health: () => Record<string, unknown>;
  createServer?: (options: ServerOptions, listener: RequestListener) => Server;
  scheme?: 'http' | 'https';
}): DispatcherHealthServer {
  const listener: RequestListener = (req, res) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0]!.replace(/(.)\/$/, '$1');
    const method = req.method ?? 'GET';
    if (path !== HEALTH_PATH) return sendError(res, unknownRoute(method, path, [`GET ${HEALTH_PATH}`]));
    if (method !== 'GET' && method !== 'HEAD') return sendError(res, methodNotAllowed(method, path, ['GET']));
    sendJson(res, 200, options.health());
  };
  const server = options.createServer ? options.createServer({}, listener) : createServer(listener);
  let url = '';
  return {
    get url() {
      return url;
    },
    async listen() {
      try {
        await new Promise<void>((resolveListen, reject) => {
          server.once('error', reject);
          server.listen(options.port, options.listenHost, () => {
            server.off('error', reject);
            resolveListen();
          });
        });
      } catch (failure) {
        const code = (failure as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UserError(`port ${options.port} is already in use on ${options.listenHost}`, { code: 'PORT_IN_USE', hint: `stop the other server, or pick another port: neosl serve --triggers-only --port ${options.port + 1}` });
        if (code === 'EACCES') throw new UserError(`not allowed to listen on ${options.listenHost}:${options.port}`, { code: 'PORT_DENIED', hint: 'use a port above 1024 with --port' });
        throw failure;
      }
      const { port } = server.address() as AddressInfo;
      const host = options.listenHost === '0.0.0.0' || options.listenHost === '::' ? 'localhost' : options.listenHost.includes(':') ? `[${options.listenHost}]` : options.listenHost;
      url = `${options.scheme ?? 'http'}://${host}:${port}`;
    },
    close() {
      return new Promise((resolveClose) => {
        if (!server.listening) return resolveClose();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
