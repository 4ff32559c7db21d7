import { afterEach, describe, expect, it } from 'vitest';
import { GAS_HASH } from '@neo-service/sdk/blockchain';
import { createTestContext, type TestContext } from '@neo-service/sdk/testing';
import { __fn__, formatUnits, HEIGHT_KEY, type BlockRecord } from './index';

// A valid Neo N3 address (base58check, version 0x35) that is not one of the test chain's accounts.
const WATCHED = 'NVHt5YtAnadMwntAVAJLUy36M2nLYKHUeK';

async function setUp(env: Record<string, string> = { WATCH_ADDRESS: WATCHED }): Promise<TestContext> {
  const t = await createTestContext({ env });
  // GAS answers symbol/decimals like a node does; pinned here so the test states what it expects.
  t.chain.onInvoke(GAS_HASH, 'symbol', [{ type: 'ByteString', value: Buffer.from('GAS').toString('base64') }]);
  t.chain.onInvoke(GAS_HASH, 'decimals', [{ type: 'Integer', value: '8' }]);
  return t;
}

describe('__fn__', () => {
  let t: TestContext | undefined;

  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('records a new block, the watched GAS balance and the latest height', async () => {
    t = await setUp();
    t.chain.setBalance(WATCHED, 'GAS', '150000000');
    const block = await t.chain.mineBlock();

    await __fn__({ type: 'block', block }, t.context);

    const stored = await t.context.database.collection<BlockRecord>('__fn__').findOne({ index: block.index });
    expect(stored).toMatchObject({
      index: block.index,
      hash: block.hash,
      time: block.time,
      txCount: block.tx.length,
      watched: { address: WATCHED, symbol: 'GAS', amount: '150000000', formatted: '1.5' },
    });
    expect(await t.context.cache.redis.get(HEIGHT_KEY)).toBe(block.index);
    const metrics = t.metrics.snapshot();
    expect(metrics.gauges['__fn__.lag']).toBe(0);
    expect(metrics.counters['__fn__.blocks']).toBe(1);
    expect(t.logs).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'Block recorded', fields: expect.objectContaining({ index: block.index }) }),
    );
  });

  it("counts the block's transactions and sees a transfer to the watched address", async () => {
    t = await setUp();
    const sender = t.chain.accounts[0]!;
    await t.context.blockchain.transfer({ from: sender, to: WATCHED, amount: '250000000', asset: 'GAS' });
    const block = await t.chain.mineBlock();
    expect(block.tx).toHaveLength(1);

    await __fn__({ type: 'block', block }, t.context);

    const stored = await t.context.database.collection<BlockRecord>('__fn__').findOne({ index: block.index });
    expect(stored).toMatchObject({ txCount: 1, watched: { amount: '250000000', formatted: '2.5' } });
  });

  it('stores a repeated block once and never moves the cached height back', async () => {
    t = await setUp();
    const older = await t.chain.mineBlock();
    const newer = await t.chain.mineBlock();

    await __fn__({ type: 'block', block: newer }, t.context);
    await __fn__({ type: 'block', block: older }, t.context); // late
    await __fn__({ type: 'block', block: older }, t.context); // and delivered twice

    const blocks = t.context.database.collection<BlockRecord>('__fn__');
    expect(await blocks.countDocuments({ index: { $in: [older.index, newer.index] } })).toBe(2);
    expect(await t.context.cache.redis.get(HEIGHT_KEY)).toBe(newer.index);
    expect(t.metrics.snapshot().gauges['__fn__.lag']).toBe(newer.index - older.index);
    expect(t.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Behind the chain tip' }));
  });

  it('records the chain tip when run without a block event (neosl invoke)', async () => {
    t = await setUp({}); // no WATCH_ADDRESS: no balance read
    await t.chain.mineBlock();
    const tip = (await t.context.blockchain.getBlockCount()) - 1;

    await __fn__({}, t.context);

    const stored = await t.context.database.collection<BlockRecord>('__fn__').findOne({ index: tip });
    expect(stored).toMatchObject({ index: tip, hash: (await t.context.blockchain.getBlock(tip)).hash });
    expect(stored?.watched).toBeUndefined();
  });
});

describe('formatUnits', () => {
  it('formats integer amounts with decimals, exactly', () => {
    expect(formatUnits('150000000', 8)).toBe('1.5');
    expect(formatUnits('100000000', 8)).toBe('1');
    expect(formatUnits('1', 8)).toBe('0.00000001');
    expect(formatUnits('123456789012345678901', 8)).toBe('1234567890123.45678901');
    expect(formatUnits('-250000000', 8)).toBe('-2.5');
    expect(formatUnits('42', 0)).toBe('42');
  });
});
