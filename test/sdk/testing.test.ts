import { afterEach, describe, expect, it } from 'vitest';
import { blockchain } from '../../src/sdk/blockchain.js';
import { createTestContext, type TestContext } from '../../src/sdk/testing.js';

describe('createTestContext', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('gives a context with env, secrets, a request id and the function name', async () => {
    t = await createTestContext({ functionName: 'hello', env: { GREETING: 'hi' }, secrets: { API_KEY: 's3cret' } });
    const { context } = t;
    expect(context.functionName).toBe('hello');
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.env.GREETING).toBe('hi');
    expect(await context.secrets.get('API_KEY')).toBe('s3cret');
    await expect(context.secrets.get('MISSING')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('MISSING') });
  });

  it('captures logs and metrics of the function', async () => {
    t = await createTestContext();
    t.context.logger.info('hello', { n: 1 });
    t.context.metrics.increment('calls');
    expect(t.logs).toMatchObject([{ level: 'info', message: 'hello', fields: { n: 1 }, requestId: t.context.requestId }]);
    expect(t.metrics.snapshot().counters).toEqual({ calls: 1 });
  });

  it('calls registered functions through context.functions.execute, in the same trace', async () => {
    t = await createTestContext({
      functions: {
        double: async (input: { n: number }, context) => {
          context.tracer.startSpan('double').end();
          return { n: input.n * 2, by: context.functionName };
        },
      },
    });
    const root = t.context.tracer.startSpan('caller');
    expect(await t.context.functions.execute('double', { n: 21 })).toEqual({ n: 42, by: 'double' });
    root.end();
    expect(new Set(t.spans.map((span) => span.traceId)).size).toBe(1);
    await expect(t.context.functions.execute('nope', {})).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('double') });
  });

  it('backs the blockchain import with its chain, and lets tests drive it', async () => {
    t = await createTestContext();
    const [alice, bob] = t.chain.accounts;
    const before = await blockchain.getBlockCount();
    t.chain.setBalance(bob!, 'GAS', '5');
    await t.context.blockchain.transfer({ from: alice, to: bob!, asset: 'GAS', amount: '3' });
    const block = await t.chain.mineBlock();
    expect(block.index).toBe(before);
    expect(block.tx).toHaveLength(1);
    const balances = await blockchain.getNep17Balances(bob!);
    expect(balances.balance.find((entry) => entry.assethash === '0xd2a4cff31913016155e38e474a2c06d08be276cf')?.amount).toBe('8');
  });

  it('answers test invocations registered with onInvoke', async () => {
    t = await createTestContext();
    const contract = '0x' + 'ab'.repeat(20);
    t.chain.onInvoke(contract, 'price', [{ type: 'Integer', value: '1234' }]);
    const result = await t.context.blockchain.invokeFunction(contract, 'price');
    expect(result).toMatchObject({ state: 'HALT', stack: [{ type: 'Integer', value: '1234' }] });
  });

  it('closes the backends on cleanup: the blockchain import then says why it cannot answer', async () => {
    const local = await createTestContext();
    await local.context.database.items.insertOne({ a: 1 });
    await local.cleanup();
    await expect(local.context.database.items.countDocuments({})).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(blockchain.getBlockCount()).rejects.toThrow(/no chain is connected/);
  });
});
