import { describe, expect, it } from 'vitest';
import { addressToScriptHash } from '../../../src/backends/chain/address.js';
import { notificationEvents } from '../../../src/backends/chain/events.js';
import { balanceOf, GAS, hashFromItem, NEO, rpcError, testChain } from './chain-helpers.js';

describe('transfer', () => {
  it('lands in the next block: balances move and a Transfer notification is logged', async () => {
    const chain = testChain();
    const [alice, bob] = chain.accounts as [string, string];
    expect(await balanceOf(chain, alice, GAS)).toBe('100000000000');
    expect(await balanceOf(chain, alice, NEO)).toBe('100');

    const submitted = await chain.blockchain.transfer({ to: bob, amount: '250000000', asset: 'GAS' });
    expect(submitted).toEqual({ hash: expect.stringMatching(/^0x[0-9a-f]{64}$/), status: 'pending' });
    expect(await chain.blockchain.getRawMemPool()).toEqual([submitted.hash]);
    const pending = await chain.blockchain.getTransaction(submitted.hash);
    expect(pending).not.toHaveProperty('blockhash');
    expect(await balanceOf(chain, bob, GAS)).toBe('100000000000'); // nothing moves before the block

    const block = await chain.mineBlock();
    expect(block.index).toBe(1);
    expect(block.tx.map((t) => t.hash)).toEqual([submitted.hash]);
    expect(block.merkleroot).toBe(submitted.hash); // one transaction: the root is its hash
    expect(await chain.blockchain.getRawMemPool()).toEqual([]);
    // As on a node: the sender also pays the system and network fees (burned in OnPersist).
    const fees = BigInt(pending.sysfee) + BigInt(pending.netfee);
    expect(fees).toBeGreaterThan(0n);
    expect(await balanceOf(chain, alice, GAS)).toBe(String(99_750_000_000n - fees));
    expect(await balanceOf(chain, bob, GAS)).toBe('100250000000');

    const log = await chain.blockchain.getApplicationLog(submitted.hash);
    expect(log.txid).toBe(submitted.hash);
    expect(log.executions).toHaveLength(1);
    const execution = log.executions[0]!;
    expect(execution).toMatchObject({ trigger: 'Application', vmstate: 'HALT', exception: null, stack: [] });
    expect(execution.gasconsumed).toMatch(/^\d+$/);
    expect(execution.notifications).toHaveLength(1);
    const notification = execution.notifications[0]!;
    expect(notification.contract).toBe(GAS);
    expect(notification.eventname).toBe('Transfer');
    expect(notification.state.type).toBe('Array');
    const [from, to, amount] = (notification.state as { value: { type: string; value: string }[] }).value as [
      { type: string; value: string },
      { type: string; value: string },
      { type: string; value: string },
    ];
    expect(from.type).toBe('ByteString');
    expect(to.type).toBe('ByteString');
    expect(Buffer.from(from.value, 'base64')).toHaveLength(20);
    expect(hashFromItem(from.value)).toBe(addressToScriptHash(alice)); // little-endian on the stack
    expect(hashFromItem(to.value)).toBe(addressToScriptHash(bob));
    expect(amount).toEqual({ type: 'Integer', value: '250000000' });

    const events = notificationEvents(block, [log]);
    expect(events).toEqual([
      {
        type: 'notification',
        contract: GAS,
        eventName: 'Transfer',
        state: notification.state,
        decoded: [addressToScriptHash(alice), addressToScriptHash(bob), '250000000'],
        txid: submitted.hash,
        blockIndex: 1,
      },
    ]);
  });

  it('records the transaction like a node: fees as strings, signer, script, witness, then block fields once mined', async () => {
    const chain = testChain();
    const [alice, bob] = chain.accounts as [string, string];
    const { hash } = await chain.blockchain.transfer({ to: bob, amount: 3n, asset: NEO, from: alice });
    const tx = await chain.blockchain.getTransaction(hash);
    expect(tx).toMatchObject({ hash, version: 0, sender: alice, attributes: [], validuntilblock: 5760 });
    expect(tx.sysfee).toMatch(/^\d+$/);
    expect(tx.netfee).toMatch(/^\d+$/);
    expect(BigInt(tx.netfee)).toBeGreaterThan(BigInt(tx.size) * 1000n);
    expect(tx.signers).toEqual([{ account: addressToScriptHash(alice), scopes: 'CalledByEntry' }]);
    const script = Buffer.from(tx.script, 'base64');
    expect(script.includes(Buffer.from('transfer'))).toBe(true);
    expect(script.at(-1)).toBe(0x39); // ASSERT, as wallets end transfer scripts
    expect(Buffer.from(tx.witnesses[0]!.invocation, 'base64')).toHaveLength(66);
    expect(Buffer.from(tx.witnesses[0]!.verification, 'base64')).toHaveLength(40);

    const block = await chain.mineBlock();
    await chain.mineBlock();
    const mined = await chain.blockchain.getTransaction(hash);
    expect(mined).toMatchObject({ blockhash: block.hash, blocktime: block.time, confirmations: 2, vmstate: 'HALT' });
    expect(await balanceOf(chain, bob, NEO)).toBe('103');
    const entry = (await chain.blockchain.getNep17Balances(bob)).balance.find((b) => b.assethash === NEO);
    expect(entry).toEqual({ assethash: NEO, name: 'NeoToken', symbol: 'NEO', decimals: '0', amount: '103', lastupdatedblock: 1 });
  });

  it('gives two identical transfers distinct hashes and mines both', async () => {
    const chain = testChain();
    const request = { to: chain.accounts[1]!, amount: 1, asset: 'NEO' };
    const first = await chain.blockchain.transfer(request);
    const second = await chain.blockchain.transfer(request);
    expect(first.hash).not.toBe(second.hash);
    expect(await chain.blockchain.getRawMemPool()).toEqual([first.hash, second.hash]);
    expect((await chain.mineBlock()).tx).toHaveLength(2);
    expect(await balanceOf(chain, chain.accounts[1]!, NEO)).toBe('102');
  });

  it('FAULTs a transfer over the balance, with the exception and no balance change', async () => {
    const chain = testChain();
    const [alice, bob] = chain.accounts as [string, string];
    const { hash } = await chain.blockchain.transfer({ to: bob, amount: 101, asset: 'NEO' });
    await chain.mineBlock();
    const execution = (await chain.blockchain.getApplicationLog(hash)).executions[0]!;
    expect(execution.vmstate).toBe('FAULT');
    expect(execution.exception).toBe('ASSERT is executed with false result.');
    expect(execution.notifications).toEqual([]);
    expect((await chain.blockchain.getTransaction(hash)).vmstate).toBe('FAULT');
    expect(await balanceOf(chain, alice, NEO)).toBe('100');
    expect(await balanceOf(chain, bob, NEO)).toBe('100');
  });

  it('executes a block\'s transactions in order: the second spend of the same funds FAULTs', async () => {
    const chain = testChain();
    const [alice, bob, carol] = chain.accounts as [string, string, string];
    const first = await chain.blockchain.transfer({ to: bob, amount: 60, asset: 'NEO' });
    const second = await chain.blockchain.transfer({ to: carol, amount: 60, asset: 'NEO' });
    const block = await chain.mineBlock();
    expect(block.tx.map((t) => t.hash)).toEqual([first.hash, second.hash]);
    expect((await chain.blockchain.getApplicationLog(first.hash)).executions[0]!.vmstate).toBe('HALT');
    expect((await chain.blockchain.getApplicationLog(second.hash)).executions[0]!.vmstate).toBe('FAULT');
    expect(await balanceOf(chain, alice, NEO)).toBe('40');
    expect(await balanceOf(chain, carol, NEO)).toBe('100');
    // The NEO Transfer, then each side's accrued GAS (100 NEO held for 1 block: 100 × 5 GAS × 10% / 100M NEO = 50 datoshi).
    const events = notificationEvents(block, await Promise.all(block.tx.map((t) => chain.blockchain.getApplicationLog(t.hash))));
    expect(events.map((e) => [e.contract, e.decoded])).toEqual([
      [NEO, [addressToScriptHash(alice), addressToScriptHash(bob), '60']],
      [GAS, [null, addressToScriptHash(alice), '50']],
      [GAS, [null, addressToScriptHash(bob), '50']],
    ]);
  });

  it('sends from any funded address, and a seeded custom token behaves as NEP-17', async () => {
    const token = '0x' + 'ab'.repeat(20);
    const outsider = 'NYxb4fSZVKAz8YsgaPK2WkT3KcAE9b3Vag';
    const chain = testChain({ balances: { [outsider]: { GAS: '100000000', [token]: 1000 } } });
    const to = chain.accounts[0]!;
    const sent = [
      await chain.blockchain.transfer({ from: outsider, to, amount: 400, asset: token }),
      await chain.blockchain.transfer({ from: outsider, to, amount: 500, asset: 'GAS' }),
    ];
    const fees = (await Promise.all(sent.map((t) => chain.blockchain.getTransaction(t.hash)))).reduce((sum, t) => sum + BigInt(t.sysfee) + BigInt(t.netfee), 0n);
    await chain.mineBlock();
    expect(await balanceOf(chain, outsider, token)).toBe('600');
    expect(await balanceOf(chain, to, token)).toBe('400');
    expect(await balanceOf(chain, outsider, GAS)).toBe(String(100_000_000n - 500n - fees));
    chain.setBalance(outsider, 'GAS', 0);
    expect((await chain.blockchain.getNep17Balances(outsider)).balance.map((b) => b.assethash)).toEqual([token]); // zero GAS is not listed
  });

  it('refuses a transfer whose sender cannot pay its fees, as a node\'s mempool does (-511), pooling nothing', async () => {
    const poor = 'NYxb4fSZVKAz8YsgaPK2WkT3KcAE9b3Vag';
    const chain = testChain({ balances: { [poor]: { GAS: '500', NEO: 5 } } });
    const error = await rpcError(chain.blockchain.transfer({ from: poor, to: chain.accounts[0]!, amount: 1, asset: 'NEO' }), -511);
    expect(error.data).toContain('InsufficientFunds');
    expect(await chain.blockchain.getRawMemPool()).toEqual([]);
  });

  it('a pooled transaction whose sender can no longer pay its fees is dropped when the block is made, as a node re-verifies its pool', async () => {
    const chain = testChain();
    const [alice, bob] = chain.accounts as [string, string];
    const doomed = await chain.blockchain.transfer({ to: bob, amount: 1, asset: 'NEO' });
    const kept = await chain.blockchain.transfer({ from: bob, to: alice, amount: 1, asset: 'NEO' });
    chain.setBalance(alice, 'GAS', 10);
    const block = await chain.mineBlock();
    expect(block.tx.map((t) => t.hash)).toEqual([kept.hash]);
    expect(await chain.blockchain.getRawMemPool()).toEqual([]);
    // Nothing burned (the transaction never ran); alice only gained her NEO holder GAS as bob's NEO reached her (50 datoshi).
    expect(await balanceOf(chain, alice, GAS)).toBe('60');
    await rpcError(chain.blockchain.getTransaction(doomed.hash), -103);
  });

  it('FAULTs a transfer of a token the chain does not know', async () => {
    const chain = testChain();
    const unknown = '0x' + '12'.repeat(20);
    const { hash } = await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 1, asset: unknown });
    await chain.mineBlock();
    expect((await chain.blockchain.getApplicationLog(hash)).executions[0]).toMatchObject({
      vmstate: 'FAULT',
      exception: `Called Contract Does Not Exist: ${unknown}`,
    });
  });

  it('setBalance changes a balance at once', async () => {
    const chain = testChain();
    const [alice] = chain.accounts as [string];
    chain.setBalance(alice, 'GAS', 42n);
    expect(await balanceOf(chain, alice, GAS)).toBe('42');
    const result = await chain.blockchain.invokeFunction(GAS, 'balanceOf', [{ type: 'Hash160', value: alice }]);
    expect(result.stack).toEqual([{ type: 'Integer', value: '42' }]);
    await rpcError(() => chain.setBalance(alice, 'GAS', '-1'), -32602);
    await rpcError(() => chain.setBalance('nope', 'GAS', '1'), -32602);
    expect(await balanceOf(chain, alice, GAS)).toBe('42');
  });
});
