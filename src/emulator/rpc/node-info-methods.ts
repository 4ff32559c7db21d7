// The Neo N3 RPC methods about the node itself (getblockheader, getcommittee, getnextblockvalidators, getpeers,
// listplugins) and the TokensTracker's getnep17transfers, in the node's shapes and key order. Those that describe
// the in-process chain's node need `local`: when neosl proxies a real node they answer -32601, saying so.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import type { Block, Blockchain, Notification, StackItem } from '../../sdk/blockchain-types.js';
import { ADDRESS_FORM, HASH256_FORM, parseAccount, SCRIPT_HASH_FORM, scriptHashFromBytes, scriptHashToAddress, scriptHashToBytes } from '../../backends/chain/address.js';
import { varIntSize } from '../../backends/chain/bytes.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import { bytesToBigInt } from '../../backends/chain/script-builder.js';
import { witnessSize } from '../../backends/chain/serialization.js';
import { packageVersion } from '../../package-info.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { localOnly } from './local-only.js';
import { FLAG_FORM, parseFlag, show, type ParamSpec } from './params.js';
import { serializeHeader } from './wire-format.js';

/** getblockheader's verbose answer: the block's JSON without `tx`, `size` being the header's. */
export type BlockHeader = Omit<Block, 'tx'>;

export interface Nep17Transfer {
  timestamp: number;
  assethash: string;
  /** The other side; null for a mint's sender or a burn's recipient. */
  transferaddress: string | null;
  amount: string;
  blockindex: number;
  transfernotifyindex: number;
  txhash: string;
}

export interface Nep17Transfers {
  address: string;
  sent: Nep17Transfer[];
  received: Nep17Transfer[];
}

const param = (name: string, form: string, optional = false): ParamSpec => (optional ? { name, form, optional } : { name, form });

/** Header.SerializeUnsigned: version, prev hash, merkle root, timestamp, nonce, index, primary, next consensus. */
const UNSIGNED_HEADER_SIZE = 4 + 32 + 32 + 8 + 8 + 4 + 1 + 20;

/** TokensTracker's defaults: a week back from now when no start is given, and at most MaxResults (1000) per list. */
const DEFAULT_HISTORY_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_RESULTS = 1000;
const TIME_FORM = 'a time in milliseconds since the Unix epoch (an integer from 0)';
const ZERO_SCRIPT_HASH = '0x' + '0'.repeat(40);

/** The plugins a node serving these methods runs (ApplicationLogs: getapplicationlog; TokensTracker: getnep17*), by name as the node orders them. */
const PLUGINS = ['ApplicationLogs', 'RpcServer', 'TokensTracker'];

function headerJson(block: Block): BlockHeader {
  const header: BlockHeader = {
    hash: block.hash,
    // Header.Size: the unsigned part, then its witness as an array of one.
    size: UNSIGNED_HEADER_SIZE + varIntSize(block.witnesses.length) + block.witnesses.reduce((sum, w) => sum + witnessSize(w), 0),
    version: block.version,
    previousblockhash: block.previousblockhash,
    merkleroot: block.merkleroot,
    time: block.time,
    nonce: block.nonce,
    index: block.index,
    primary: block.primary,
    nextconsensus: block.nextconsensus,
    witnesses: block.witnesses,
    confirmations: block.confirmations,
  };
  if (block.nextblockhash !== undefined) header.nextblockhash = block.nextblockhash;
  return header;
}

/** verbose off: the header's wire form (base64), or -32602 when the chain's data cannot be encoded. */
function wireHeader(block: Block): string {
  try {
    return serializeHeader(block).toString('base64');
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw RpcError.invalidParams(`verbose: this block header cannot be serialized by the local chain (${error.message}); only verbose (true) is supported for it`);
  }
}

