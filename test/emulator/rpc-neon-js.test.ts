// The chain's JSON-RPC endpoint as an outside client sees it: neon-js's RPCClient over real HTTP.
import { rpc, sc, tx, u } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToScriptHash, createLocalChain } from '../../src/backends/chain/index.js';
import { rejection, startNeonRpcServer, type NeonRpcServer } from '../helpers/neon-rpc-server.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';

const chain = createLocalChain();
let served: NeonRpcServer;
let client: NeonRpcServer['client'];
let txid = '';
/** What the sender's GAS lost to txid: the amount and, as on a node, its fees. */
let senderSpent = 0n;

beforeAll(async () => {
  txid = (await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 100_000_000, asset: 'GAS' })).hash;
  const pooled = await chain.blockchain.getTransaction(txid);
  senderSpent = 100_000_000n + BigInt(pooled.sysfee) + BigInt(pooled.netfee);
  await chain.mineBlock();
  served = await startNeonRpcServer(chain.blockchain);
  client = served.client;
});
afterAll(() => served.close());

describe('neon-js RPCClient against the local chain', () => {
  it('getBlockCount and getBlock (verbose)', async () => {
    expect(await client.getBlockCount()).toBe(2);
    const block = await client.getBlock(1, true);
    expect(block.index).toBe(1);
    expect(block.hash).toBe((await chain.blockchain.getBlock(1)).hash);
    expect(block.tx.map((t) => t.hash)).toEqual([txid]);
    expect(block.confirmations).toBe(1);
    expect(await client.getBlockHash(1)).toBe(block.hash);
    expect(await client.getBestBlockHash()).toBe(block.hash);
  });

  it('invokeFunction GAS symbol decodes to "GAS"', async () => {
    const result = await client.invokeFunction(GAS_HASH, 'symbol');
    expect(result.state).toBe('HALT');
    const [item] = result.stack;
    expect(item?.type).toBe('ByteString');
    expect(u.base642utf8(item!.value as string)).toBe('GAS');
  });

  it('invokeFunction with neon-js ContractParam and Signer objects', async () => {
    const account = chain.accounts[1]!;
    const signer = new tx.Signer({ account: addressToScriptHash(account).slice(2), scopes: tx.WitnessScope.CalledByEntry });
    const result = await client.invokeFunction(GAS_HASH, 'balanceOf', [sc.ContractParam.hash160(account)], [signer]);
    expect(result.stack).toEqual([{ type: 'Integer', value: String(100_000_000_000 + 100_000_000) }]);
  });

  it('getNep17Balances of a seeded account', async () => {
    const balances = await client.getNep17Balances(chain.accounts[0]!);
    expect(balances.address).toBe(chain.accounts[0]);
    const amounts = Object.fromEntries(balances.balance.map((b) => [b.assethash, b.amount]));
    expect(amounts).toEqual({ [NEO_HASH]: '100', [GAS_HASH]: String(100_000_000_000n - senderSpent) });
    const gas = balances.balance.find((b) => b.assethash === GAS_HASH);
    expect(gas).toMatchObject({ symbol: 'GAS', decimals: '8', lastupdatedblock: 1 });
  });

  it('a raw transaction decodes with neon-js to the same hash and the same JSON', async () => {
    const raw = (await client.getRawTransaction(txid, false)) as string;
    const decoded = tx.Transaction.deserialize(u.base642hex(raw));
    expect('0x' + decoded.hash()).toBe(txid);
    const verbose = await client.getRawTransaction(txid, true);
    expect(verbose.blockhash).toBe((await chain.blockchain.getBlock(1)).hash);
    expect(tx.Transaction.fromJson(verbose).serialize(true)).toBe(u.base642hex(raw));
  });

  it('the other reads: version, mempool, contract state, application log, address check, connections', async () => {
    expect((await client.getVersion()).protocol.network).toBe((await chain.blockchain.getVersion()).protocol.network);
    expect(await client.getRawMemPool()).toEqual([]);
    expect((await client.getContractState(GAS_HASH)).manifest.name).toBe('GasToken');
    expect((await client.getApplicationLog(txid)).executions[0]?.vmstate).toBe('HALT');
    expect(await client.validateAddress(chain.accounts[0]!)).toBe(true);
    expect(await client.validateAddress('not-an-address')).toBe(false);
    expect(await client.getConnectionCount()).toBe(0);
    expect(await client.execute(new rpc.Query({ method: 'getblockheadercount' }))).toBe(2);
  });

  it('surfaces our error codes', async () => {
    expect(await rejection(client.getBlock(999_999))).toMatchObject({ code: -101, message: 'Unknown block' });
    expect(await rejection(client.getBlock(999_999, true))).toMatchObject({ code: -101 });
    expect(await rejection(client.getBlockHash(999_999))).toMatchObject({ code: -109 });
    expect(await rejection(client.getContractState('0x' + '12'.repeat(20)))).toMatchObject({ code: -102, message: 'Unknown contract' });
    expect(await rejection(client.getRawTransaction('0x' + 'ab'.repeat(32), true))).toMatchObject({ code: -103, message: 'Unknown transaction' });
    const invalid = await rejection(client.getNep17Balances('NotAnAddress'));
    expect(invalid.code).toBe(-32602);
    expect(invalid.message).toMatch(/Invalid address "NotAnAddress"/);
    const missing = await rejection(client.execute(new rpc.Query({ method: 'getblok', params: [1] })));
    expect(missing).toMatchObject({ code: -32601, message: 'Method not found - "getblok"; did you mean "getblock"?' });
    const raw = await rejection(client.sendRawTransaction('AAAA'));
    expect(raw.code).toBe(-32601);
  });
});
