// dispatchRpc: a parsed JSON-RPC 2.0 payload (request or batch) answered from a Blockchain.
import type { Blockchain } from '../../sdk/blockchain-types.js';
import { callChainMethod, chainRpcMethods, type ChainRpcMethod } from './chain-methods.js';
import { answerPayload, type JsonRpcResponse } from './json-rpc.js';

export type RpcAnswer = JsonRpcResponse | JsonRpcResponse[] | undefined;
export type RpcDispatcher = (payload: unknown) => Promise<RpcAnswer>;

/** A dispatcher bound to one chain (its method table built once). */
export function createRpcDispatcher(chain: Blockchain): RpcDispatcher {
  const methods = chainRpcMethods(chain);
  return (payload) => answerPayload(payload, (call) => callChainMethod(methods, call));
}

const tables = new WeakMap<Blockchain, Map<string, ChainRpcMethod>>();

/**
 * The response to a parsed payload: a response object, an array of them for a batch, or undefined
 * when nothing is to be sent (a notification, or a batch of notifications only).
 */
export function dispatchRpc(chain: Blockchain, payload: unknown): Promise<RpcAnswer> {
  let methods = tables.get(chain);
  if (methods === undefined) tables.set(chain, (methods = chainRpcMethods(chain)));
  const table = methods;
  return answerPayload(payload, (call) => callChainMethod(table, call));
}
