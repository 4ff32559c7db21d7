// The chain's JSON-RPC 2.0 endpoint: every method with a real local chain, every error code, batches,
// notifications, and the HTTP layer (405, 413, parse errors, 204).
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToScriptHash, createLocalChain, type LocalChain } from '../../src/backends/chain/index.js';
import { createChainRpcHandler, dispatchRpc, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import { MAX_BATCH_SIZE } from '../../src/emulator/rpc/json-rpc.js';
import type { Block, Blockchain, Transaction } from '../../src/sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';

const TIME = 1_700_000_000_000;
const chain: LocalChain = createLocalChain({ now: () => TIME });
const node = chain.blockchain;
let minedTx = '';
let pendingTx = '';
/** What alice's GAS lost to minedTx: the amount and, as on a node, its system and network fees. */
let aliceSpent = 0n;

beforeAll(async () => {
  minedTx = (await node.transfer({ to: chain.accounts[1]!, amount: 250_000_000, asset: 'GAS' })).hash;
  const pooled = await node.getTransaction(minedTx);
  aliceSpent = 250_000_000n + BigInt(pooled.sysfee) + BigInt(pooled.netfee);
  await chain.mineBlock();
  await chain.mineBlock();
  pendingTx = (await node.transfer({ to: chain.accounts[2]!, amount: 1, asset: 'NEO' })).hash;
});

type Answer = Extract<JsonRpcResponse, { result: unknown }> & Extract<JsonRpcResponse, { error: unknown }>;

/** One request with id 1; the whole response. */
async function ask(method: string, params?: unknown): Promise<JsonRpcResponse> {
  const request: Record<string, unknown> = { jsonrpc: '2.0', id: 1, method };
  if (params !== undefined) request.params = params;
  return (await dispatchRpc(node, request)) as JsonRpcResponse;
}

async function result(method: string, params?: unknown): Promise<any> {
  const answer = (await ask(method, params)) as Partial<Answer>;
  expect(answer.error, `${method} answered an error`).toBeUndefined();
  return answer.result;
}

async function error(method: string, params?: unknown): Promise<{ code: number; message: string; data?: string }> {
  const answer = (await ask(method, params)) as Partial<Answer>;
  expect(answer, `${method} answered a result`).toHaveProperty('error');
  return answer.error!;
}

/** A response body as JSON, untyped for the assertions. */
const json = (response: Response): Promise<any> => response.json();
const hash256 = (data: Buffer) => '0x' + Buffer.from(createHash('sha256').update(data).digest()).reverse().toString('hex');

describe('chain JSON-RPC methods', () => {
  it('getblockcount, getblockheadercount and getbestblockhash describe the tip', async () => {
    expect(await result('getblockcount')).toBe(3);
    expect(await result('getblockcount', [])).toBe(3);
    expect(await result('getblockheadercount')).toBe(3);
    expect(await result('getbestblockhash')).toBe((await node.getBlock(2)).hash);
  });

  it('getblock verbose by index and by hash, in the node shape', async () => {
    const block: Block = await result('getblock', [1, true]);
    expect(block).toMatchObject({ index: 1, time: TIME, confirmations: 2, nextblockhash: (await node.getBlock(2)).hash });
    expect(block.tx.map((tx) => tx.hash)).toEqual([minedTx]);
    expect(await result('getblock', [block.hash, 1])).toEqual(block);
    expect(await result('getblock', [String(block.index), true])).toEqual(block);
    expect(await result('getblock', [block.hash.slice(2).toUpperCase(), true])).toEqual(block);
  });

  it('getblock without verbose is the block in its wire form, base64', async () => {
    const block = await node.getBlock(1);
    const tx = await node.getTransaction(minedTx);
    const raw = Buffer.from(await result('getblock', [1]), 'base64');
    expect(await result('getblock', [1, false])).toBe(raw.toString('base64'));
    expect(await result('getblock', [block.hash, 0])).toBe(raw.toString('base64'));
    expect(raw.length).toBe(block.size);
    // The header's unsigned part (109 bytes) hashes to the block hash; the transaction closes the block.
    expect(hash256(raw.subarray(0, 109))).toBe(block.hash);
    const rawTx = Buffer.from(await result('getrawtransaction', [minedTx]), 'base64');
    expect(rawTx.length).toBe(tx.size);
    expect(raw.subarray(raw.length - rawTx.length).equals(rawTx)).toBe(true);
    // The genesis block, with no transactions.
    const genesis = await node.getBlock(0);
    expect(Buffer.from(await result('getblock', [0]), 'base64').length).toBe(genesis.size);
  });

  it('getblock answers -32602 for a block it cannot serialize, saying only verbose is supported', async () => {
    const block = await node.getBlock(1);
    const odd: Blockchain = { ...node, getBlock: async () => ({ ...block, tx: block.tx.map((tx) => ({ ...tx, attributes: [{ type: 'HighPriority' }] })) }) };
    const answer = (await dispatchRpc(odd, { jsonrpc: '2.0', id: 7, method: 'getblock', params: [1] })) as Answer;
    expect(answer.error.code).toBe(-32602);
    expect(answer.error.message).toMatch(/verbose: .*cannot be serialized.*only verbose \(true\) is supported/);
    expect(((await dispatchRpc(odd, { jsonrpc: '2.0', id: 8, method: 'getblock', params: [1, true] })) as Answer).result).toMatchObject({ index: 1 });
  });

  it('getblockhash gives the hash at a height; past the tip is -109 Unknown height', async () => {
    expect(await result('getblockhash', [0])).toBe((await node.getBlock(0)).hash);
    expect(await result('getblockhash', ['2'])).toBe((await node.getBlock(2)).hash);
    const past = await error('getblockhash', [3]);
    expect(past.code).toBe(-109);
    expect(past.message).toMatch(/^Unknown height - block 3 is past the chain's height 2$/);
    const bad = await error('getblockhash', [-1]);
    expect(bad.code).toBe(-32602);
    expect(bad.message).toMatch(/Invalid index -1: expected a block index/);
  });

  it('getrawtransaction: verbose with block details, raw base64, and a pending transaction', async () => {
    const verbose: Transaction = await result('getrawtransaction', [minedTx, true]);
    const block = await node.getBlock(1);
    expect(verbose).toMatchObject({ hash: minedTx, blockhash: block.hash, confirmations: 2, blocktime: TIME, vmstate: 'HALT', sender: chain.accounts[0] });
    const pending: Transaction = await result('getrawtransaction', [pendingTx, 1]);
    expect(pending.hash).toBe(pendingTx);
    expect(pending.blockhash).toBeUndefined();
    const raw = Buffer.from(await result('getrawtransaction', [pendingTx, false]), 'base64');
    expect(raw.length).toBe(pending.size);
  });

  it('gettransactionheight: the index of the block holding it; -103 while it is only pooled, as for an unknown one', async () => {
    expect(await result('gettransactionheight', [minedTx])).toBe(1);
    expect((await error('gettransactionheight', [pendingTx])).code).toBe(-103);
    expect((await error('gettransactionheight', ['0x' + 'cd'.repeat(32)])).code).toBe(-103);
  });

  it('getapplicationlog of a transaction and of a block, filtered by trigger', async () => {
    const log = await result('getapplicationlog', [minedTx]);
    expect(log.txid).toBe(minedTx);
    expect(log.executions).toHaveLength(1);
    expect(log.executions[0]).toMatchObject({ trigger: 'Application', vmstate: 'HALT', notifications: [{ contract: GAS_HASH, eventname: 'Transfer' }] });
    const genesis = (await node.getBlock(0)).hash;
    const blockLog = await result('getapplicationlog', [genesis]);
    expect(blockLog.executions.map((e: { trigger: string }) => e.trigger)).toEqual(['OnPersist', 'PostPersist']);
    expect((await result('getapplicationlog', [genesis, 'postpersist'])).executions.map((e: { trigger: string }) => e.trigger)).toEqual(['PostPersist']);
    expect((await result('getapplicationlog', [genesis, 'System'])).executions).toHaveLength(2);
    expect((await result('getapplicationlog', [minedTx, 'OnPersist'])).executions).toEqual([]);
    const bad = await error('getapplicationlog', [minedTx, 'Sometimes']);
    expect(bad).toMatchObject({ code: -32602, data: 'Invalid trigger "Sometimes": expected one of OnPersist, PostPersist, Verification, Application, System, All' });
  });

  it('getnep17balances of a seeded account, by address and by script hash', async () => {
    const balances = await result('getnep17balances', [chain.accounts[0]]);
    expect(balances.address).toBe(chain.accounts[0]);
    const byAsset = Object.fromEntries(balances.balance.map((b: { assethash: string; amount: string }) => [b.assethash, b.amount]));
    expect(byAsset[NEO_HASH]).toBe('100');
    expect(byAsset[GAS_HASH]).toBe(String(100_000_000_000n - aliceSpent));
    expect(balances.balance.find((b: { assethash: string }) => b.assethash === GAS_HASH)).toMatchObject({ symbol: 'GAS', decimals: '8', name: 'GasToken', lastupdatedblock: 1 });
    expect(await result('getnep17balances', [addressToScriptHash(chain.accounts[0]!)])).toEqual(balances);
    const receiver = await result('getnep17balances', [chain.accounts[1]]);
    expect(receiver.balance.find((b: { assethash: string }) => b.assethash === GAS_HASH).amount).toBe(String(100_000_000_000 + 250_000_000));
  });

  it('getcontractstate by hash, by id (number or string) and by native name', async () => {
    const gas = await result('getcontractstate', [GAS_HASH]);
    expect(gas).toMatchObject({ id: -6, hash: GAS_HASH, manifest: { name: 'GasToken', supportedstandards: ['NEP-17'] } });
    expect(await result('getcontractstate', [-6])).toEqual(gas);
    expect(await result('getcontractstate', ['-6'])).toEqual(gas);
    expect(await result('getcontractstate', ['gastoken'])).toEqual(gas);
    expect((await result('getcontractstate', ['NeoToken'])).hash).toBe(NEO_HASH);
  });

  it('invokefunction: GAS symbol, balanceOf with params and signers', async () => {
    const symbol = await result('invokefunction', [GAS_HASH, 'symbol']);
    expect(symbol).toMatchObject({ state: 'HALT', exception: null, stack: [{ type: 'ByteString', value: Buffer.from('GAS').toString('base64') }] });
    expect(typeof symbol.script).toBe('string');
    const account = addressToScriptHash(chain.accounts[0]!);
    const balance = await result('invokefunction', [GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: account }], [{ account, scopes: 'CalledByEntry' }]]);
    expect(balance.stack).toEqual([{ type: 'Integer', value: String(100_000_000_000n - aliceSpent) }]);
    expect((await result('invokefunction', [GAS_HASH, 'decimals'])).stack).toEqual([{ type: 'Integer', value: '8' }]);
    expect((await result('invokefunction', [GAS_HASH, 'symbol', [], [], false])).stack).toEqual(symbol.stack);
  });

  it('getversion, getrawmempool, validateaddress and getconnectioncount', async () => {
    expect(await result('getversion')).toEqual(await node.getVersion());
    expect(await result('getrawmempool')).toEqual([pendingTx]);
    expect(await result('getrawmempool', [false])).toEqual([pendingTx]);
    expect(await result('getrawmempool', [true])).toEqual({ height: 2, verified: [pendingTx], unverified: [] });
    expect(await result('validateaddress', [chain.accounts[0]])).toEqual({ address: chain.accounts[0], isvalid: true });
    expect(await result('validateaddress', ['AQVh2pG732YvtNaxEGkQUei3YA4cvo7d2i'])).toEqual({ address: 'AQVh2pG732YvtNaxEGkQUei3YA4cvo7d2i', isvalid: false });
    expect(await result('getconnectioncount')).toBe(0);
  });
});

