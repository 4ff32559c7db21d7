// `@neo-service/sdk/blockchain`: Neo N3 reads and writes through the configured chain.
import type { Blockchain } from './blockchain-types.js';
import { blockchainProxy } from './context/active-blockchain.js';

/** The chain of the running function (the in-process chain locally, or `blockchain.rpcUrl`). */
export const blockchain: Blockchain = blockchainProxy;

export * from './blockchain-types.js';
