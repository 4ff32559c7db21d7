// The in-process chain as Neo N3 JSON-RPC 2.0: the HTTP handler for POST /_neosl/rpc and the pure dispatcher.
export { createChainRpcHandler, DEFAULT_RPC_BODY_LIMIT } from './http-handler.js';
export type { ChainRpcHandlerOptions, RpcRequestHandler } from './http-handler.js';
export { createRpcDispatcher, dispatchRpc } from './dispatch.js';
export type { RpcAnswer, RpcDispatcher } from './dispatch.js';
export { JsonRpcErrorCode } from './json-rpc.js';
export type { JsonRpcErrorObject, JsonRpcId, JsonRpcResponse } from './json-rpc.js';
export { UNKNOWN_HEIGHT } from './chain-methods.js';
