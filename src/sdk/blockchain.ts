// `@neo-service/sdk/blockchain`: Neo N3 reads and writes through the configured chain.
import type { Blockchain } from './blockchain-types.js';

/** The chain of the running function (in-process fake locally, or `blockchain.rpcUrl`). */
export declare const blockchain: Blockchain;

export * from './blockchain-types.js';