describe('chain JSON-RPC errors', () => {
  it('maps the chain\'s Neo codes through: -101 unknown block, -102 unknown contract, -103 unknown transaction', async () => {
    expect(await error('getblock', [999_999, true])).toEqual({ code: -101, message: 'Unknown block' });
    expect(await error('getblock', [999_999])).toEqual({ code: -101, message: 'Unknown block' });
    expect(await error('getblock', ['0x' + 'ab'.repeat(32), true])).toEqual({ code: -101, message: 'Unknown block' });
    expect(await error('getcontractstate', ['0x' + '12'.repeat(20)])).toEqual({ code: -102, message: 'Unknown contract' });
    expect(await error('getcontractstate', [42])).toEqual({ code: -102, message: 'Unknown contract' });
    expect(await error('getrawtransaction', ['0x' + 'cd'.repeat(32), true])).toEqual({ code: -103, message: 'Unknown transaction' });
  });

  it('-32601 names the method, suggests a close match, and says why sendrawtransaction is not served (without the local chain)', async () => {
    const typo = await error('getblok');
    expect(typo).toMatchObject({ code: -32601, message: 'Method not found - "getblok"; did you mean "getblock"?' });
    expect((await error('GetBlockCount')).message).toContain('did you mean "getblockcount"?');
    const send = await error('sendrawtransaction', ['AAAA']);
    expect(send.code).toBe(-32601);
    expect(send.message).toBe(`Method not found - "sendrawtransaction" is not served: neosl proxies a Neo node here (blockchain.rpcUrl) and answers sendrawtransaction only for its in-process chain; ask the node itself`);
    const storage = await error('getstateroot');
    expect(storage.message).toMatch(/"getstateroot" is a Neo node method the local chain does not serve; the methods served are calculatenetworkfee, .*, getblockcount, .*validateaddress$/);
    expect((await error('frobnicate')).message).toMatch(/"frobnicate" is not a method of this node; the methods served are /);
  });

  it('-32602 names the parameter and its expected form, reusing the chain\'s validation messages', async () => {
    const address = await error('getnep17balances', ['NotAnAddress']);
    expect(address.code).toBe(-32602);
    expect(address.message).toMatch(/^Invalid params - Invalid address "NotAnAddress": .*expected a Neo N3 address: 34 base58 characters/);
    expect(address.data).toBe(address.message.slice('Invalid params - '.length));
    expect((await error('getnep17balances', ['0xd2a4cff31913016155e38e474a2c06d08be276'])).message).toMatch(/Invalid address "0xd2a4.*"/);
    expect((await error('invokefunction', ['0x1234', 'symbol'])).message).toMatch(/Invalid script hash "0x1234": expected 0x followed by 40 hex digits/);
    expect((await error('invokefunction', [GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: 'nope' }]])).message).toMatch(/params\[0\]/);
    expect((await error('invokefunction', [GAS_HASH, 'symbol', [], [{ account: 'x', scopes: 'CalledByEntry' }]])).message).toMatch(/signers\[0\]\.account/);
    expect((await error('invokefunction', [GAS_HASH, ''])).message).toMatch(/Invalid operation "": expected a method name/);
    expect((await error('getblock', [1.5, true])).message).toMatch(/Invalid block index or hash 1.5: expected a block index \(an integer from 0\) or a block hash/);
    expect((await error('getrawtransaction', ['0x12', true])).message).toMatch(/Invalid transaction hash "0x12": expected 0x followed by 64 hex digits/);
    expect((await error('getcontractstate', ['NotAContract'])).message).toMatch(/Invalid contract "NotAContract": expected a contract hash/);
    expect((await error('validateaddress', [42])).message).toMatch(/Invalid address 42: expected a string/);
    expect((await error('getapplicationlog', ['0x' + 'ee'.repeat(32)])).message).toBe('Invalid params - Unknown transaction/blockhash');
  });

  it('-32602 for missing and null params; params past the declared ones are ignored, as a node ignores them', async () => {
    expect((await error('getblock')).message).toBe(
      'Invalid params - getblock takes [indexOrHash, verbose?]; parameter 1 "indexOrHash" is missing: expected a block index (an integer from 0) or a block hash (0x followed by 64 hex digits)',
    );
    expect((await error('getnep17balances', [null])).message).toMatch(/parameter 1 "address" is null: expected a Neo N3 address/);
    expect(await result('getblockcount', [1])).toBe(3);
    expect(await result('getblockhash', [1, 2])).toBe((await node.getBlock(1)).hash);
    expect(await result('getblock', [1, true, 'extra', { more: 1 }])).toMatchObject({ index: 1 });
  });

  it('reads verbose as a node reads it: a number is true unless 0, a string unless empty, null is the default', async () => {
    const verbose = await result('getblock', [1, true]);
    const raw = await result('getblock', [1, false]);
    expect(typeof raw).toBe('string');
    for (const truthy of [1, 2, -1, 'yes', 'false', '0', {}, []]) expect(await result('getblock', [1, truthy]), JSON.stringify(truthy)).toEqual(verbose);
    for (const falsy of [0, '', null]) expect(await result('getblock', [1, falsy]), JSON.stringify(falsy)).toBe(raw);
  });

  it('a Hash160 contract parameter given as an address is refused as a node refuses it, naming the script hash to send', async () => {
    const alice = chain.accounts[0]!;
    const hash = addressToScriptHash(alice);
    const refused = await error('invokefunction', [GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: alice }]]);
    expect(refused.code).toBe(-32602);
    expect(refused.message).toMatch(/^Invalid params - params\[0\]: a Hash160 value is 0x followed by 40 hex digits/);
    expect(refused.message).toContain(`got "${alice}"; a node does not take an address here: send its script hash ${hash}`);
    const nested = await error('invokefunction', [GAS_HASH, 'symbol', [{ type: 'Array', value: [{ type: 'Map', value: [{ key: { type: 'String', value: 'k' }, value: { type: 'Hash160', value: alice } }] }] }]]);
    expect(nested.message).toMatch(/^Invalid params - params\[0\]\.value\[0\]\.value\[0\]\.value: a Hash160 value/);
    // The script hash, with or without 0x, is what a node takes; signers may name an address (the node converts those).
    for (const value of [hash, hash.slice(2)]) {
      const balance = await result('invokefunction', [GAS_HASH, 'balanceOf', [{ type: 'Hash160', value }], [{ account: alice, scopes: 'CalledByEntry' }]]);
      expect(balance.stack).toEqual([{ type: 'Integer', value: String(100_000_000_000n - aliceSpent) }]);
    }
  });

  it('-32603 for an unexpected failure of the chain', async () => {
    const broken: Blockchain = { ...node, getBlockCount: async () => { throw new Error('disk on fire'); } };
    expect(await dispatchRpc(broken, { jsonrpc: '2.0', id: 'x', method: 'getblockcount' })).toEqual({
      jsonrpc: '2.0',
      id: 'x',
      error: { code: -32603, message: 'Internal error - disk on fire', data: 'disk on fire' },
    });
  });
});

