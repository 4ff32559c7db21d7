// JSON-RPC envelopes read as a Neo N3 node (RpcServer plugin) reads them: `jsonrpc` is not required,
// `id` is echoed whatever it is and its absence makes a notification (no answer), `params` is an
// array by position (absent or null: none) and params by name are refused as the node refuses them
// (-32600). Single calls, batches, and error objects in the node's form
// ({ code, message: "<message> - <data>", data }).
import { RpcError } from '../../backends/chain/rpc-error.js';
import { show } from './params.js';

export const JsonRpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** Whatever the request's `id` was (a node echoes any JSON value); null when it could not be read. */
export type JsonRpcId = unknown;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: string;
}

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject };

/** What a valid request asks for: params by position (absent or null: none). */
export interface JsonRpcCall {
  method: string;
  params: unknown[];
}

/** Runs a call: its result, or a promise of it (methods that answer at once need no promise turn); throws or rejects with an RpcError. */
export type CallMethod = (call: JsonRpcCall) => unknown;

export type PayloadAnswer = JsonRpcResponse | JsonRpcResponse[] | undefined;

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** A body that is not JSON: the node's "Bad request" (-32700), with what was wrong as the detail. */
export function parseError(detail: string): RpcError {
  return new RpcError(JsonRpcErrorCode.ParseError, 'Bad request', detail);
}

export function invalidRequest(detail: string): RpcError {
  return new RpcError(JsonRpcErrorCode.InvalidRequest, 'Invalid request', detail);
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

/** One batch runs its calls at once: a cap keeps a single HTTP request from queueing unbounded work. */
export const MAX_BATCH_SIZE = 100;

const REQUEST_FORM = '{ "jsonrpc": "2.0", "method": "<name>", "params": [...], "id": <number or string> }';

/** One request object → its response (or a promise of it when the method answers later), or undefined for a notification (no id). */
function answerOne(item: unknown, callMethod: CallMethod): JsonRpcResponse | undefined | Promise<JsonRpcResponse> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return errorResponse(null, invalidRequest(`expected a request object ${REQUEST_FORM}, got ${show(item)}`));
  }
  const request = item as Record<string, unknown>;
  // As the node: no id, no answer (not even for a request it cannot make sense of).
  if (!Object.hasOwn(request, 'id')) return undefined;
  const { id } = request;
  if (typeof request.method !== 'string') return errorResponse(id, invalidRequest(`method: expected the method name as a string, got ${show(request.method)}`));
  const params = request.params ?? [];
  if (!Array.isArray(params)) {
    const named = typeof params === 'object' ? ' (params by name are not accepted by Neo nodes: pass them in order)' : '';
    return errorResponse(id, invalidRequest(`params: expected an array of the parameters in order${named}, got ${show(params)}`));
  }
  let result: unknown;
  try {
    result = callMethod({ method: request.method, params });
  } catch (error) {
    return errorResponse(id, error);
  }
  if (!isPromise(result)) return { jsonrpc: '2.0', id, result: result ?? null };
  return Promise.resolve(result).then(
    (value): JsonRpcResponse => ({ jsonrpc: '2.0', id, result: value ?? null }),
    (error: unknown) => errorResponse(id, error),
  );
}

/**
 * Answers a parsed JSON-RPC payload: a request, or a batch (answered in order, notifications left out).
 * Undefined when nothing is to be sent back (a notification, or a batch of them only). A single call whose
 * method answers at once is answered at once; otherwise a promise of the answer.
 */
export function answerPayload(payload: unknown, callMethod: CallMethod): PayloadAnswer | Promise<PayloadAnswer> {
  if (!Array.isArray(payload)) return answerOne(payload, callMethod);
  return answerBatch(payload, callMethod);
}

async function answerBatch(payload: unknown[], callMethod: CallMethod): Promise<PayloadAnswer> {
  if (payload.length === 0) return errorResponse(null, invalidRequest('the batch is empty: send at least one request object'));
  if (payload.length > MAX_BATCH_SIZE) {
    return errorResponse(null, invalidRequest(`the batch has ${payload.length} requests: at most ${MAX_BATCH_SIZE} are answered in one batch; split it`));
  }
  const answers = await Promise.all(payload.map((item) => answerOne(item, callMethod)));
  const sent = answers.filter((answer): answer is JsonRpcResponse => answer !== undefined);
  return sent.length === 0 ? undefined : sent;
}