/** A System.Version as .NET prints an assembly's (four numbers): "0.1.0" → "0.1.0.0". */
export function assemblyVersion(version: string): string {
  const numbers = version.split(/[-+]/)[0]!.split('.');
  if (numbers.length > 4 || !numbers.every((n) => /^\d+$/.test(n))) return version;
  return [...numbers, '0', '0', '0'].slice(0, 4).map(Number).join('.');
}

function parseTime(value: unknown, name: string): number {
  const time = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof time === 'number' && Number.isSafeInteger(time) && time >= 0) return time;
  throw RpcError.invalidParams(`Invalid ${name} ${show(value)}: expected ${TIME_FORM}`);
}

// ---- NEP-17 transfers from the application logs, as TokensTracker's Nep17Tracker records them ----

/** A Transfer side: a script hash (the zero hash included), null for a Null item, undefined when it is not a Hash160 at all. */
function transferSide(item: StackItem): string | null | undefined {
  if (item.type === 'Any') return null;
  if (item.type !== 'ByteString') return undefined;
  const bytes = Buffer.from(item.value, 'base64');
  return bytes.length === 20 ? scriptHashFromBytes(bytes) : undefined;
}

/** An Integer, or a byte string NeoVM reads as one (at most 32 bytes); undefined otherwise. */
function transferAmount(item: StackItem): bigint | undefined {
  if (item.type === 'Integer') return BigInt(item.value);
  if (item.type !== 'ByteString') return undefined;
  const bytes = Buffer.from(item.value, 'base64');
  return bytes.length <= 32 ? bytesToBigInt(bytes) : undefined;
}

interface TransferRecord {
  from: string;
  to: string;
  amount: bigint;
}

/**
 * TrackerBase.GetTransferRecord for a NEP-17 Transfer(from, to, amount): each side a 20-byte ByteString or Null
 * (Null counts as the zero hash), not both Null; the amount an Integer or a ByteString. Anything else is no transfer.
 */
function nep17Transfer(notification: Notification): TransferRecord | undefined {
  const { state } = notification;
  if (notification.eventname !== 'Transfer' || (state.type !== 'Array' && state.type !== 'Struct') || state.value.length !== 3) return undefined;
  const [fromItem, toItem, amountItem] = state.value as [StackItem, StackItem, StackItem];
  const from = transferSide(fromItem);
  const to = transferSide(toItem);
  const amount = transferAmount(amountItem);
  if (from === undefined || to === undefined || amount === undefined || (from === null && to === null)) return undefined;
  return { from: from ?? ZERO_SCRIPT_HASH, to: to ?? ZERO_SCRIPT_HASH, amount };
}

interface KeyedTransfer {
  /** The tracker's key after the account: timestamp (big-endian), asset (as stored), notify index (little-endian). */
  key: Buffer;
  transfer: Nep17Transfer;
}

function transferKey(timestamp: number, asset: string, notifyIndex: number): Buffer {
  const key = Buffer.alloc(8 + 20 + 4);
  key.writeBigUInt64BE(BigInt(timestamp), 0);
  scriptHashToBytes(asset).copy(key, 8);
  key.writeUInt32LE(notifyIndex, 28);
  return key;
}

