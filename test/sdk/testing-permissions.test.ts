// createTestContext({ permissions }): every permission by default (a unit test is not a deployment);
// a given list is enforced like `neosl dev` enforces neosl.yaml's.
import { afterEach, describe, expect, it } from 'vitest';
import { blockchain } from '../../src/sdk/blockchain.js';
import { createTestContext, type TestContext } from '../../src/sdk/testing.js';

const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';

describe('createTestContext permissions', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('grants everything by default', async () => {
    t = await createTestContext({ secrets: { API_KEY: 'k' }, functions: { other: () => 'ran' } });
    const [alice, bob] = t.chain.accounts;
    expect(await t.context.secrets.get('API_KEY')).toBe('k');
    expect(await t.context.functions.execute('other', {})).toBe('ran');
    expect(await t.context.blockchain.transfer({ from: alice, to: bob!, asset: 'GAS', amount: '1' })).toMatchObject({ hash: expect.any(String) });
    expect(await blockchain.invoke({ scriptHash: GAS, operation: 'symbol' })).toMatchObject({ hash: expect.any(String) });
  });

  it('with an empty list, every privileged call rejects with PERMISSION_DENIED naming the call and the fix', async () => {
    t = await createTestContext({ functionName: 'payout', permissions: [], secrets: { API_KEY: 'k' }, functions: { other: () => 'ran' } });
    const [, bob] = t.chain.accounts;
    const denial = (permission: string, call: string) => ({
      name: 'PermissionDeniedError',
      code: 'PERMISSION_DENIED',
      statusCode: 500,
      message: `${call} needs the "${permission}" permission, which function "payout" does not declare: add "${permission}" to functions.payout.permissions in neosl.yaml`,
    });
    await expect(t.context.secrets.get('API_KEY')).rejects.toMatchObject(denial('secrets:read', 'context.secrets.get("API_KEY")'));
    await expect(t.context.functions.execute('other', {})).rejects.toMatchObject(denial('functions:execute', 'context.functions.execute("other")'));
    await expect(t.context.blockchain.transfer({ to: bob!, asset: 'GAS', amount: '1' })).rejects.toMatchObject(denial('blockchain:transfer', 'blockchain.transfer()'));
    // The `blockchain` import is the same guarded chain.
    await expect(blockchain.invoke({ scriptHash: GAS, operation: 'symbol' })).rejects.toMatchObject(denial('blockchain:invoke', 'blockchain.invoke()'));
    // Reads and test invocations need no permission.
    expect(await t.context.blockchain.getBlockCount()).toBeGreaterThan(0);
    expect(await blockchain.invokeFunction(GAS, 'symbol')).toMatchObject({ state: 'HALT' });
    expect(await t.context.blockchain.getRawMemPool()).toEqual([]);
  });

  it('allows exactly what the list declares', async () => {
    t = await createTestContext({ permissions: ['secrets:read', 'blockchain:transfer'], secrets: { API_KEY: 'k' } });
    const [, bob] = t.chain.accounts;
    expect(await t.context.secrets.get('API_KEY')).toBe('k');
    expect(await t.context.blockchain.transfer({ to: bob!, asset: 'GAS', amount: '1' })).toMatchObject({ hash: expect.any(String) });
    await expect(t.context.blockchain.invoke({ scriptHash: GAS, operation: 'symbol' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
