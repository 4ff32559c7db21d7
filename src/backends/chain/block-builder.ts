// The genesis block and the sealing of the mempool into the next block (execution, then commit).
import type { ApplicationLog, Execution, Notification, Witness } from '../../sdk/blockchain-types.js';
import type { ChainState, StoredBlock } from './chain-state.js';
import type { Keyring } from './keyring.js';
import { sha256 } from './bytes.js';
import type { CallOutcome } from './contract-executor.js';
import { GAS_HASH } from '../../sdk/blockchain-types.js';
import { executeCall } from './contract-executor.js';
import { chainViewOf } from './native-calls/index.js';
import { executeScript } from './script-execution.js';
import { readContractCallScript } from './script-reader.js';
import { placeholderInvocationScript } from './keys.js';
import { anyItem, arrayItem, hash160Item, integerItem } from './stack-item.js';
import { blockHash, blockSize, hash256ToBytes, merkleRoot, ZERO_HASH } from './serialization.js';
import { COMMITTEE_REWARD } from './neo-rewards.js';
import { StagedLedger } from './staged-ledger.js';
import { signData } from './transaction-builder.js';

/** Every N3 genesis block: 2016-07-15T15:08:21Z, nonce 2083236893, witness PUSH1. */
export const GENESIS_TIME = 1468595301000;
export const GENESIS_NONCE = '000000007C2BAC1D';
const GENESIS_WITNESS: Witness = { invocation: '', verification: 'EQ==' };
export const MAX_TRANSACTIONS_PER_BLOCK = 512;

export interface InitialBalance {
  asset: string;
  account: string;
  amount: bigint;
}

function mintNotification(balance: InitialBalance): Notification {
  return {
    contract: balance.asset,
    eventname: 'Transfer',
    state: arrayItem([anyItem(), hash160Item(balance.account), integerItem(balance.amount)]),
  };
}

function burnNotification(asset: string, account: string, amount: bigint): Notification {
  return { contract: asset, eventname: 'Transfer', state: arrayItem([hash160Item(account), anyItem(), integerItem(amount)]) };
}

export function createGenesis(state: ChainState, keyring: Keyring, balances: InitialBalance[]): void {
  const header = {
    version: 0,
    previousblockhash: ZERO_HASH,
    merkleroot: ZERO_HASH,
    time: GENESIS_TIME,
    nonce: GENESIS_NONCE,
    index: 0,
    primary: 0,
    nextconsensus: keyring.consensusAddress,
  };
  state.addBlock({
    ...header,
    hash: blockHash(header),
    size: blockSize([GENESIS_WITNESS], []),
    witnesses: [{ ...GENESIS_WITNESS }],
    tx: [],
  });
  for (const balance of balances) state.balances.set(balance.asset, balance.account, balance.amount, 0);
  state.genesisNotifications = balances.filter((b) => b.amount > 0n).map(mintNotification);
}

/** A block nonce derived from the previous hash and the index (16 hex digits, as the node prints it). */
function blockNonce(previousHash: string, index: number): string {
  const seed = Buffer.alloc(36);
  hash256ToBytes(previousHash).copy(seed);
  seed.writeUInt32LE(index, 32);
  return sha256(seed).subarray(0, 8).toString('hex').toUpperCase();
}

/** NeoToken's PostPersist notification: the committee's reward for a block (the local chain's committee is its one validator). */
export function committeeRewardNotification(keyring: Keyring): Notification {
  return mintNotification({ asset: GAS_HASH, account: keyring.validatorAccount, amount: COMMITTEE_REWARD });
}

/**
 * GasToken's OnPersist for the block's transactions (those sent raw and those the chain builds for
 * blockchain.transfer / invoke alike): each one's system and network fees burned from its sender, then the
 * network fees minted to the primary validator's account; the Transfer notifications of both, in the node's order.
 */
function persistFees(state: ChainState, keyring: Keyring, ledger: StagedLedger, txids: string[]): Notification[] {
  const notifications: Notification[] = [];
  let networkFees = 0n;
  for (const txid of txids) {
    const stored = state.transactions.get(txid)!;
    const sender = stored.tx.signers[0]!.account;
    const fees = BigInt(stored.tx.sysfee) + BigInt(stored.tx.netfee);
    ledger.burn(GAS_HASH, sender, fees);
    notifications.push(burnNotification(GAS_HASH, sender, fees));
    networkFees += BigInt(stored.tx.netfee);
  }
  if (networkFees > 0n) {
    const primary = keyring.validatorAccount;
    ledger.mint(GAS_HASH, primary, networkFees);
    notifications.push(mintNotification({ asset: GAS_HASH, account: primary, amount: networkFees }));
  }
  return notifications;
}

