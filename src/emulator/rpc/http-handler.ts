// createChainRpcHandler: a Blockchain served as Neo N3 JSON-RPC over HTTP, as a node serves it: a
// POST body, or a GET with `method`, `params` (JSON, or JSON in base64) and `id` in the query
// (`jsonrpc` optional). JSON-RPC level errors are HTTP 200 (as Neo nodes answer them); only the
// HTTP layer's own refusals (405, 413) use other statuses, each with a JSON-RPC error body. A
// notification, or a batch of them only, is a 204.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalChain } from '../../backends/chain/local-chain.js';
import type { Blockchain } from '../../sdk/blockchain-types.js';
import { readBody } from '../read-body.js';
import { createRpcDispatcher } from './dispatch.js';
import { errorResponse, invalidRequest, JsonRpcErrorCode, parseError } from './json-rpc.js';

export interface ChainRpcHandlerOptions {
  /** The in-process chain behind `chain`, when it is one (methods about its node and keys need it). */
  local?: LocalChain;
  /** Larger request bodies are refused with 413. Default 5 MiB (a Neo node's MaxRequestBodySize). */
  bodyLimitBytes?: number;
}

export type RpcRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export const DEFAULT_RPC_BODY_LIMIT = 5 * 1024 * 1024;

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A GET request's call, read from its query as a node reads it: `id`, `method` and `params` all
 * present and not empty, `params` JSON or base64 of JSON; or why it is not one.
 */
export function requestFromQuery(url: string): Record<string, unknown> | string {
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const id = query.get('id');
  const method = query.get('method');
  let params = query.get('params');
  if (!id || !method || !params) {
    return 'a GET request needs method, params and id in its query, e.g. ?method=getblockcount&params=[]&id=1 (params: JSON, or JSON in base64)';
  }
  if (STRICT_BASE64.test(params)) params = Buffer.from(params, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(params);
  } catch (error) {
    return `params: not JSON (nor base64 of JSON): ${(error as Error).message}`;
  }
  const jsonrpc = query.get('jsonrpc');
  return { ...(jsonrpc ? { jsonrpc } : {}), id, method, params: parsed };
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** A GET answer (a URL) must not be cached; a POST answer never is, and carries only what a node's does. */
const NOT_CACHED = { 'cache-control': 'no-store' };
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function createChainRpcHandler(chain: Blockchain, options: ChainRpcHandlerOptions = {}): RpcRequestHandler {
  const limit = options.bodyLimitBytes ?? DEFAULT_RPC_BODY_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError(`createChainRpcHandler: options.bodyLimitBytes must be a positive integer, got ${String(limit)}`);
  }
  const dispatch = createRpcDispatcher(chain, options.local);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') {
      req.resume();
      const request = requestFromQuery(req.url ?? '');
      if (typeof request === 'string') return send(res, 200, errorResponse(null, parseError(request)), NOT_CACHED);
      return reply(res, dispatch(request), NOT_CACHED);
    }
    if (req.method !== 'POST') {
      req.resume();
      const detail = `${req.method ?? 'GET'} is not allowed: send JSON-RPC requests with POST (or GET with method, params and id in the query)`;
      return send(res, 405, errorResponse(null, invalidRequest(detail)), { allow: 'GET, POST' });
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
    return reply(res, dispatch(payload));
  }

  /** Sends the answer: at once when it is ready (no promise turn), else when it is. */
  function reply(res: ServerResponse, answer: ReturnType<typeof dispatch>, headers?: Record<string, string>): void | Promise<void> {
    if (answer instanceof Promise) return answer.then((ready) => reply(res, ready, headers));
    if (answer === undefined) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    send(res, 200, answer, headers);
  }

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      // A bug of the handler: answer once if still possible, and keep the server up.
      if (res.headersSent) return void res.destroy();
      send(res, 500, { jsonrpc: '2.0', id: null, error: { code: JsonRpcErrorCode.InternalError, message: `Internal error - ${(error as Error)?.message ?? String(error)}` } });
    });
  };
}
