import { describe, expect, it } from 'vitest';
import { addressToScriptHash } from '../../../src/backends/chain/address.js';
import { notificationEvents } from '../../../src/backends/chain/events.js';
import { balanceOf, GAS, NEO, rpcError, testChain } from './chain-helpers.js';

const CONTRACT = '0x' + '5c'.repeat(20);

describe('invokeFunction on the native tokens', () => {
  it('answers GAS symbol, decimals, balanceOf and totalSupply as a node does', async () => {
    const chain = testChain({ accounts: 2 });
    const { invokeFunction } = chain.blockchain;
    const symbol = await invokeFunction(GAS, 'symbol');
    expect(symbol).toEqual({
      script: 'wh8MBnN5bWJvbAwUz3bii9AGLEpHjuNVYQETGfPPpNJBYn1bUg==',
      state: 'HALT',
      gasconsumed: '984060',
      exception: null,
      notifications: [],
      stack: [{ type: 'ByteString', value: 'R0FT' }], // "GAS"
    });
    expect((await invokeFunction(GAS, 'decimals', [])).stack).toEqual([{ type: 'Integer', value: '8' }]);
    expect((await invokeFunction(NEO, 'decimals')).stack).toEqual([{ type: 'Integer', value: '0' }]);
    expect((await invokeFunction(NEO, 'symbol')).stack).toEqual([{ type: 'ByteString', value: Buffer.from('NEO').toString('base64') }]);
    const [alice] = chain.accounts as [string];
    for (const value of [alice, addressToScriptHash(alice)]) {
      const result = await invokeFunction(GAS, 'balanceOf', [{ type: 'Hash160', value }]);
      expect(result.state).toBe('HALT');
      expect(result.stack).toEqual([{ type: 'Integer', value: '100000000000' }]);
    }
    expect((await invokeFunction(GAS, 'totalSupply')).stack).toEqual([{ type: 'Integer', value: '200000000000' }]);
  });

  it('test-runs a transfer without changing state; it needs the sender as a signer', async () => {
    const chain = testChain();
    const [alice, bob] = chain.accounts as [string, string];
    const params = [
      { type: 'Hash160' as const, value: alice },
      { type: 'Hash160' as const, value: bob },
      { type: 'Integer' as const, value: '7' },
      { type: 'Any' as const, value: null },
    ];
    const signed = await chain.blockchain.invokeFunction(NEO, 'transfer', params, [{ account: alice, scopes: 'CalledByEntry' }]);
    expect(signed.state).toBe('HALT');
    expect(signed.stack).toEqual([{ type: 'Boolean', value: true }]);
    // The test run executes in the block after the tip, so each side's NEO holder GAS shows as minted (50 datoshi for 1 block of 100 NEO).
    expect(signed.notifications.map((n) => [n.contract, n.eventname])).toEqual([[NEO, 'Transfer'], [GAS, 'Transfer'], [GAS, 'Transfer']]);
    expect(signed.notifications.slice(1).map((n) => (n.state as { value: { value?: unknown }[] }).value[2]!.value)).toEqual(['50', '50']);
    const unsigned = await chain.blockchain.invokeFunction(NEO, 'transfer', params);
    expect(unsigned.stack).toEqual([{ type: 'Boolean', value: false }]);
    expect(unsigned.notifications).toEqual([]);
    expect(await balanceOf(chain, alice, NEO)).toBe('100');
    expect(await chain.blockchain.getRawMemPool()).toEqual([]);
    expect(chain.height()).toBe(0);
  });

  it('FAULTs an unknown method of a native contract, naming it', async () => {
    const chain = testChain();
    const result = await chain.blockchain.invokeFunction(GAS, 'mint', [{ type: 'Integer', value: '1' }]);
    expect(result.state).toBe('FAULT');
    expect(result.exception).toBe(`Method "mint" with 1 parameter(s) doesn't exist in the contract ${GAS}.`);
    expect(result.stack).toEqual([]);
    expect((await chain.blockchain.invokeFunction(GAS, 'balanceOf')).exception).toContain('"balanceOf" with 0 parameter(s)');
  });

  it('FAULTs a call into a contract that does not exist, as a node does', async () => {
    const chain = testChain();
    const result = await chain.blockchain.invokeFunction(CONTRACT, 'get');
    expect(result.state).toBe('FAULT');
    expect(result.exception).toBe(`Called Contract Does Not Exist: ${CONTRACT}`);
  });
});

