import type { NeoEventFunction } from '@neo-service/sdk/function';
import { GAS_HASH, type Block, type BlockEvent, type Blockchain, type StackItem } from '@neo-service/sdk/blockchain';

/** What is stored per block, in the collection named after the function. */
export interface BlockRecord {
  index: number;
  hash: string;
  /** Block time, epoch milliseconds. */
  time: number;
  txCount: number;
  /** The watched address's GAS balance after this block (absent when WATCH_ADDRESS is unset). */
  watched?: { address: string; symbol: string; amount: string; formatted: string };
}

const COLLECTION = '__fn__';
/** Redis key of the highest block recorded so far (shared by all instances). */
export const HEIGHT_KEY = '__fn__:height';

interface TokenInfo {
  symbol: string;
  decimals: number;
}

// Use global scope for reusable resources: the GAS token's symbol and decimals never change,
// so each instance asks the chain once (a test invocation of the contract) and keeps them.
let gasInfo: Promise<TokenInfo> | undefined;

function gasTokenInfo(chain: Blockchain): Promise<TokenInfo> {
  if (!gasInfo) {
    gasInfo = (async () => {
      const [symbol, decimals] = await Promise.all([
        chain.invokeFunction(GAS_HASH, 'symbol'),
        chain.invokeFunction(GAS_HASH, 'decimals'),
      ]);
      return { symbol: stackString(symbol.stack[0]), decimals: Number(stackInteger(decimals.stack[0])) };
    })();
    gasInfo.catch(() => {
      gasInfo = undefined; // failed: ask again on the next call
    });
  }
  return gasInfo;
}

/**
 * Runs on every new block (`blockchain: { event: block }` trigger). Run by hand
 * (`neosl invoke __fn__`), it gets no block and records the current tip instead.
 */
export const __fn__: NeoEventFunction<Partial<BlockEvent>> = async (event, context) => {
  const chain = context.blockchain; // the same chain as `import { blockchain } from '@neo-service/sdk/blockchain'`

  // How far behind the tip is this event? (Block count = tip index + 1.)
  const tip = (await chain.getBlockCount()) - 1;
  const block: Block = event?.block ?? (await chain.getBlock(tip));
  const lag = tip - block.index;
  context.metrics.gauge('__fn__.lag', lag);
  if (lag > 0) {
    context.logger.warn('Behind the chain tip', { block: block.index, tip, lag });
  }

  const record: BlockRecord = { index: block.index, hash: block.hash, time: block.time, txCount: block.tx.length };

  const address = context.env.WATCH_ADDRESS;
  if (address) {
    const [balances, gas] = await Promise.all([chain.getNep17Balances(address), gasTokenInfo(chain)]);
    const amount = balances.balance.find((b) => b.assethash === GAS_HASH)?.amount ?? '0';
    record.watched = { address, symbol: gas.symbol, amount, formatted: formatUnits(amount, gas.decimals) };
  }

  // Upsert by index: a block delivered twice (a retry) is stored once.
  await context.database.collection<BlockRecord>(COLLECTION).updateOne({ index: block.index }, { $set: record }, { upsert: true });

  // Cache the latest height for readers. Events can arrive out of order: never go back.
  const height = await context.cache.redis.get<number>(HEIGHT_KEY);
  if (height === null || block.index > height) {
    await context.cache.redis.set(HEIGHT_KEY, block.index);
  }

  context.metrics.increment('__fn__.blocks');
  context.logger.info('Block recorded', { index: block.index, hash: block.hash, txCount: record.txCount });
};

/** A ByteString stack item (base64) as UTF-8 text. */
function stackString(item: StackItem | undefined): string {
  if (item?.type !== 'ByteString') throw new Error(`Expected a ByteString, got ${item?.type ?? 'nothing'}`);
  return Buffer.from(item.value, 'base64').toString('utf8');
}

/** An Integer stack item (a decimal string) as a bigint. */
function stackInteger(item: StackItem | undefined): bigint {
  if (item?.type !== 'Integer') throw new Error(`Expected an Integer, got ${item?.type ?? 'nothing'}`);
  return BigInt(item.value);
}

/** '150000000' with 8 decimals → '1.5'. Amounts are integers in the smallest unit: use bigint, never float. */
export function formatUnits(amount: string, decimals: number): string {
  const value = BigInt(amount);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const fraction = (abs % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${sign}${abs / unit}${fraction ? `.${fraction}` : ''}`;
}
