// The `blockchain` export of '@neo-service/sdk/blockchain' answers for the chain of the function that
// is running. User bundles carry their own copy of the SDK, so the slot lives on globalThis under a
// registered symbol that every copy finds.
import type { Blockchain } from '../blockchain-types.js';
import { NeoError } from '../neo-error.js';

const slot = Symbol.for('neosl.activeBlockchain');
type GlobalWithChain = typeof globalThis & { [slot]?: Blockchain };

export function setActiveBlockchain(chain: Blockchain | undefined): void {
  (globalThis as GlobalWithChain)[slot] = chain;
}

export function activeBlockchainOrUndefined(): Blockchain | undefined {
  return (globalThis as GlobalWithChain)[slot];
}

export function activeBlockchain(): Blockchain {
  const chain = activeBlockchainOrUndefined();
  if (!chain) {
    throw new NeoError(
      'UNAVAILABLE',
      'no chain is connected: the blockchain import works inside a function run by neosl (dev, invoke, bench) or after createTestContext()',
    );
  }
  return chain;
}

const methods = [
  'getBlockCount', 'getBlock', 'getBestBlockHash', 'getTransaction', 'getApplicationLog', 'getNep17Balances',
  'getContractState', 'invokeFunction', 'getRawMemPool', 'getVersion', 'transfer', 'invoke',
] as const satisfies readonly (keyof Blockchain)[];

/** A Blockchain whose every call goes to the active chain at the time of the call. */
export const blockchainProxy: Blockchain = Object.fromEntries(
  methods.map((method) => [method, async (...args: unknown[]) => (activeBlockchain()[method] as (...a: unknown[]) => unknown)(...args)]),
) as unknown as Blockchain;