/** The first block at or after `time` (block times strictly increase); `count` when there is none. */
async function firstBlockFrom(chain: Blockchain, count: number, time: number): Promise<number> {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((await chain.getBlock(middle)).time < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Nep17Tracker.GetNep17Transfers: the account's transfers with start <= timestamp < end (the tracker's key range),
 * the oldest MaxResults of each list, newest first. Only transfers made by transactions are recorded (a block's
 * OnPersist/PostPersist transfers, such as the genesis mints, are not), and none of a FAULTed transaction;
 * `transfernotifyindex` counts the recorded transfers of the block, across its transactions.
 */
async function nep17Transfers(chain: Blockchain, account: string, start: number, end: number): Promise<Nep17Transfers> {
  const sent: KeyedTransfer[] = [];
  const received: KeyedTransfer[] = [];
  const count = await chain.getBlockCount();
  for (let index = await firstBlockFrom(chain, count, start); index < count; index++) {
    const block = await chain.getBlock(index);
    if (block.time >= end) break;
    let notifyIndex = 0;
    for (const tx of block.tx) {
      const log = await chain.getApplicationLog(tx.hash);
      for (const execution of log.executions) {
        if (execution.vmstate === 'FAULT') continue;
        for (const notification of execution.notifications) {
          const record = nep17Transfer(notification);
          if (record === undefined) continue;
          const entry = (other: string): KeyedTransfer => ({
            key: transferKey(block.time, notification.contract, notifyIndex),
            transfer: {
              timestamp: block.time,
              assethash: notification.contract,
              transferaddress: other === ZERO_SCRIPT_HASH ? null : scriptHashToAddress(other),
              amount: record.amount.toString(),
              blockindex: block.index,
              transfernotifyindex: notifyIndex,
              txhash: tx.hash,
            },
          });
          if (record.from !== ZERO_SCRIPT_HASH && record.from === account) sent.push(entry(record.to));
          if (record.to !== ZERO_SCRIPT_HASH && record.to === account) received.push(entry(record.from));
          notifyIndex += 1;
        }
      }
    }
    // Later blocks sort after every transfer found so far: once both lists are full, nothing more can enter them.
    if (sent.length >= MAX_RESULTS && received.length >= MAX_RESULTS) break;
  }
  // The tracker takes the first MaxResults in key order, then orders them by timestamp, newest first (a stable sort).
  const listed = (transfers: KeyedTransfer[]) =>
    transfers
      .sort((a, b) => Buffer.compare(a.key, b.key))
      .slice(0, MAX_RESULTS)
      .sort((a, b) => b.transfer.timestamp - a.transfer.timestamp)
      .map((t) => t.transfer);
  return { address: scriptHashToAddress(account), sent: listed(sent), received: listed(received) };
}

/** `local`: the in-process chain behind `chain`, undefined when neosl proxies a real node. */
export function nodeInfoMethods(chain: Blockchain, local: LocalChain | undefined): [string, ChainRpcMethod][] {
  return [
    [
      'getblockheader',
      {
        params: [param('indexOrHash', `a block index (an integer from 0) or a block hash (${HASH256_FORM})`), param('verbose', FLAG_FORM, true)],
        async run([key, verbose]) {
          const asJson = parseFlag(verbose);
          const block = await chain.getBlock(key as number | string);
          return asJson ? headerJson(block) : wireHeader(block);
        },
      },
    ],
    localOnly('getcommittee', local, [], async (node) => [node.validatorPublicKey]),
    // The validator is not a registered candidate: NEO.GetCandidateVote answers -1, which the node sends as a number.
    localOnly('getnextblockvalidators', local, [], async (node) => [{ publickey: node.validatorPublicKey, votes: -1 }]),
    localOnly('getpeers', local, [], async () => ({ unconnected: [], bad: [], connected: [] })),
    // Plugin interfaces named ...Plugin are listed; the current ApplicationLogs, RpcServer and TokensTracker have none.
    localOnly('listplugins', local, [], async () => PLUGINS.map((name) => ({ name, version: assemblyVersion(packageVersion()), interfaces: [] }))),
    localOnly(
      'getnep17transfers',
      local,
      [param('address', `${ADDRESS_FORM}, or a script hash (${SCRIPT_HASH_FORM})`), param('startTime', TIME_FORM, true), param('endTime', TIME_FORM, true)],
      async (_node, [address, startTime, endTime]) => {
        const account = parseAccount(address, 'address');
        const now = Date.now();
        const start = startTime === undefined ? now - DEFAULT_HISTORY_MS : parseTime(startTime, 'startTime');
        const end = endTime === undefined ? now : parseTime(endTime, 'endTime');
        if (end < start) throw RpcError.invalidParams(`endTime ${end} is before startTime ${start}`);
        return nep17Transfers(chain, account, start, end);
      },
    ),
  ];
}