describe('onInvoke', () => {
  it('answers test invocations with a registered stack', async () => {
    const chain = testChain();
    chain.onInvoke(CONTRACT, 'getPrice', [{ type: 'Integer', value: '4200' }]);
    const result = await chain.blockchain.invokeFunction(CONTRACT, 'getPrice');
    expect(result).toMatchObject({ state: 'HALT', exception: null, stack: [{ type: 'Integer', value: '4200' }], notifications: [] });
    expect(result.script).toBe(Buffer.from(result.script, 'base64').toString('base64'));
    expect((await chain.blockchain.invokeFunction(CONTRACT, 'other')).state).toBe('FAULT');
  });

  it('accepts a partial result, FAULT included, and wins over the native contracts', async () => {
    const chain = testChain();
    chain.onInvoke(CONTRACT, 'withdraw', { state: 'FAULT', exception: 'not allowed', gasconsumed: '123' });
    expect(await chain.blockchain.invokeFunction(CONTRACT, 'withdraw')).toMatchObject({
      state: 'FAULT',
      exception: 'not allowed',
      gasconsumed: '123',
      stack: [],
    });
    chain.onInvoke(GAS.slice(2).toUpperCase(), 'symbol', [{ type: 'ByteString', value: Buffer.from('XGAS').toString('base64') }]);
    expect((await chain.blockchain.invokeFunction(GAS, 'symbol')).stack).toEqual([{ type: 'ByteString', value: 'WEdBUw==' }]);
  });

  it('drives invoke() transactions: the registered notifications land in the block', async () => {
    const chain = testChain();
    const [alice] = chain.accounts as [string];
    chain.onInvoke(CONTRACT, 'mint', {
      stack: [{ type: 'Boolean', value: true }],
      notifications: [
        { contract: CONTRACT, eventname: 'Minted', state: { type: 'Array', value: [{ type: 'Integer', value: '5' }, { type: 'ByteString', value: 'aGk=' }] } },
      ],
    });
    const { hash } = await chain.blockchain.invoke({ scriptHash: CONTRACT, operation: 'mint', args: [{ type: 'Hash160', value: alice }] });
    const tx = await chain.blockchain.getTransaction(hash);
    expect(tx.signers[0]!.account).toBe(addressToScriptHash(alice));
    expect(Buffer.from(tx.script, 'base64').at(-1)).not.toBe(0x39);
    const block = await chain.mineBlock();
    const log = await chain.blockchain.getApplicationLog(hash);
    expect(log.executions[0]).toMatchObject({ vmstate: 'HALT', stack: [{ type: 'Boolean', value: true }] });
    expect(notificationEvents(block, [log])).toEqual([
      expect.objectContaining({ contract: CONTRACT, eventName: 'Minted', decoded: ['5', 'hi'], txid: hash, blockIndex: 1 }),
    ]);
  });

  it('HALTs invoke() of an unregistered contract with an empty stack', async () => {
    const chain = testChain();
    const { hash } = await chain.blockchain.invoke({ scriptHash: CONTRACT, operation: 'ping' });
    await chain.mineBlock();
    expect((await chain.blockchain.getApplicationLog(hash)).executions[0]).toMatchObject({ vmstate: 'HALT', exception: null, stack: [], notifications: [] });
  });

  it('rejects a malformed registration without registering anything', async () => {
    const chain = testChain();
    const error = await rpcError(() => chain.onInvoke(CONTRACT, 'get', [{ type: 'Integer', value: '1.5' }]), -32602);
    expect(error.message).toContain('result[0]');
    expect(error.message).toContain('decimal string');
    await rpcError(() => chain.onInvoke('0x12', 'get', []), -32602);
    expect((await chain.blockchain.invokeFunction(CONTRACT, 'get')).state).toBe('FAULT');
  });
});

describe('getContractState', () => {
  it('describes the native NEO and GAS contracts', async () => {
    const chain = testChain();
    for (const [hash, id, name] of [[NEO, -5, 'NeoToken'], [GAS, -6, 'GasToken']] as const) {
      const state = await chain.blockchain.getContractState(hash);
      expect(state).toMatchObject({ id, hash, updatecounter: 0, manifest: { name, supportedstandards: ['NEP-17'] } });
      expect(state.nef.magic).toBe(860243278);
      const methods = state.manifest.abi.methods.map((m) => m.name);
      expect(methods).toEqual(expect.arrayContaining(['symbol', 'decimals', 'totalSupply', 'balanceOf', 'transfer']));
      const transfer = state.manifest.abi.methods.find((m) => m.name === 'transfer')!;
      expect(transfer.parameters.map((p) => p.type)).toEqual(['Hash160', 'Hash160', 'Integer', 'Any']);
      expect(state.manifest.abi.events.find((e) => e.name === 'Transfer')?.parameters.map((p) => p.name)).toEqual(['from', 'to', 'amount']);
    }
    expect((await chain.blockchain.getContractState('GasToken')).id).toBe(-6);
    expect((await chain.blockchain.getContractState('-5')).manifest.name).toBe('NeoToken');
  });

  it('answers -102 for a contract it does not have', async () => {
    const chain = testChain();
    const error = await rpcError(chain.blockchain.getContractState(CONTRACT), -102);
    expect(error.message).toBe('Unknown contract');
  });
});