/**
 * Executes the oldest mempool transactions (up to the block limit) in order against staged balances,
 * builds the block, then commits everything at once.
 */
/**
 * The node's mempool re-verification before a block: oldest first, each sender's fees (with those of its
 * earlier pooled transactions) must be covered by its GAS; a transaction that no longer is (its sender's GAS
 * was spent or set lower since it was pooled) is dropped, as the node evicts it. Returns the block's txids.
 */
function payableTransactions(state: ChainState): string[] {
  const committed = new Map<string, bigint>();
  const kept: string[] = [];
  const dropped = new Set<string>();
  for (const txid of state.mempool) {
    if (kept.length === MAX_TRANSACTIONS_PER_BLOCK) break;
    const { tx } = state.transactions.get(txid)!;
    const sender = tx.signers[0]!.account;
    const fees = (committed.get(sender) ?? 0n) + BigInt(tx.sysfee) + BigInt(tx.netfee);
    if (state.balances.get(GAS_HASH, sender) < fees) {
      state.transactions.delete(txid);
      dropped.add(txid);
      continue;
    }
    committed.set(sender, fees);
    kept.push(txid);
  }
  if (dropped.size > 0) state.mempool = state.mempool.filter((txid) => !dropped.has(txid));
  return kept;
}

export function sealBlock(state: ChainState, keyring: Keyring, time: number): { block: StoredBlock; logs: ApplicationLog[] } {
  const index = state.height + 1;
  const txids = payableTransactions(state);
  const ledger = new StagedLedger(state.balances, index);
  const onPersist = persistFees(state, keyring, ledger, txids);
  const executions: [string, Execution][] = txids.map((txid) => {
    const stored = state.transactions.get(txid)!;
    const ctx = {
      ledger,
      overrides: state.overrides,
      signers: stored.tx.signers,
      unknownContract: stored.call?.unknownContract ?? ('fault' as const),
      validatorPublicKey: keyring.validator.publicKey.toString('hex'),
      committeeScriptHash: keyring.consensusScriptHash,
      persistingIndex: index,
      // LedgerContract reads the blocks before this one.
      chain: chainViewOf(state),
    };
    let outcome: CallOutcome;
    if (stored.external) {
      // Burned in OnPersist (below), before the scripts run.
      outcome = executeScript(ctx, readContractCallScript(Buffer.from(stored.tx.script, 'base64')), stored.tx.signers, BigInt(stored.tx.sysfee));
    } else {
      outcome = executeCall(ctx, stored.call!);
    }
    if (outcome.state === 'HALT') for (const transfer of outcome.transfers) ledger.apply(transfer);
    return [
      txid,
      {
        trigger: 'Application',
        vmstate: outcome.state,
        exception: outcome.exception,
        gasconsumed: outcome.gasconsumed.toString(),
        stack: outcome.stack,
        notifications: outcome.notifications,
      },
    ];
  });

  const previous = state.tip;
  const header = {
    version: 0,
    previousblockhash: previous.hash,
    merkleroot: merkleRoot(txids),
    time: Math.max(time, previous.time + 1),
    nonce: blockNonce(previous.hash, index),
    index,
    primary: 0,
    nextconsensus: keyring.consensusAddress,
  };
  const hash = blockHash(header);
  const witnesses: Witness[] = [
    {
      invocation: placeholderInvocationScript(keyring.validator.privateKey, signData(state.network, hash)).toString('base64'),
      verification: keyring.consensusScript.toString('base64'),
    },
  ];
  const block: StoredBlock = {
    ...header,
    hash,
    size: blockSize(witnesses, txids.map((txid) => state.transactions.get(txid)!.tx)),
    witnesses,
    tx: txids,
  };

  // NeoToken's PostPersist, after the transactions: the committee member's reward.
  if (index >= state.committeeRewardsFrom) ledger.mint(GAS_HASH, keyring.validatorAccount, COMMITTEE_REWARD);
  ledger.commit(index);
  if (onPersist.length > 0) state.persistNotifications.set(index, onPersist);
  for (const [txid, execution] of executions) {
    const stored = state.transactions.get(txid)!;
    stored.blockIndex = index;
    stored.vmstate = execution.vmstate;
    state.executions.set(txid, execution);
  }
  state.mempool = state.mempool.slice(txids.length);
  state.addBlock(block);
  return { block, logs: executions.map(([txid, execution]) => ({ txid, executions: [structuredClone(execution)] })) };
}
