// NEO holders' GAS as a node computes it (NeoToken's CalculateBonus / DistributeGas): getunclaimedgas at
// /_neosl/rpc, NeoToken.unclaimedGas through invokefunction, and the GAS minted to both sides when NEO moves.
// Arithmetic: an account holding B NEO since block h has accrued B × 5 GAS × (end − h) × 10% / 100M NEO by
// block `end` (GasPerBlock 5 GAS, NeoHolderRewardRatio 10%, TotalAmount 100M, integer division).
import { describe, expect, it } from 'vitest';
import { addressToScriptHash, createLocalChain } from '../../src/backends/chain/index.js';
import { createRpcDispatcher, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';

const bonus = (neo: bigint, blocks: number): bigint => (neo * 5_00000000n * BigInt(blocks) * 10n) / 100n / 100_000_000n;

function setup() {
  const chain = createLocalChain();
  const dispatch = createRpcDispatcher(chain.blockchain, chain);
  const call = async (method: string, params: unknown[]) => (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as JsonRpcResponse & { result?: any; error?: any };
  const gas = async (address: string) => BigInt((await chain.blockchain.getNep17Balances(address)).balance.find((b) => b.assethash === GAS_HASH)?.amount ?? '0');
  return { chain, call, gas, accounts: chain.accounts as [string, string, string] };
}

describe('getunclaimedgas', () => {
  it('answers { unclaimed, address } as the node, for an address or a script hash, growing by a block share per block', async () => {
    const { chain, call, accounts } = setup();
    const [alice] = accounts;
    // Genesis holders (100 NEO since block 0), asked at height 0: end = 1.
    expect((await call('getunclaimedgas', [alice])).result).toEqual({ unclaimed: String(bonus(100n, 1)), address: alice });
    expect(Object.keys((await call('getunclaimedgas', [alice])).result)).toEqual(['unclaimed', 'address']);
    for (let i = 0; i < 4; i++) await chain.mineBlock();
    expect((await call('getunclaimedgas', [addressToScriptHash(alice)])).result).toEqual({ unclaimed: String(bonus(100n, 5)), address: alice });
  });

  it('is 0 for an account without NEO, and refuses what is not an address with -32602 naming it', async () => {
    const { call } = setup();
    expect((await call('getunclaimedgas', ['NYxb4fSZVKAz8YsgaPK2WkT3KcAE9b3Vag'])).result).toEqual({ unclaimed: '0', address: 'NYxb4fSZVKAz8YsgaPK2WkT3KcAE9b3Vag' });
    const bad = await call('getunclaimedgas', ['not-an-address']);
    expect(bad.error.code).toBe(-32602);
    expect(bad.error.data ?? bad.error.message).toContain('not-an-address');
  });

  it('a NEO transfer mints each side its accrued GAS after the NEO Transfer, and restarts their accrual', async () => {
    const { chain, call, gas, accounts } = setup();
    const [alice, bob] = accounts;
    for (let i = 0; i < 9; i++) await chain.mineBlock(); // height 9: the transfer lands in block 10
    const before = { alice: await gas(alice), bob: await gas(bob) };
    const expected = bonus(100n, 10);
    expect((await call('getunclaimedgas', [alice])).result.unclaimed).toBe(String(expected));
    const { hash } = await chain.blockchain.transfer({ to: bob, amount: 40, asset: 'NEO' });
    await chain.mineBlock();
    const notifications = (await chain.blockchain.getApplicationLog(hash)).executions[0]!.notifications;
    expect(notifications.map((n) => n.contract)).toEqual([NEO_HASH, GAS_HASH, GAS_HASH]);
    const mint = notifications[1]!.state as { value: { type: string; value?: string }[] };
    expect(mint.value[0]).toEqual({ type: 'Any' });
    expect(mint.value[2]!.value).toBe(String(expected));
    const sent = await chain.blockchain.getTransaction(hash);
    expect(await gas(alice)).toBe(before.alice + expected - BigInt(sent.sysfee) - BigInt(sent.netfee)); // the sender also pays the fees
    expect(await gas(bob)).toBe(before.bob + expected);
    // After the block: one block's share of the new balances.
    expect((await call('getunclaimedgas', [alice])).result.unclaimed).toBe(String(bonus(60n, 1)));
    expect((await call('getunclaimedgas', [bob])).result.unclaimed).toBe(String(bonus(140n, 1)));
  });

  it('NeoToken.unclaimedGas takes only end = the current index + 1, FAULTing otherwise as the node', async () => {
    const { chain, accounts } = setup();
    await chain.mineBlock();
    const account = { type: 'Hash160' as const, value: accounts[0] };
    const right = await chain.blockchain.invokeFunction(NEO_HASH, 'unclaimedGas', [account, { type: 'Integer', value: '2' }]);
    expect(right.stack).toEqual([{ type: 'Integer', value: String(bonus(100n, 2)) }]);
    const wrong = await chain.blockchain.invokeFunction(NEO_HASH, 'unclaimedGas', [account, { type: 'Integer', value: '7' }]);
    expect(wrong.state).toBe('FAULT');
    expect(wrong.exception).toContain("(Parameter 'end')");
  });
});
