// A read-only view of the chain's blocks and transactions for LedgerContract (CallContext.chain). Which of them
// a contract sees is decided by the caller (ledger.ts): the blocks up to Ledger.CurrentIndex, which is
// persistingIndex - 1 (a test run sees the chain up to its tip; a transaction in block N sees it up to N - 1).
import type { Transaction } from '../../../sdk/blockchain-types.js';
import type { ChainState, StoredBlock } from '../chain-state.js';

export type ChainBlock = Pick<
  StoredBlock,
  'hash' | 'version' | 'previousblockhash' | 'merkleroot' | 'time' | 'nonce' | 'index' | 'primary' | 'nextconsensus' | 'tx'
>;

export interface ChainTransaction {
  tx: Transaction;
  blockIndex: number;
  vmstate: 'HALT' | 'FAULT' | null;
}

export interface ChainView {
  blockAt(index: number): ChainBlock | undefined;
  /** The index of the block with this hash (0x, big-endian), if the chain has it. */
  blockIndexOf(hash: string): number | undefined;
  /** A transaction recorded in a block (pooled ones are not in the ledger). */
  transaction(hash: string): ChainTransaction | undefined;
}

/** The view of a chain state (read when asked, so it follows the state as blocks are added). */
export function chainViewOf(state: ChainState): ChainView {
  return {
    blockAt: (index) => state.blocks[index],
    blockIndexOf: (hash) => state.blockIndexByHash.get(hash),
    transaction: (hash) => {
      const stored = state.transactions.get(hash);
      if (!stored || stored.blockIndex === null) return undefined;
      return { tx: stored.tx, blockIndex: stored.blockIndex, vmstate: stored.vmstate };
    },
  };
}