describe('JSON-RPC envelopes, read as a Neo node reads them', () => {
  const invalid = (id: unknown = null) => ({ jsonrpc: '2.0', id, error: expect.objectContaining({ code: -32600 }) });

  it('echoes the id whatever it is, and always carries jsonrpc "2.0"', async () => {
    expect(await dispatchRpc(node, { jsonrpc: '2.0', id: 'abc', method: 'getblockcount' })).toEqual({ jsonrpc: '2.0', id: 'abc', result: 3 });
    expect(await dispatchRpc(node, { jsonrpc: '2.0', id: null, method: 'getblockcount' })).toEqual({ jsonrpc: '2.0', id: null, result: 3 });
    expect(await dispatchRpc(node, { jsonrpc: '2.0', id: 0, method: 'getconnectioncount', params: [] })).toEqual({ jsonrpc: '2.0', id: 0, result: 0 });
    expect(await dispatchRpc(node, { jsonrpc: '2.0', id: { a: 1 }, method: 'getblockcount' })).toEqual({ jsonrpc: '2.0', id: { a: 1 }, result: 3 });
  });

  it('does not require jsonrpc (nor check its value), and takes params null as none', async () => {
    expect(await dispatchRpc(node, { id: 1, method: 'getblockcount' })).toEqual({ jsonrpc: '2.0', id: 1, result: 3 });
    expect(await dispatchRpc(node, { jsonrpc: '1.0', id: 2, method: 'getblockcount' })).toEqual({ jsonrpc: '2.0', id: 2, result: 3 });
    expect(await dispatchRpc(node, { id: 3, method: 'getblockcount', params: null })).toEqual({ jsonrpc: '2.0', id: 3, result: 3 });
  });

  it('-32600 "Invalid request" for what a node cannot read as a request, naming the member; params by name are refused', async () => {
    const cases: [unknown, RegExp, unknown?][] = [
      [{ jsonrpc: '2.0', id: 1 }, /method: expected the method name as a string, got nothing/, 1],
      [{ jsonrpc: '2.0', id: 1, method: 7 }, /method: expected the method name as a string, got 7/, 1],
      [{ jsonrpc: '2.0', id: 1, method: 'getblock', params: 'bar' }, /params: expected an array of the parameters in order, got "bar"/, 1],
      [{ jsonrpc: '2.0', id: 1, method: 'getblock', params: { indexOrHash: 1 } }, /params by name are not accepted by Neo nodes: pass them in order/, 1],
      ['getblockcount', /expected a request object/],
      [null, /expected a request object/],
    ];
    for (const [payload, message, id] of cases) {
      const answer = (await dispatchRpc(node, payload)) as Answer;
      expect(answer, JSON.stringify(payload)).toEqual(invalid(id ?? null));
      expect(answer.error.message).toMatch(/^Invalid request - /);
      expect(answer.error.message).toMatch(message);
    }
  });

  it('answers a batch in order, each request on its own', async () => {
    const answer = await dispatchRpc(node, [
      { jsonrpc: '2.0', id: 1, method: 'getblockcount' },
      { jsonrpc: '2.0', id: 2, method: 'getblock', params: [999_999, true] },
      { jsonrpc: '2.0', method: 'getblockcount' },
      { jsonrpc: '2.0', id: 3, method: 'nope' },
      { foo: 'boo', id: 5 },
      { jsonrpc: '2.0', id: '4', method: 'getconnectioncount' },
    ]);
    expect(answer).toEqual([
      { jsonrpc: '2.0', id: 1, result: 3 },
      { jsonrpc: '2.0', id: 2, error: { code: -101, message: 'Unknown block' } },
      { jsonrpc: '2.0', id: 3, error: expect.objectContaining({ code: -32601 }) },
      invalid(5),
      { jsonrpc: '2.0', id: '4', result: 0 },
    ]);
  });

  it('an empty batch is one Invalid Request; a batch of non-objects is one error each', async () => {
    const empty = (await dispatchRpc(node, [])) as Answer;
    expect(empty).toEqual(invalid());
    expect(empty.error.message).toBe('Invalid request - the batch is empty: send at least one request object');
    expect(await dispatchRpc(node, [1, 2, 3])).toEqual([invalid(), invalid(), invalid()]);
  });

  it('a batch over the cap is one Invalid Request, and none of its calls run', async () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'getblockcount' };
    expect(await dispatchRpc(node, Array.from({ length: MAX_BATCH_SIZE }, () => call))).toHaveLength(MAX_BATCH_SIZE);
    const over = (await dispatchRpc(node, Array.from({ length: MAX_BATCH_SIZE + 1 }, () => call))) as Answer;
    expect(over).toEqual(invalid());
    expect(over.error.message).toContain(`at most ${MAX_BATCH_SIZE}`);
  });

  it('notifications (no id) get no answer and, as on a node, do not run; a batch of them only answers nothing', async () => {
    expect(await dispatchRpc(node, { jsonrpc: '2.0', method: 'getblockcount' })).toBeUndefined();
    expect(await dispatchRpc(node, { jsonrpc: '2.0', method: 'nope' })).toBeUndefined();
    expect(await dispatchRpc(node, { jsonrpc: '2.0', method: 'getblock', params: ['x'] })).toBeUndefined();
    expect(await dispatchRpc(node, { method: 7, params: 'bar' })).toBeUndefined();
    expect(await dispatchRpc(node, [{ jsonrpc: '2.0', method: 'getblockcount' }, { jsonrpc: '2.0', method: 'nope' }])).toBeUndefined();
    let calls = 0;
    const counting: Blockchain = { ...node, getBlockCount: async () => ++calls };
    await dispatchRpc(counting, { method: 'getblockcount' });
    await dispatchRpc(counting, [{ method: 'getblockcount' }, { method: 'getblockcount' }]);
    expect(calls).toBe(0);
  });

  it('bad requests, failed calls and notifications leave the chain exactly as it was', async () => {
    const before = chain.snapshot();
    const payloads: unknown[] = [
      { jsonrpc: '2.0', id: 1, method: 'sendrawtransaction', params: ['AAAA'] },
      { jsonrpc: '2.0', id: 1, method: 'transfer', params: [{ to: chain.accounts[3], amount: 1, asset: 'GAS' }] },
      { jsonrpc: '2.0', id: 1, method: 'invoke', params: [{ scriptHash: GAS_HASH, operation: 'transfer' }] },
      { jsonrpc: '2.0', id: 1, method: 'invokefunction', params: [GAS_HASH, 'transfer', [{ type: 'Hash160', value: chain.accounts[0] }, { type: 'Hash160', value: chain.accounts[3] }, { type: 'Integer', value: '5' }, { type: 'Any' }], [{ account: chain.accounts[0], scopes: 'Global' }]] },
      { jsonrpc: '2.0', id: 1, method: 'invokefunction', params: [GAS_HASH, 'balanceOf', [{ type: 'Integer', value: 'x' }]] },
      { jsonrpc: '2.0', id: 1, method: 'getnep17balances', params: ['bad'] },
      { jsonrpc: '2.0', id: 1, method: 'getblock', params: [999_999] },
      { jsonrpc: '2.0', method: 'getblockcount' },
      [{ jsonrpc: '2.0', method: 'nope' }, { id: 2 }, 5],
      [],
      { jsonrpc: '1.0', id: 1, method: 'getblockcount' },
      null,
    ];
    for (const payload of payloads) await dispatchRpc(node, payload);
    // invokefunction of transfer is a test invocation: it reports the Transfer but persists nothing.
    expect(chain.snapshot()).toEqual(before);
    const untouched = (await result('getnep17balances', [chain.accounts[3]])).balance.map((b: { assethash: string; amount: string }) => [b.assethash, b.amount]);
    expect(Object.fromEntries(untouched)).toEqual({ [NEO_HASH]: '100', [GAS_HASH]: '100000000000' });
  });
});

