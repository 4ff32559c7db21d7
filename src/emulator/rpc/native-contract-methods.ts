// getnativecontracts: the in-process chain's nine native contract states (Neo 3.7: ContractManagement … OracleContract),
// as RpcServer's GetNativeContracts lists them: ContractManagement.GetContract(hash).ToJson() for each native
// contract, in id order (-1 … -9). When neosl proxies a node it answers -32601, saying to ask that node.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import { nativeContractStates } from '../../backends/chain/native-contracts.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { localOnly } from './local-only.js';

/** `local`: the in-process chain, undefined when neosl proxies a real node. */
export function nativeContractMethods(local: LocalChain | undefined): [string, ChainRpcMethod][] {
  return [localOnly('getnativecontracts', local, [], async () => nativeContractStates())];
}
