// The instance's Blockchain: every method runs on the host's chain (the in-process local chain or
// an RPC node), so that all instances see one ledger.
import type { Blockchain } from '../../sdk/blockchain-types.js';
import type { RemoteCalls } from './remote-calls.js';

export const CHAIN_METHODS = [
  'getBlockCount', 'getBlock', 'getBestBlockHash', 'getTransaction', 'getApplicationLog', 'getNep17Balances',
  'getContractState', 'invokeFunction', 'getRawMemPool', 'getVersion', 'transfer', 'invoke',
] as const satisfies readonly (keyof Blockchain)[];

export function createRemoteChain(calls: RemoteCalls): Blockchain {
  const chain: Record<string, unknown> = {};
  for (const method of CHAIN_METHODS) {
    // The Error is the call site, for the stack of a failure (an unknown block is the user's bug).
    chain[method] = (...args: unknown[]) => calls.call('chain', method, args, new Error());
  }
  return chain as unknown as Blockchain;
}
