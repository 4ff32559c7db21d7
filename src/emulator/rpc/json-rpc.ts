// JSON-RPC 2.0 envelopes: request validation, single calls, batches and notifications, and error
// objects in the Neo node's form ({ code, message: "<message> - <data>", data }).
import { RpcError } from '../../backends/chain/rpc-error.js';
import { show } from './params.js';

export const JsonRpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

export type JsonRpcId = string | number | null;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: string;
}

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject };

/** What a valid request asks for; params as sent (by position or by name), absent as undefined. */
export interface JsonRpcCall {
  method: string;
  params: unknown[] | Record<string, unknown> | undefined;
}

export type CallMethod = (call: JsonRpcCall) => Promise<unknown>;

export function parseError(detail: string): RpcError {
  return new RpcError(JsonRpcErrorCode.ParseError, 'Parse error', detail);
}

export function invalidRequest(detail: string): RpcError {
  return new RpcError(JsonRpcErrorCode.InvalidRequest, 'Invalid Request', detail);
}

export function methodNotFound(detail: string): RpcError {
  return new RpcError(JsonRpcErrorCode.MethodNotFound, 'Method not found', detail);
}

/** An RpcError keeps its code, message and data; anything else is an internal error. */
export function errorObject(error: unknown): JsonRpcErrorObject {
  if (error instanceof RpcError) {
    return error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: JsonRpcErrorCode.InternalError, message: `Internal error - ${detail}`, data: detail };
}

export function errorResponse(id: JsonRpcId, error: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: errorObject(error) };
}

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** One batch runs its calls at once: a cap keeps a single HTTP request from queueing unbounded work. */
export const MAX_BATCH_SIZE = 100;

const REQUEST_FORM = '{ "jsonrpc": "2.0", "method": "<name>", "params": [...], "id": <number or string> }';

/** One request object → its response, or undefined for a valid notification (no id). */
async function answerOne(item: unknown, callMethod: CallMethod): Promise<JsonRpcResponse | undefined> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return errorResponse(null, invalidRequest(`expected a request object ${REQUEST_FORM}, got ${show(item)}`));
  }
  const request = item as Record<string, unknown>;
  const isNotification = !Object.hasOwn(request, 'id');
  if (!isNotification && !isId(request.id)) {
    return errorResponse(null, invalidRequest(`id: expected a number, a string or null, got ${show(request.id)}`));
  }
  const id = isNotification ? null : (request.id as JsonRpcId);
  if (request.jsonrpc !== '2.0') return errorResponse(id, invalidRequest(`jsonrpc: expected "2.0", got ${show(request.jsonrpc)}`));
  if (typeof request.method !== 'string') return errorResponse(id, invalidRequest(`method: expected the method name as a string, got ${show(request.method)}`));
  const { params } = request;
  if (params !== undefined && (params === null || typeof params !== 'object')) {
    return errorResponse(id, invalidRequest(`params: expected an array (by position) or an object (by name), got ${show(params)}`));
  }
  try {
    const result = await callMethod({ method: request.method, params: params as JsonRpcCall['params'] });
    return isNotification ? undefined : { jsonrpc: '2.0', id, result: result ?? null };
  } catch (error) {
    return isNotification ? undefined : errorResponse(id, error);
  }
}

/**
 * Answers a parsed JSON-RPC payload: a request, or a batch (answered in order, notifications left out).
 * Undefined when nothing is to be sent back (a notification, or a batch of them only).
 */
export async function answerPayload(payload: unknown, callMethod: CallMethod): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  if (!Array.isArray(payload)) return answerOne(payload, callMethod);
  if (payload.length === 0) return errorResponse(null, invalidRequest('the batch is empty: send at least one request object'));
  if (payload.length > MAX_BATCH_SIZE) {
    return errorResponse(null, invalidRequest(`the batch has ${payload.length} requests: at most ${MAX_BATCH_SIZE} are answered in one batch; split it`));
  }
  const answers = await Promise.all(payload.map((item) => answerOne(item, callMethod)));
  const sent = answers.filter((answer): answer is JsonRpcResponse => answer !== undefined);
  return sent.length === 0 ? undefined : sent;
}
