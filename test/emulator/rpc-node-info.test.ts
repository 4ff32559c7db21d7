// getblockheader, getcommittee, getnextblockvalidators, getpeers, listplugins and getnep17transfers at
// /_neosl/rpc: each answer's keys, in order, against a Neo node's answer, its values against the local chain,
// raw headers read back with neon-js, and -32601 for the in-process-only methods when neosl proxies a node.
//
// Fixtures (test/fixtures/neo-rpc/<method>.json): the result of neo-project/neo
// tests/Neo.RpcClient.Tests/RpcTestCases.json for that method (getblockheaderasync, getcommitteeasync,
// getnextblockvalidatorsasync, getpeersasync, listpluginsasync, getnep17transfersasync_with_null_transferaddress),
// adjusted where the node's own code answers otherwise than those client test cases:
// - getnextblockvalidators: "votes" is a JSON number, as RpcServer.Blockchain.cs writes it
//   (validator["votes"] = (int)NativeContract.NEO.GetCandidateVote(...)); the test case has the string "0".
// - getnep17transfers: "address" comes first, as TokensTracker's Nep17Tracker.GetNep17Transfers writes it
//   (address, sent, received); the test case (the older RpcNep17Tracker) puts it last.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { rpc, u, tx as neonTx, wallet } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToScriptHash, createLocalChain, type LocalChain } from '../../src/backends/chain/index.js';
import { anyItem, arrayItem, hash160Item, integerItem, textItem } from '../../src/backends/chain/stack-item.js';
import { chainRpcMethods } from '../../src/emulator/rpc/chain-methods.js';
import { createChainRpcHandler, createRpcDispatcher, dispatchRpc, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import { assemblyVersion } from '../../src/emulator/rpc/node-info-methods.js';
import { packageVersion } from '../../src/package-info.js';
import type { Block, Notification } from '../../src/sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../fixtures/neo-rpc/${name}.json`, import.meta.url), 'utf8'));

const DAY = 24 * 60 * 60 * 1000;
/** Three days ago: inside getnep17transfers' default window (the last week). */
const BASE = Math.floor((Date.now() - 3 * DAY) / 1000) * 1000;
const T1 = BASE + 1_000;
const T2 = BASE + 2_000;
const T3 = BASE + 3_000;
const FAR = 4_102_444_800_000; // 2100-01-01

/** A token known only through onInvoke answers: its Transfer notifications come from those answers. */
const TOKEN = '0x' + 'ab'.repeat(20);

let clock = BASE;
const chain: LocalChain = createLocalChain({ now: () => clock });
const node = chain.blockchain;
const dispatch = createRpcDispatcher(node, chain);
const [acc0, acc1, acc2] = chain.accounts as [string, string, string];
const hash = (address: string) => addressToScriptHash(address);

const transferNotification = (contract: string, items: Notification['state'][]): Notification => ({ contract, eventname: 'Transfer', state: arrayItem(items) });

const txs = { faulted: '', neoOut: '', gasOut: '', neoIn: '', mint: '', lastGas: '' };

beforeAll(async () => {
  // Block 1: a FAULTed invocation whose log still reports a GAS Transfer, then three transfers.
  chain.onInvoke(TOKEN, 'faulty', { state: 'FAULT', notifications: [transferNotification(GAS_HASH, [hash160Item(hash(acc0)), hash160Item(hash(acc1)), integerItem(999)])] });
  txs.faulted = (await node.invoke({ scriptHash: TOKEN, operation: 'faulty' })).hash;
  txs.neoOut = (await node.transfer({ to: acc1, amount: 3, asset: 'NEO' })).hash;
  txs.gasOut = (await node.transfer({ to: acc1, amount: 250_000_000, asset: 'GAS' })).hash;
  txs.neoIn = (await node.transfer({ from: acc1, to: acc0, amount: 7, asset: 'NEO' })).hash;
  clock = T1;
  await chain.mineBlock();
  // Block 2: one transaction with a NEP-11 Transfer (4 items: not NEP-17), a mint and a burn of TOKEN.
  chain.onInvoke(TOKEN, 'mint', {
    notifications: [
      transferNotification(TOKEN, [anyItem(), hash160Item(hash(acc2)), integerItem(1), textItem('token-1')]),
      transferNotification(TOKEN, [anyItem(), hash160Item(hash(acc2)), integerItem(500)]),
      transferNotification(TOKEN, [hash160Item(hash(acc2)), anyItem(), integerItem(100)]),
    ],
  });
  txs.mint = (await node.invoke({ scriptHash: TOKEN, operation: 'mint' })).hash;
  clock = T2;
  await chain.mineBlock();
  // Block 3: one more GAS transfer; it is the tip.
  txs.lastGas = (await node.transfer({ to: acc1, amount: 1, asset: 'GAS' })).hash;
  clock = T3;
  await chain.mineBlock();
});

type Answer = Extract<JsonRpcResponse, { result: unknown }> & Extract<JsonRpcResponse, { error: unknown }>;

async function result(method: string, params: unknown[] = []): Promise<any> {
  const answer = (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as Partial<Answer>;
  expect(answer.error, `${method} answered an error`).toBeUndefined();
  return answer.result;
}

async function error(method: string, params: unknown[] = []): Promise<{ code: number; message: string; data?: string }> {
  const answer = (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as Partial<Answer>;
  expect(answer, `${method} answered a result`).toHaveProperty('error');
  return answer.error!;
}

/** The block's JSON without tx, size being the header's: Block.Size less the transaction count and the transactions. */
function expectedHeader(block: Block): Omit<Block, 'tx'> {
  const { tx, ...header } = block;
  return { ...header, size: block.size - 1 - tx.reduce((sum, t) => sum + t.size, 0) };
}

/** Header.Deserialize with neon-js' stream reader: the fields, the one witness, and the hash of the unsigned part. */
function readHeader(base64: string) {
  const hex = u.base642hex(base64);
  const ss = new u.StringStream(hex);
  const le = (bytes: number) => u.reverseHex(ss.read(bytes));
  const header = {
    version: parseInt(le(4), 16),
    previousblockhash: '0x' + le(32),
    merkleroot: '0x' + le(32),
    time: parseInt(le(8), 16),
    nonce: le(8).toUpperCase(),
    index: parseInt(le(4), 16),
    primary: parseInt(le(1), 16),
    nextconsensus: wallet.getAddressFromScriptHash(le(20)),
  };
  const unsigned = hex.slice(0, ss.pter);
  const witnessCount = ss.readVarInt();
  const witnesses = Array.from({ length: witnessCount }, () => neonTx.Witness.fromStream(ss).toJson());
  return { header, witnesses, hash: '0x' + u.reverseHex(u.sha256(unsigned)), rest: ss.isEmpty() ? '' : ss.read(ss.str.length) };
}

describe('getblockheader', () => {
  it('verbose: the keys of a node\'s header, in order, with the block\'s values and the header\'s size', async () => {
    const expected = fixture('getblockheader');
    const block: Block = await result('getblock', [1, true]);
    const header = await result('getblockheader', [1, true]);
    expect(Object.keys(header)).toEqual(Object.keys(expected));
    expect(header).toEqual(expectedHeader(block));
    expect(await result('getblockheader', [block.hash, 1])).toEqual(header);
    expect(await result('getblockheader', [String(1), 'yes'])).toEqual(header);
    // The genesis header carries the same witness (PUSH1) as the fixture's genesis: the same 113 bytes.
    const genesis = await result('getblockheader', [0, true]);
    expect(Object.keys(genesis)).toEqual(Object.keys(expected));
    expect(genesis.size).toBe(expected.size);
    expect(genesis.witnesses).toEqual(expected.witnesses);
    // The tip has no next block: no nextblockhash, as on a node.
    const tip = await result('getblockheader', [3, true]);
    expect(Object.keys(tip)).toEqual(Object.keys(expected).filter((key) => key !== 'nextblockhash'));
    expect(tip).toEqual(expectedHeader(await node.getBlock(3)));
  });

  it('raw: base64 of Header.Serialize, which neon-js reads back to the block\'s fields and hash', async () => {
    for (const index of [0, 1, 2, 3]) {
      const verbose = await result('getblockheader', [index, true]);
      const raw: string = await result('getblockheader', [index]);
      expect(await result('getblockheader', [verbose.hash, false])).toBe(raw);
      const read = readHeader(raw);
      expect(read.rest, `block ${index}: bytes after the witness`).toBe('');
      expect(read.hash).toBe(verbose.hash);
      const { hash: _hash, size: _size, witnesses, confirmations: _c, nextblockhash: _n, ...fields } = verbose;
      expect(read.header).toEqual(fields);
      expect(read.witnesses).toEqual(witnesses);
      expect(Buffer.from(raw, 'base64').length).toBe(verbose.size);
      // A block's wire form is its header's, then its transactions.
      const rawBlock = Buffer.from(await result('getblock', [index]), 'base64');
      expect(rawBlock.subarray(0, verbose.size).toString('base64')).toBe(raw);
    }
  });

  it('an unknown block is -101 Unknown block, as getblock answers; a bad key is -32602', async () => {
    for (const params of [[999, true], [999], ['0x' + 'ab'.repeat(32), true]]) {
      expect(await error('getblockheader', params)).toEqual({ code: -101, message: 'Unknown block' });
      expect(await error('getblockheader', params)).toEqual(await error('getblock', params));
    }
    expect((await error('getblockheader', ['nope', true])).code).toBe(-32602);
    expect((await error('getblockheader')).message).toMatch(/getblockheader takes \[indexOrHash, verbose\?\]; parameter 1 "indexOrHash" is missing/);
  });
});

describe('getcommittee and getnextblockvalidators', () => {
  it('getcommittee: the validator\'s compressed public key, the one whose 1-of-1 multi-signature address is every block\'s nextconsensus', async () => {
    const expected = fixture('getcommittee');
    const committee: string[] = await result('getcommittee');
    expect(committee).toHaveLength(1);
    for (const [key, like] of [[committee[0]!, expected[0]]]) {
      expect(typeof key).toBe(typeof like);
      expect(key).toMatch(/^0[23][0-9a-f]{64}$/);
      expect(key.length).toBe(like.length);
    }
    expect(committee).toEqual([chain.validatorPublicKey]);
    // getversion's standby committee is the same one member; the chain has no seed nodes.
    expect((await result('getversion')).protocol).toMatchObject({ standbycommittee: committee, seedlist: [] });
    // neon-js: the committee's multi-signature script is the blocks' witness verification script, and its address their nextconsensus.
    const script = wallet.constructMultiSigVerificationScript(1, committee);
    const address = wallet.getAddressFromScriptHash(wallet.getScriptHashFromVerificationScript(script));
    for (const index of [0, 1, 2, 3]) expect((await node.getBlock(index)).nextconsensus).toBe(address);
    const signed = (await node.getBlock(1)).witnesses[0]!;
    expect(u.base642hex(signed.verification)).toBe(script);
    expect(wallet.getPublicKeysFromVerificationScript(u.base642hex(signed.verification))).toEqual(committee);
    // The native NEO contract's getCommittee, invoked, names the same key.
    const invoked = await result('invokefunction', [NEO_HASH, 'getCommittee']);
    expect(invoked.stack).toEqual([{ type: 'Array', value: [{ type: 'ByteString', value: Buffer.from(committee[0]!, 'hex').toString('base64') }] }]);
  });

  it('getnextblockvalidators: [{ publickey, votes }] with the committee\'s key; votes a number, -1 as for an unregistered candidate', async () => {
    const expected = fixture('getnextblockvalidators');
    const validators = await result('getnextblockvalidators');
    expect(validators).toHaveLength(1);
    expect(Object.keys(validators[0])).toEqual(Object.keys(expected[0]));
    expect(typeof validators[0].votes).toBe(typeof expected[0].votes);
    expect(validators).toEqual([{ publickey: chain.validatorPublicKey, votes: -1 }]);
    // The local chain has no registered candidates, which is why GetCandidateVote is -1.
    expect((await result('invokefunction', [NEO_HASH, 'getCandidates'])).stack).toEqual([{ type: 'Array', value: [] }]);
  });
});

describe('getpeers and listplugins', () => {
  it('getpeers: no peers, under the node\'s keys', async () => {
    const peers = await result('getpeers');
    expect(Object.keys(peers)).toEqual(Object.keys(fixture('getpeers')));
    expect(peers).toEqual({ unconnected: [], bad: [], connected: [] });
  });

  it('listplugins: RpcServer and the plugins of the methods served, by name, with neosl\'s version as .NET prints one', async () => {
    const expected = fixture('listplugins');
    const plugins = await result('listplugins');
    for (const plugin of plugins) {
      expect(Object.keys(plugin)).toEqual(Object.keys(expected[0]));
      expect(plugin.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(expected[0].version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    expect(plugins).toEqual(
      ['ApplicationLogs', 'RpcServer', 'TokensTracker'].map((name) => ({ name, version: assemblyVersion(packageVersion()), interfaces: [] })),
    );
    expect(plugins.map((p: { name: string }) => p.name)).toEqual(plugins.map((p: { name: string }) => p.name).sort());
    expect(assemblyVersion('0.1.0')).toBe('0.1.0.0');
    expect(assemblyVersion('1.2.3-beta.4')).toBe('1.2.3.0');
    expect(assemblyVersion('3.7.4.0')).toBe('3.7.4.0');
  });
});

describe('getnep17transfers', () => {
  const entry = (fields: Record<string, unknown>) => ({
    timestamp: fields.timestamp,
    assethash: fields.assethash,
    transferaddress: fields.transferaddress,
    amount: fields.amount,
    blockindex: fields.blockindex,
    transfernotifyindex: fields.transfernotifyindex,
    txhash: fields.txhash,
  });

  it('the node\'s keys in order, for the answer and for each transfer', async () => {
    const expected = fixture('getnep17transfers');
    const transfers = await result('getnep17transfers', [acc0, 0, FAR]);
    expect(Object.keys(transfers)).toEqual(Object.keys(expected));
    for (const list of ['sent', 'received'] as const) {
      expect(transfers[list].length).toBeGreaterThan(0);
      for (const transfer of transfers[list]) expect(Object.keys(transfer)).toEqual(Object.keys(expected[list][0]));
    }
  });

  it('a transfer between two seeded accounts is in the sender\'s sent and the recipient\'s received; newest first, then by asset, then by notify index', async () => {
    // Block 1: neoOut's NEO Transfer (index 0) mints each side's NEO holder GAS after it (1 block of 100 NEO: 50 datoshi; 1, 2);
    // gasOut (3); neoIn (4) mints nothing, both sides' NEO having changed in this block already.
    const neoOut = entry({ timestamp: T1, assethash: NEO_HASH, transferaddress: acc1, amount: '3', blockindex: 1, transfernotifyindex: 0, txhash: txs.neoOut });
    const holderGas = (index: number) => entry({ timestamp: T1, assethash: GAS_HASH, transferaddress: null, amount: '50', blockindex: 1, transfernotifyindex: index, txhash: txs.neoOut });
    const gasOut = entry({ timestamp: T1, assethash: GAS_HASH, transferaddress: acc1, amount: '250000000', blockindex: 1, transfernotifyindex: 3, txhash: txs.gasOut });
    const neoIn = entry({ timestamp: T1, assethash: NEO_HASH, transferaddress: acc1, amount: '7', blockindex: 1, transfernotifyindex: 4, txhash: txs.neoIn });
    const lastGas = entry({ timestamp: T3, assethash: GAS_HASH, transferaddress: acc1, amount: '1', blockindex: 3, transfernotifyindex: 0, txhash: txs.lastGas });
    // Within a block the tracker's key order holds: the asset (GAS 0xd2a4…cf, stored cf…, before NEO's f5…), then the index.
    expect(await result('getnep17transfers', [acc0, 0, FAR])).toEqual({ address: acc0, sent: [lastGas, gasOut, neoOut], received: [holderGas(1), neoIn] });
    const asOther = (t: ReturnType<typeof entry>) => ({ ...t, transferaddress: acc0 });
    expect(await result('getnep17transfers', [acc1, 0, FAR])).toEqual({
      address: acc1,
      sent: [asOther(neoIn)],
      received: [asOther(lastGas), holderGas(2), asOther(gasOut), asOther(neoOut)],
    });
    // The FAULTed transaction's Transfer is not recorded and took no notify index (the NEO transfer after it is index 0).
    const all = await result('getnep17transfers', [acc0, 0, FAR]);
    expect([...all.sent, ...all.received].map((t: { txhash: string }) => t.txhash)).not.toContain(txs.faulted);
    expect((await node.getApplicationLog(txs.faulted)).executions[0]).toMatchObject({ vmstate: 'FAULT', notifications: [{ contract: GAS_HASH, eventname: 'Transfer' }] });
  });

  it('a mint and a burn (a null side) have transferaddress null; a NEP-11 Transfer is not counted', async () => {
    expect(await result('getnep17transfers', [acc2, 0, FAR])).toEqual({
      address: acc2,
      sent: [entry({ timestamp: T2, assethash: TOKEN, transferaddress: null, amount: '100', blockindex: 2, transfernotifyindex: 1, txhash: txs.mint })],
      received: [entry({ timestamp: T2, assethash: TOKEN, transferaddress: null, amount: '500', blockindex: 2, transfernotifyindex: 0, txhash: txs.mint })],
    });
  });

  it('the genesis mints are not listed: the tracker records only transfers made by transactions', async () => {
    // The genesis block's OnPersist reports the seeded balances as mints to each account…
    const genesis = await node.getApplicationLog((await node.getBlock(0)).hash);
    const mints = genesis.executions[0]!.notifications.filter((n) => n.state.type === 'Array' && n.state.value[1]?.type === 'ByteString' && Buffer.from(n.state.value[1].value, 'base64').equals(Buffer.from(hash(acc0).slice(2), 'hex').reverse()));
    expect(mints.map((n) => n.contract).sort()).toEqual([GAS_HASH, NEO_HASH].sort());
    // …but their script container is the block, not a transaction, so TokensTracker does not record them.
    const transfers = await result('getnep17transfers', [acc0, 0, FAR]);
    expect(transfers.received.filter((t: { blockindex: number }) => t.blockindex === 0)).toEqual([]);
  });

  it('the time window: start <= timestamp < end (the tracker\'s key range); a week back to now by default', async () => {
    const times = async (start: unknown, end: unknown) => {
      const answer = await result('getnep17transfers', [acc0, start, end]);
      return [...answer.sent, ...answer.received].map((t: { timestamp: number }) => t.timestamp).sort();
    };
    expect(await times(T1, T3)).toEqual([T1, T1, T1, T1]);
    expect(await times(T1 + 1, T3 + 1)).toEqual([T3]);
    expect(await times(T3, T3)).toEqual([]);
    expect(await times(String(T3), String(T3 + 1))).toEqual([T3]);
    expect(await times(0, T1)).toEqual([]);
    // Defaults: the last week, to now; the blocks were made three days ago.
    expect(await result('getnep17transfers', [acc0])).toEqual(await result('getnep17transfers', [acc0, 0, FAR]));
    expect(await result('getnep17transfers', [acc0, T1])).toEqual(await result('getnep17transfers', [acc0, 0, FAR]));
    const past = createLocalChain({ now: () => 1_700_000_000_000 });
    await past.blockchain.transfer({ to: past.accounts[1]!, amount: 5, asset: 'GAS' });
    await past.mineBlock();
    const pastDispatch = createRpcDispatcher(past.blockchain, past);
    const ask = async (params: unknown[]) => ((await pastDispatch({ id: 1, method: 'getnep17transfers', params })) as Answer).result as any;
    expect((await ask([past.accounts[0]])).sent).toEqual([]);
    expect((await ask([past.accounts[0], 0, FAR])).sent).toHaveLength(1);
  });

  it('the account as an address or a script hash (with or without 0x); bad params are -32602', async () => {
    const byAddress = await result('getnep17transfers', [acc0, 0, FAR]);
    expect(await result('getnep17transfers', [hash(acc0), 0, FAR])).toEqual(byAddress);
    expect(await result('getnep17transfers', [hash(acc0).slice(2), 0, FAR])).toEqual(byAddress);
    expect(await error('getnep17transfers', [acc0, T3, T1])).toMatchObject({ code: -32602, message: `Invalid params - endTime ${T1} is before startTime ${T3}` });
    expect((await error('getnep17transfers', ['NotAnAddress'])).message).toMatch(/^Invalid params - Invalid address "NotAnAddress"/);
    expect((await error('getnep17transfers', [acc0, -1])).message).toMatch(/Invalid startTime -1: expected a time in milliseconds/);
    expect((await error('getnep17transfers', [acc0, 0, 'soon'])).message).toMatch(/Invalid endTime "soon"/);
    expect((await error('getnep17transfers')).message).toMatch(/getnep17transfers takes \[address, startTime\?, endTime\?\]/);
  });
});

describe('neon-js RPCClient over HTTP', () => {
  let server: Server;
  let client: InstanceType<typeof rpc.RPCClient>;

  beforeAll(async () => {
    server = createServer(createChainRpcHandler(node, { local: chain }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new rpc.RPCClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/_neosl/rpc`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads each answer as the local dispatcher gives it', async () => {
    expect(await client.getBlockHeader(1, 1)).toEqual(await result('getblockheader', [1, true]));
    expect(await client.getBlockHeader(1)).toBe(await result('getblockheader', [1]));
    expect(await client.getCommittee()).toEqual([chain.validatorPublicKey]);
    expect(await client.getNextBlockValidators()).toEqual(await result('getnextblockvalidators'));
    expect(await client.getPeers()).toEqual({ unconnected: [], bad: [], connected: [] });
    expect(await client.listPlugins()).toEqual(await result('listplugins'));
    expect(await client.getNep17Transfers(acc0, '0', String(FAR))).toEqual(await result('getnep17transfers', [acc0, 0, FAR]));
  });
});

describe('when neosl proxies a node (no in-process chain)', () => {
  const proxied = createLocalChain().blockchain;

  it('the methods about the in-process node answer -32601, saying neosl proxies a node', async () => {
    for (const method of ['getcommittee', 'getnextblockvalidators', 'getpeers', 'listplugins', 'getnep17transfers']) {
      const params = method === 'getnep17transfers' ? [acc0] : [];
      const answer = (await dispatchRpc(proxied, { jsonrpc: '2.0', id: 1, method, params })) as Answer;
      expect(answer.error.code, method).toBe(-32601);
      expect(answer.error.message).toBe(
        `Method not found - "${method}" is not served: neosl proxies a Neo node here (blockchain.rpcUrl) and answers ${method} only for its in-process chain; ask the node itself`,
      );
    }
  });

  it('getblockheader is served from the node\'s blocks', async () => {
    const methods = chainRpcMethods(proxied);
    const header = await methods.get('getblockheader')!.run([0, true]);
    expect(header).toEqual(expectedHeader(await proxied.getBlock(0)));
    const answer = (await dispatchRpc(proxied, { jsonrpc: '2.0', id: 1, method: 'getblockheader', params: [0] })) as Answer;
    expect(readHeader(answer.result as string).hash).toBe((await proxied.getBlock(0)).hash);
  });
});
