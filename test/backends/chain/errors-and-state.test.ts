import { describe, expect, it } from 'vitest';
import { createLocalChain } from '../../../src/backends/chain/local-chain.js';
import { RpcError } from '../../../src/backends/chain/rpc-error.js';
import { scriptHashFromBytes } from '../../../src/backends/chain/address.js';
import { hash160 } from '../../../src/backends/chain/bytes.js';
import { signatureVerificationScript } from '../../../src/backends/chain/script-builder.js';
import { balanceOf, GAS, NEO, rpcError, testChain } from './chain-helpers.js';

describe('RPC errors', () => {
  it('-101 for an unknown block, by index or hash', async () => {
    const chain = testChain();
    const error = await rpcError(chain.blockchain.getBlock(5), -101);
    expect(error).toBeInstanceOf(RpcError);
    expect(error.message).toBe('Unknown block');
    await rpcError(chain.blockchain.getBlock('0x' + 'ab'.repeat(32)), -101);
  });

  it('-103 for an unknown transaction', async () => {
    const chain = testChain();
    expect((await rpcError(chain.blockchain.getTransaction('0x' + 'cd'.repeat(32)), -103)).message).toBe('Unknown transaction');
  });

  it('-32602 for an application log the node does not have (as the ApplicationLogs plugin answers)', async () => {
    const chain = testChain();
    const { hash } = await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 1, asset: 'GAS' });
    const error = await rpcError(chain.blockchain.getApplicationLog(hash), -32602); // still in the mempool
    expect(error.message).toBe('Invalid params - Unknown transaction/blockhash');
  });

  it('-32602 for malformed input, naming the expected form', async () => {
    const chain = testChain();
    const bc = chain.blockchain;
    const cases: [Promise<unknown>, RegExp][] = [
      [bc.getNep17Balances('not-an-address'), /Neo N3 address: 34 base58 characters starting with 'N'/],
      [bc.getBlock(-1), /a block index \(an integer from 0\) or a block hash \(0x followed by 64 hex digits\)/],
      [bc.getBlock('0x1234'), /0x followed by 64 hex digits/],
      [bc.getTransaction('1234'), /0x followed by 64 hex digits/],
      [bc.transfer({ to: chain.accounts[1]!, amount: '1.5', asset: 'GAS' }), /non-negative integer in the asset's smallest unit/],
      [bc.transfer({ to: chain.accounts[1]!, amount: -1, asset: 'GAS' }), /non-negative integer/],
      [bc.transfer({ to: chain.accounts[1]!, amount: 1, asset: 'BTC' }), /'NEO', 'GAS' or a NEP-17 contract hash/],
      [bc.transfer({ to: 'Nxyz', amount: 1, asset: 'GAS' }), /Invalid recipient \(to\) "Nxyz"/],
      [bc.invokeFunction('0xabc', 'symbol'), /0x followed by 40 hex digits/],
      [bc.invokeFunction(GAS, 'balanceOf', [{ type: 'Hash160', value: 'x' }]), /params\[0\]/],
      [bc.invokeFunction(GAS, 'balanceOf', [{ type: 'Integer', value: 'ten' }]), /Integer as a decimal string/],
      [bc.getContractState('NotAContract'), /a contract hash \(0x followed by 40 hex digits/],
      [bc.invoke({ scriptHash: GAS, operation: '' }), /method name/],
    ];
    for (const [promise, pattern] of cases) {
      const error = await rpcError(promise, -32602);
      expect(error.message).toMatch(/^Invalid params - /);
      expect(error.message).toMatch(pattern);
    }
  });

  it('leaves the chain as it was after rejected calls', async () => {
    const chain = testChain({ seed: 'rejections' });
    const twin = testChain({ seed: 'rejections' });
    await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 'lots', asset: 'GAS' }).catch(() => undefined);
    await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 1, asset: 'GAS', from: 'bad' }).catch(() => undefined);
    await chain.blockchain.invoke({ scriptHash: GAS, operation: 'x', args: [{ type: 'Hash160', value: 1 }] }).catch(() => undefined);
    expect(() => chain.restore({ format: 'wrong' } as never)).toThrow(/Invalid chain snapshot: format/);
    expect(await chain.blockchain.getRawMemPool()).toEqual([]);
    // The next transaction is the one a chain that saw no rejected call makes.
    const a = await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 1, asset: 'GAS' });
    const b = await twin.blockchain.transfer({ to: twin.accounts[1]!, amount: 1, asset: 'GAS' });
    expect(a.hash).toBe(b.hash);
  });
});

