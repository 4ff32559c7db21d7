// dispatchRpc: a parsed JSON-RPC 2.0 payload (request or batch) answered from a Blockchain.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import type { Blockchain } from '../../sdk/blockchain-types.js';
import { callChainMethod, chainRpcMethods, type ChainRpcMethod } from './chain-methods.js';
import { answerPayload, type PayloadAnswer } from './json-rpc.js';

export type RpcAnswer = PayloadAnswer;
/** The answer, at once when every method of it answered at once, else a promise of it. */
export type RpcDispatcher = (payload: unknown) => RpcAnswer | Promise<RpcAnswer>;

/** A dispatcher bound to one chain (its method table built once); `local`: the in-process chain behind it, if it is one. */
export function createRpcDispatcher(chain: Blockchain, local?: LocalChain): RpcDispatcher {
  const methods = chainRpcMethods(chain, local);
  return (payload) => answerPayload(payload, (call) => callChainMethod(methods, call));
}

/** Method tables by the chain they serve: the in-process chain when given (its table has the local-only methods), else the Blockchain. */
const tables = new WeakMap<object, Map<string, ChainRpcMethod>>();

/**
 * The response to a parsed payload: a response object, an array of them for a batch, or undefined
 * when nothing is to be sent (a notification, or a batch of notifications only).
 */
export function dispatchRpc(chain: Blockchain, payload: unknown, local?: LocalChain): Promise<RpcAnswer> {
  const key = local ?? chain;
  let methods = tables.get(key);
  if (methods === undefined) tables.set(key, (methods = chainRpcMethods(chain, local)));
  const table = methods;
  return Promise.resolve(answerPayload(payload, (call) => callChainMethod(table, call)));
}
