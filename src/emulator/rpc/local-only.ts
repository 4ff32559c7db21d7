// Methods only the in-process chain answers (its node, its keys, scripts and transactions it runs): when neosl
// proxies a real node (blockchain.rpcUrl) they answer -32601, saying to ask that node.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import type { RpcError } from '../../backends/chain/rpc-error.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { methodNotFound } from './json-rpc.js';
import type { ParamSpec } from './params.js';

/** -32601 for a method only the in-process chain answers, when neosl proxies a real node. */
export function proxiedNode(method: string): RpcError {
  return methodNotFound(
    `"${method}" is not served: neosl proxies a Neo node here (blockchain.rpcUrl) and answers ${method} only for its in-process chain; ask the node itself`,
  );
}

/** A method that needs the in-process chain: -32601 without one. */
export function localOnly(method: string, local: LocalChain | undefined, params: readonly ParamSpec[], run: (local: LocalChain, args: unknown[]) => Promise<unknown>): [string, ChainRpcMethod] {
  return [
    method,
    {
      params,
      run: async (args) => {
        if (local === undefined) throw proxiedNode(method);
        return run(local, args);
      },
    },
  ];
}
