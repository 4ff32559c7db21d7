// createChainRpcHandler: a Blockchain served as Neo N3 JSON-RPC 2.0 over HTTP POST. JSON-RPC level
// errors are HTTP 200 (as Neo nodes answer them); only the HTTP layer's own refusals (405, 413)
// use other statuses, each with a JSON-RPC error body. A batch of notifications only is a 204.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Blockchain } from '../../sdk/blockchain-types.js';
import { readBody } from '../read-body.js';
import { createRpcDispatcher } from './dispatch.js';
import { errorResponse, invalidRequest, JsonRpcErrorCode, parseError } from './json-rpc.js';

export interface ChainRpcHandlerOptions {
  /** Larger request bodies are refused with 413. Default 5 MiB (a Neo node's MaxRequestBodySize). */
  bodyLimitBytes?: number;
}

export type RpcRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export const DEFAULT_RPC_BODY_LIMIT = 5 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function createChainRpcHandler(chain: Blockchain, options: ChainRpcHandlerOptions = {}): RpcRequestHandler {
  const limit = options.bodyLimitBytes ?? DEFAULT_RPC_BODY_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError(`createChainRpcHandler: options.bodyLimitBytes must be a positive integer, got ${String(limit)}`);
  }
  const dispatch = createRpcDispatcher(chain);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      const detail = `${req.method ?? 'GET'} is not allowed: send JSON-RPC requests with POST`;
      return send(res, 405, errorResponse(null, invalidRequest(detail)), { allow: 'POST' });
    }
    // Any Content-Type: the body is read as JSON, as a Neo node reads it (curl -d sends it as a form).
    const raw = await readBody(req, limit);
    if (raw === 'aborted') return;
    if (raw === 'too-large') {
      res.shouldKeepAlive = false;
      res.once('finish', () => req.destroy());
      return send(res, 413, errorResponse(null, invalidRequest(`the request body is larger than the limit of ${limit} bytes`)));
    }
    let payload: unknown;
    try {
      if (raw.trim() === '') throw new SyntaxError('the request body is empty');
      payload = JSON.parse(raw);
    } catch (error) {
      return send(res, 200, errorResponse(null, parseError((error as Error).message)));
    }
    const answer = await dispatch(payload);
    if (answer === undefined) {
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    send(res, 200, answer);
  }

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      // A bug of the handler: answer once if still possible, and keep the server up.
      if (res.headersSent) return void res.destroy();
      send(res, 500, { jsonrpc: '2.0', id: null, error: { code: JsonRpcErrorCode.InternalError, message: `Internal error - ${(error as Error)?.message ?? String(error)}` } });
    });
  };
}