describe('chain JSON-RPC over HTTP', () => {
  let server: Server;
  let url = '';
  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(url, { method: 'POST', body, headers });
  /** node:http sends no Content-Type unless told (fetch adds text/plain for a string body). */
  const postWithoutContentType = (body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    server = createServer(createChainRpcHandler(node, { bodyLimitBytes: 2048 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_neosl/rpc`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a request and a batch with HTTP 200 and JSON', async () => {
    const single = await post('{"jsonrpc":"2.0","id":1,"method":"getblockcount"}');
    expect(single.status).toBe(200);
    expect(single.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json(single)).toEqual({ jsonrpc: '2.0', id: 1, result: 3 });
    const batch = await post('[{"jsonrpc":"2.0","id":1,"method":"getblockcount"},{"jsonrpc":"2.0","id":2,"method":"getconnectioncount"}]');
    expect(await json(batch)).toEqual([
      { jsonrpc: '2.0', id: 1, result: 3 },
      { jsonrpc: '2.0', id: 2, result: 0 },
    ]);
    // No Content-Type is read as JSON, and so are +json types and text/plain (fetch's default for a string).
    expect(await postWithoutContentType('{"jsonrpc":"2.0","id":1,"method":"getblockcount"}')).toEqual({ status: 200, body: '{"jsonrpc":"2.0","id":1,"result":3}' });
    for (const type of ['application/json-rpc', 'application/vnd.neo+json; charset=utf-8', 'text/plain;charset=UTF-8']) {
      expect((await post('{"jsonrpc":"2.0","id":1,"method":"getblockcount"}', { 'content-type': type })).status, type).toBe(200);
    }
  });

  it('JSON-RPC errors are HTTP 200, as a Neo node sends them', async () => {
    const unknown = await post('{"jsonrpc":"2.0","id":1,"method":"getblock","params":[999999,true]}');
    expect(unknown.status).toBe(200);
    expect(await json(unknown)).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -101, message: 'Unknown block' } });
    const invalid = await post('{"jsonrpc":"2.0","id":1,"method":"getnep17balances","params":["x"]}');
    expect(invalid.status).toBe(200);
    expect((await json(invalid)).error.code).toBe(-32602);
  });

  it('-32700 "Bad request" (the node\'s words) for a body that is not JSON, or empty', async () => {
    const broken = await post('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]');
    expect(broken.status).toBe(200);
    const answer = await json(broken);
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(answer.error.message).toMatch(/^Bad request - /);
    const batch = await post('[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method"]');
    expect((await json(batch)).error.code).toBe(-32700);
    expect((await json(await post(''))).error).toMatchObject({ code: -32700, message: 'Bad request - the request body is empty' });
  });

  it('GET with method, params and id in the query, as a node takes it: params as JSON or base64 of JSON, the id echoed as text', async () => {
    const get = async (query: string) => json(await fetch(`${url}?${query}`));
    expect(await get('method=getblockcount&params=[]&id=1')).toEqual({ jsonrpc: '2.0', id: '1', result: 3 });
    // A GET answer is a URL's: never to be cached (the height moves); a POST answer carries only a node's headers.
    expect((await fetch(`${url}?method=getblockcount&params=[]&id=1`)).headers.get('cache-control')).toBe('no-store');
    expect((await post('{"jsonrpc":"2.0","id":1,"method":"getblockcount"}')).headers.get('cache-control')).toBeNull();
    const params = encodeURIComponent(Buffer.from('[1, true]').toString('base64'));
    expect(await get(`jsonrpc=2.0&method=getblock&params=${params}&id=7`)).toMatchObject({ jsonrpc: '2.0', id: '7', result: { index: 1 } });
    expect(await get(`method=getblockhash&params=${encodeURIComponent('[2]')}&id=x`)).toEqual({ jsonrpc: '2.0', id: 'x', result: (await node.getBlock(2)).hash });
    for (const query of ['method=getblockcount&id=1', 'params=[]&id=1', 'method=getblockcount&params=[]', 'method=getblockcount&params=&id=1', '']) {
      const answer = await get(query);
      expect(answer, query).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      expect(answer.error.message, query).toMatch(/^Bad request - a GET request needs method, params and id in its query/);
    }
    expect((await get('method=getblock&params=%5B1&id=1')).error.message).toMatch(/^Bad request - params: not JSON \(nor base64 of JSON\)/);
    expect(await get('method=getblock&params=%7B%7D&id=1')).toMatchObject({ id: '1', error: { code: -32600, message: expect.stringMatching(/params: expected an array/) } });
  });

  it('notifications only: 204 with no body', async () => {
    const answer = await post('[{"jsonrpc":"2.0","method":"getblockcount"},{"jsonrpc":"2.0","method":"nope"}]');
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
    expect((await post('{"jsonrpc":"2.0","method":"getblockcount"}')).status).toBe(204);
  });

  it('405 with Allow: GET, POST for other methods', async () => {
    const answer = await fetch(url, { method: 'PUT', body: '{}' });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, POST');
    expect(await json(answer)).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Invalid request - PUT is not allowed: send JSON-RPC requests with POST (or GET with method, params and id in the query)' },
    });
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
  });

  it('reads the body as JSON whatever its Content-Type, as a Neo node does (curl -d sends a form type)', async () => {
    const answer = await post('{"jsonrpc":"2.0","id":1,"method":"getblockcount"}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(200);
    expect(await json(answer)).toMatchObject({ jsonrpc: '2.0', id: 1, result: expect.any(Number) });
  });

  it('413 with a JSON-RPC error for a body over the limit', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'validateaddress', params: ['N'.repeat(4000)] });
    const answer = await post(big);
    expect(answer.status).toBe(413);
    expect(await json(answer)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request - the request body is larger than the limit of 2048 bytes' } });
    // The server still serves afterwards.
    expect((await json(await post('{"jsonrpc":"2.0","id":1,"method":"getblockcount"}'))).result).toBe(3);
  });

  it('refuses a body limit that is not a positive integer', () => {
    expect(() => createChainRpcHandler(node, { bodyLimitBytes: 0 })).toThrow(/bodyLimitBytes must be a positive integer, got 0/);
  });
});
