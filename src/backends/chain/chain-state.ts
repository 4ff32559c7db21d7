// The chain's whole state, and its plain-JSON snapshot (for persistence): blocks, transactions, executions,
// mempool, balances and onInvoke responses. A snapshot is checked (shape, block linkage, hashes) before use.
import type { Execution, Notification, StackItem, Transaction, Witness } from '../../sdk/blockchain-types.js';
import type { BalancesJson } from './balance-book.js';
import type { InvokeOverrideEntry } from './invoke-overrides.js';
import type { HeaderFields } from './serialization.js';
import { BalanceBook } from './balance-book.js';
import { InvokeOverrides } from './invoke-overrides.js';
import { blockHash, merkleRoot, ZERO_HASH } from './serialization.js';

export const SNAPSHOT_FORMAT = 'neosl-local-chain';
export const SNAPSHOT_VERSION = 1;

/** What a pending transaction will execute when mined. */
export interface PendingCall {
  scriptHash: string;
  operation: string;
  args: StackItem[];
  assert: boolean;
  unknownContract: 'fault' | 'halt';
}

export interface StoredBlock extends HeaderFields {
  hash: string;
  size: number;
  witnesses: Witness[];
  /** Transaction hashes, in block order. */
  tx: string[];
}

export interface StoredTransaction {
  /** As submitted (no blockhash/confirmations/blocktime). */
  tx: Transaction;
  /** The chain's own transactions (blockchain.transfer / invoke): the one call they run. */
  call?: PendingCall;
  /** Sent with sendrawtransaction: its script (tx.script) runs when mined, and its fees are burned from the sender. */
  external?: true;
  blockIndex: number | null;
  vmstate: 'HALT' | 'FAULT' | null;
}

export interface ChainSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  seed: string;
  accountCount: number;
  network: number;
  txCounter: number;
  blocks: StoredBlock[];
  transactions: Record<string, StoredTransaction>;
  /** Transaction hash → its Application execution. */
  executions: Record<string, Execution>;
  /** The genesis block's OnPersist notifications (the seeded balances, as mints). */
  genesisNotifications: Notification[];
  /** Block index → its OnPersist notifications (fees burned, network fees minted to the primary), for the blocks that have any. Absent in older snapshots. */
  persistNotifications?: Record<string, Notification[]>;
  /** The first block whose PostPersist minted the committee reward. Absent in older snapshots: from their next block on. */
  committeeRewardsFrom?: number;
  mempool: string[];
  balances: BalancesJson;
  invokeOverrides: InvokeOverrideEntry[];
}

export class ChainState {
  seed: string;
  accountCount: number;
  network: number;
  txCounter = 0;
  readonly blocks: StoredBlock[] = [];
  readonly blockIndexByHash = new Map<string, number>();
  readonly transactions = new Map<string, StoredTransaction>();
  readonly executions = new Map<string, Execution>();
  genesisNotifications: Notification[] = [];
  /** Block index → its OnPersist notifications, for the blocks after genesis that have any (fees of transactions sent raw). */
  readonly persistNotifications = new Map<number, Notification[]>();
  /** The first block whose PostPersist mints the committee reward (1 on a new chain: every block after genesis). */
  committeeRewardsFrom = 1;
  mempool: string[] = [];
  balances = new BalanceBook();
  overrides = new InvokeOverrides();

  constructor(seed: string, accountCount: number, network: number) {
    this.seed = seed;
    this.accountCount = accountCount;
    this.network = network;
  }

  get height(): number {
    return this.blocks.length - 1;
  }

  get tip(): StoredBlock {
    return this.blocks[this.blocks.length - 1]!;
  }

  addBlock(block: StoredBlock): void {
    this.blocks.push(block);
    this.blockIndexByHash.set(block.hash, block.index);
  }

  toSnapshot(): ChainSnapshot {
    return structuredClone({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      seed: this.seed,
      accountCount: this.accountCount,
      network: this.network,
      txCounter: this.txCounter,
      blocks: this.blocks,
      transactions: Object.fromEntries(this.transactions),
      executions: Object.fromEntries(this.executions),
      genesisNotifications: this.genesisNotifications,
      persistNotifications: Object.fromEntries(this.persistNotifications),
      committeeRewardsFrom: this.committeeRewardsFrom,
      mempool: this.mempool,
      balances: this.balances.toJSON(),
      invokeOverrides: this.overrides.toJSON(),
    });
  }