describe('snapshot and restore', () => {
  it('round-trips through JSON into another chain, which then carries on identically', async () => {
    const source = testChain({ seed: 'snap', accounts: 3 });
    const [alice, bob] = source.accounts as [string, string];
    await source.blockchain.transfer({ to: bob, amount: 10, asset: 'NEO' });
    await source.mineBlock();
    await source.blockchain.transfer({ to: bob, amount: '500', asset: 'GAS' });
    source.onInvoke('0x' + '77'.repeat(20), 'get', [{ type: 'Integer', value: '1' }]);
    source.setBalance(alice, GAS, 999_000_000n); // still enough for the pooled transfer's fees

    const json = JSON.parse(JSON.stringify(source.snapshot()));
    const target = testChain({ seed: 'something else' });
    target.restore(json);

    expect(target.accounts).toEqual(source.accounts);
    expect(target.height()).toBe(1);
    expect(await target.blockchain.getBlock(1)).toEqual(await source.blockchain.getBlock(1));
    expect(await target.blockchain.getRawMemPool()).toEqual(await source.blockchain.getRawMemPool());
    expect(await balanceOf(target, bob, NEO)).toBe('110');
    expect(await balanceOf(target, alice, GAS)).toBe('999000000');
    expect((await target.blockchain.invokeFunction('0x' + '77'.repeat(20), 'get')).stack).toEqual([{ type: 'Integer', value: '1' }]);
    expect((await target.blockchain.getVersion()).protocol.network).toBe((await source.blockchain.getVersion()).protocol.network);

    const [s, t] = [await source.mineBlock(), await target.mineBlock()];
    expect(t).toEqual(s);
    // 1000 GAS + the 500 sent + 50 datoshi of NEO holder GAS minted when bob's NEO changed in block 1.
    expect(await balanceOf(target, bob, GAS)).toBe('100000000550');
  });

  it('rejects a tampered snapshot and keeps its state', async () => {
    const chain = testChain();
    await chain.mineBlock();
    const snapshot = chain.snapshot();
    const before = await chain.blockchain.getBestBlockHash();
    const tampered = structuredClone(snapshot);
    tampered.blocks[1]!.time += 1;
    expect(() => chain.restore(tampered)).toThrow(/blocks\[1\]\.hash: expected 0x/);
    const unlinked = structuredClone(snapshot);
    unlinked.blocks[1]!.previousblockhash = '0x' + '00'.repeat(32);
    expect(() => chain.restore(unlinked)).toThrow(/blocks\[1\]\.previousblockhash/);
    // Fee notifications of a block the chain does not have, or not a list.
    expect(() => chain.restore({ ...structuredClone(snapshot), persistNotifications: { 7: [] } })).toThrow(/persistNotifications\.7: expected an array for a block of the chain/);
    expect(() => chain.restore({ ...structuredClone(snapshot), persistNotifications: { 1: 'x' as never } })).toThrow(/persistNotifications\.1/);
    // A snapshot from before they were kept restores as one with none.
    const older = structuredClone(snapshot);
    delete older.persistNotifications;
    expect(() => chain.restore(older)).not.toThrow();
    expect(await chain.blockchain.getBestBlockHash()).toBe(before);
    expect(chain.height()).toBe(1);
  });

  it('keeps snapshots independent of the live chain', async () => {
    const chain = createLocalChain();
    const snapshot = chain.snapshot();
    await chain.mineBlock();
    expect(snapshot.blocks).toHaveLength(1);
    chain.restore(snapshot);
    expect(chain.height()).toBe(0);
  });
});

describe("the committee reward (NeoToken's PostPersist)", () => {
  it('every block after genesis mints 0.5 GAS to the validator account, logged in PostPersist; the supply grows by as much', async () => {
    const chain = testChain({ seed: 'reward' });
    const validator = scriptHashFromBytes(hash160(signatureVerificationScript(Buffer.from(chain.validatorPublicKey, 'hex'))));
    const supply = async () => BigInt(((await chain.blockchain.invokeFunction(GAS, 'totalSupply')).stack[0] as { value: string }).value);
    const [supplyBefore, validatorBefore] = [await supply(), BigInt(await balanceOf(chain, validator, GAS))];
    const genesis = await chain.blockchain.getApplicationLog((await chain.blockchain.getBlock(0)).hash);
    expect(genesis.executions[1]!.notifications).toEqual([]);
    for (let i = 0; i < 3; i++) await chain.mineBlock();
    expect(BigInt(await balanceOf(chain, validator, GAS))).toBe(validatorBefore + 150_000_000n);
    expect(await supply()).toBe(supplyBefore + 150_000_000n);
    const log = await chain.blockchain.getApplicationLog((await chain.blockchain.getBlock(2)).hash);
    expect(log.executions.map((e) => e.trigger)).toEqual(['OnPersist', 'PostPersist']);
    expect(log.executions[1]!.notifications).toEqual([
      { contract: GAS, eventname: 'Transfer', state: { type: 'Array', value: [{ type: 'Any' }, { type: 'ByteString', value: Buffer.from(validator.slice(2), 'hex').reverse().toString('base64') }, { type: 'Integer', value: '50000000' }] } },
    ]);
  });

  it('a snapshot from before the reward keeps its blocks without it, and rewards the blocks mined after', async () => {
    const chain = testChain({ seed: 'reward' });
    await chain.mineBlock();
    const older = chain.snapshot();
    delete older.committeeRewardsFrom;
    const restored = testChain({ seed: 'reward' });
    restored.restore(older);
    const logOf = async (index: number) => (await restored.blockchain.getApplicationLog((await restored.blockchain.getBlock(index)).hash)).executions[1]!.notifications;
    expect(await logOf(1)).toEqual([]);
    await restored.mineBlock();
    expect(await logOf(2)).toHaveLength(1);
  });
});