  /** A state from a snapshot; throws a TypeError naming the first problem, leaving nothing half-built. */
  static fromSnapshot(input: unknown): ChainState {
    const s = input as Partial<ChainSnapshot> | null;
    const fail = (path: string, problem: string): never => {
      throw new TypeError(`Invalid chain snapshot: ${path}: ${problem}`);
    };
    if (!s || typeof s !== 'object') fail('(root)', 'expected an object from LocalChain.snapshot()');
    if (s!.format !== SNAPSHOT_FORMAT) fail('format', `expected "${SNAPSHOT_FORMAT}", got ${JSON.stringify(s!.format)}`);
    if (s!.version !== SNAPSHOT_VERSION) fail('version', `expected ${SNAPSHOT_VERSION}, got ${JSON.stringify(s!.version)}`);
    const snap = structuredClone(s as ChainSnapshot);
    if (typeof snap.seed !== 'string') fail('seed', 'expected a string');
    if (!Number.isInteger(snap.accountCount) || snap.accountCount < 1) fail('accountCount', 'expected a positive integer');
    if (!Number.isInteger(snap.network) || snap.network < 0 || snap.network > 0xffffffff) fail('network', 'expected a uint32');
    if (!Number.isInteger(snap.txCounter) || snap.txCounter < 0) fail('txCounter', 'expected a non-negative integer');
    for (const key of ['transactions', 'executions', 'balances'] as const) {
      if (!snap[key] || typeof snap[key] !== 'object' || Array.isArray(snap[key])) fail(key, 'expected an object');
    }
    for (const key of ['blocks', 'mempool', 'genesisNotifications', 'invokeOverrides'] as const) {
      if (!Array.isArray(snap[key])) fail(key, 'expected an array');
    }
    if (snap.blocks.length === 0) fail('blocks', 'expected at least the genesis block');

    const state = new ChainState(snap.seed, snap.accountCount, snap.network);
    state.txCounter = snap.txCounter;
    for (const [hash, stored] of Object.entries(snap.transactions)) {
      if (!stored || typeof stored !== 'object' || !stored.tx || stored.tx.hash !== hash || (!stored.call && stored.external !== true)) {
        fail(`transactions["${hash}"]`, 'expected { tx, call or external, blockIndex, vmstate } with tx.hash equal to its key');
      }
      state.transactions.set(hash, stored);
    }
    snap.blocks.forEach((block, i) => {
      const path = `blocks[${i}]`;
      if (!block || typeof block !== 'object' || block.index !== i) fail(path, `expected the block with index ${i}`);
      const previous = i === 0 ? ZERO_HASH : snap.blocks[i - 1]!.hash;
      if (block.previousblockhash !== previous) fail(`${path}.previousblockhash`, `expected ${previous} (the previous block's hash)`);
      if (!Array.isArray(block.tx)) fail(`${path}.tx`, 'expected an array of transaction hashes');
      for (const txid of block.tx) {
        if (state.transactions.get(txid)?.blockIndex !== i) fail(`${path}.tx`, `transaction ${txid} is missing or not recorded in this block`);
      }
      if (block.merkleroot !== merkleRoot(block.tx)) fail(`${path}.merkleroot`, 'does not match the block\'s transactions');
      let hash: string;
      try {
        hash = blockHash(block);
      } catch (error) {
        return fail(path, `unreadable header (${(error as Error).message})`);
      }
      if (block.hash !== hash) fail(`${path}.hash`, `expected ${hash} (the hash of its header)`);
      state.addBlock(block);
    });
    for (const [i, txid] of snap.mempool.entries()) {
      const stored = state.transactions.get(txid);
      if (!stored || stored.blockIndex !== null) fail(`mempool[${i}]`, `transaction ${txid} is missing or already in a block`);
    }
    state.mempool = snap.mempool;
    for (const [txid, execution] of Object.entries(snap.executions)) state.executions.set(txid, execution);
    state.genesisNotifications = snap.genesisNotifications;
    const rewardsFrom = snap.committeeRewardsFrom ?? snap.blocks.length;
    if (!Number.isInteger(rewardsFrom) || rewardsFrom < 1) fail('committeeRewardsFrom', 'expected a block index from 1');
    state.committeeRewardsFrom = rewardsFrom;
    const persisted = snap.persistNotifications ?? {};
    if (typeof persisted !== 'object' || Array.isArray(persisted)) fail('persistNotifications', 'expected an object');
    for (const [index, notifications] of Object.entries(persisted)) {
      if (!/^\d+$/.test(index) || Number(index) >= state.blocks.length || !Array.isArray(notifications)) fail(`persistNotifications.${index}`, 'expected an array for a block of the chain');
      state.persistNotifications.set(Number(index), notifications);
    }
    try {
      state.balances = BalanceBook.fromJSON(snap.balances);
    } catch (error) {
      fail('balances', (error as Error).message);
    }
    try {
      state.overrides = InvokeOverrides.fromJSON(snap.invokeOverrides);
    } catch (error) {
      fail('invokeOverrides', (error as Error).message);
    }
    return state;
  }
}
