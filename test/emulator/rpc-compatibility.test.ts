// Compatibility suite: every request of a Neo node's RpcClient test cases, adapted to the local chain's seeded
// state, sent to /_neosl/rpc over HTTP, and the answer compared with the node's key by key (same keys, same
// order, same JSON types, all the way down; values may differ). One test per case, named by the case and method.
//
// Fixture: test/fixtures/neo-rpc/rpc-test-cases.json is neo-project/neo tests/Neo.RpcClient.Tests/RpcTestCases.json
// (commit 418a8ab5ea832f54381b9a1191f60aec9e114eb9) with every case's Name, Request and Response, long arrays
// shortened to their first elements and the C# stack trace of the error case's `data` dropped.
//
// Adapting a request (`adapt`): the fixture's block and transaction hashes, addresses, script hashes, storage key,
// scripts and raw transactions name things of the chain the cases were recorded on; each is replaced by its
// counterpart on the local chain (LOCAL_STRINGS, LOCAL_NUMBERS, and the two sendrawtransaction cases, whose raw
// transaction is built and signed with neon-js with a seeded account's WIF), its JSON type and position kept.
// A hash or address of the fixture with no counterpart fails the test rather than going out unadapted.
//
// Where the client test cases are older than the node (they were recorded against Neo 3.0 previews), the node's
// current code decides, as the existing per-method tests decided (rpc-node-info.test.ts): NODE_CORRECTIONS and
// ERROR_CODE_CORRECTIONS rewrite the fixture's answer as the node's source writes it today, each naming the source
// it follows (neo-project/neo src/Plugins/RpcServer, ApplicationLogs and TokensTracker, read at commits 0253ffd3,
// 048e5826 and 25c2a0c7).
//
// Statuses: NOT_SERVED lists the methods the local chain does not serve, with why, and asserts they answer
// -32601; EXPECTED_FAILURES marks, with vitest's it.fails, the cases that fail today (a method being added, or a
// mismatch to fix): when one starts passing the suite goes red and its marker must go.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { rpc, sc, tx, u, wallet } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain, scriptHashToAddress, type LocalChain } from '../../src/backends/chain/index.js';
import { scriptHashToBytes } from '../../src/backends/chain/address.js';
import { wifFromPrivateKey } from '../../src/backends/chain/rpc/signing-key.js';
import { anyItem, arrayItem, hash160Item, integerItem } from '../../src/backends/chain/stack-item.js';
import { GAS_HASH, NEO_HASH, type Notification } from '../../src/sdk/blockchain-types.js';
import { startNeonRpcServer, type NeonRpcServer } from '../helpers/neon-rpc-server.js';
import { compareShape, jsonType, stackItemCatalog, type ShapeReport } from '../helpers/rpc-shape.js';

interface FixtureCase {
  Name: string;
  Request: { jsonrpc: string; id: number; method: string; params: unknown[] };
  Response: { jsonrpc: string; id: number; result?: unknown; error?: { code: number; message: string } };
}

const CASES: FixtureCase[] = JSON.parse(readFileSync(new URL('../fixtures/neo-rpc/rpc-test-cases.json', import.meta.url), 'utf8'));
/** Every stack item the node's answers show, by type: a stack item of ours is compared with one of its own type. */
const CATALOG = stackItemCatalog(...CASES.map((c) => c.Response));

// ---- what the local chain does not serve, and what fails today ----

const WALLET =
  'RpcServer.Wallet.cs: needs a NEP-6 wallet opened on the node (openwallet with its file and password); the local chain keeps no node wallet: dApps sign with their own keys (neon-js) and send with sendrawtransaction';

/** Methods of the fixture the local chain does not serve, with why; each case of them must answer -32601. */
const NOT_SERVED: Record<string, string> = {
  getblocksysfee: 'not a Neo N3 RpcServer method (a Neo 2 method the client test cases still carry): a node answers -32601 too',
  submitblock: "the local chain makes its own blocks, signed by its one validator: a block built elsewhere cannot extend it; relay transactions with sendrawtransaction",
  openwallet: WALLET,
  closewallet: WALLET,
  dumpprivkey: WALLET,
  getnewaddress: WALLET,
  getwalletbalance: WALLET,
  getwalletunclaimedgas: WALLET,
  importprivkey: WALLET,
  listaddress: WALLET,
  sendfrom: WALLET,
  sendmany: WALLET,
  sendtoaddress: WALLET,
};

/** Cases that fail today, by case name (every case of that name), with why: each runs as it.fails. */
const EXPECTED_FAILURES: Record<string, string> = {
};

/**
 * Arrays the local chain answers empty where the node's answer has elements (nothing to compare them with), by
 * path with [] for any index, and why the local chain has none. Any other empty array fails the case.
 */
const EMPTY_ON_THE_LOCAL_CHAIN: Record<string, string> = {
  'result.unconnected[]': 'getpeers: the local chain has no peers',
  'result.connected[]': 'getpeers: the local chain has no peers',
  'result.unverified[]': 'getrawmempool: the local chain verifies a transaction as it enters the pool, so none is unverified',
  'result.protocol.seedlist[]': 'getversion: the local chain has no peers, so no seed nodes',
};

// ---- the node's current shapes where the client test cases are older ----

type Json = any;
const pick = (object: Json, keys: string[]): Json => Object.fromEntries(keys.map((key) => [key, object[key]]));

/**
 * The node's answer as its current source writes it, where the client test case predates it; `because` names the
 * source. Only shapes change (keys, their order, JSON types): values stay the fixture's, and a key the test case
 * lacks gets an example value of its JSON type.
 */
const NODE_CORRECTIONS: Record<string, { because: string; correct(result: Json): Json }> = {
  getversion: {
    because:
      'RpcServer.Node.cs GetVersion writes tcpport, nonce, useragent, rpc { maxiteratorresultitems, sessionenabled }, protocol { addressversion, network, validatorscount, msperblock, maxtraceableblocks, maxvaliduntilblockincrement, maxtransactionsperblock, memorypoolmaxtransactions, initialgasdistribution, hardforks, standbycommittee, seedlist }; no top-level network',
    correct: (result) => ({
      ...pick(result, ['tcpport', 'nonce', 'useragent']),
      rpc: { maxiteratorresultitems: 100, sessionenabled: true },
      protocol: pick(result.protocol, [
        'addressversion',
        'network',
        'validatorscount',
        'msperblock',
        'maxtraceableblocks',
        'maxvaliduntilblockincrement',
        'maxtransactionsperblock',
        'memorypoolmaxtransactions',
        'initialgasdistribution',
        'hardforks',
        'standbycommittee',
        'seedlist',
      ]),
    }),
  },
  invokefunction: {
    because:
      'RpcServer.SmartContract.cs GetInvokeResult writes script, state, gasconsumed, exception, notifications, stack; "tx" only with a wallet opened on the node (ProcessInvokeWithWallet), which the local chain has not',
    correct: (result) => ({ ...pick(result, ['script', 'state', 'gasconsumed']), exception: null, notifications: [], stack: result.stack }),
  },
  invokescript: {
    because: 'as invokefunction: RpcServer.SmartContract.cs GetInvokeResult',
    correct: (result) => ({ ...pick(result, ['script', 'state', 'gasconsumed']), exception: null, notifications: [], stack: result.stack }),
  },
  getnextblockvalidators: {
    because: 'RpcServer.Blockchain.cs GetNextBlockValidators writes votes as a number: (int)NativeContract.NEO.GetCandidateVote(...)',
    correct: (result) => result.map((v: Json) => ({ ...v, votes: Number(v.votes) })),
  },
  getnep17transfers: {
    because: 'TokensTracker Nep17Tracker.GetNep17Transfers writes address, sent, received (the test cases are the older RpcNep17Tracker\'s)',
    correct: (result) => pick(result, ['address', 'sent', 'received']),
  },
  getnep17balances: {
    because:
      'TokensTracker Nep17Tracker.GetNep17Balances writes address, balance, and each balance as assethash, name, symbol, decimals (a string), amount, lastupdatedblock',
    correct: (result) => ({
      address: result.address,
      balance: result.balance.map((b: Json) => ({ assethash: b.assethash, name: 'GasToken', symbol: 'GAS', decimals: '8', amount: b.amount, lastupdatedblock: b.lastupdatedblock })),
    }),
  },
  getapplicationlog: {
    because:
      'ApplicationLogs LogReader.BlockItemToJObject writes a block\'s executions as trigger, vmstate, gasconsumed, stack, notifications: no "exception" (only TransactionToJObject writes one, after vmstate)',
    correct: (result) =>
      result.blockhash === undefined
        ? result
        : { ...result, executions: result.executions.map((e: Json) => pick(e, ['trigger', 'vmstate', 'gasconsumed', 'stack', 'notifications'])) },
  },
};

/** The fixture's error codes where the node answers another today. */
const ERROR_CODE_CORRECTIONS: Record<string, { because: string; code: number }> = {
  sendrawtransactionasyncerror: {
    because: 'RpcServer.Node.cs GetRelayResult answers VerifyResult.InsufficientFunds with RpcError.InsufficientFunds (-511, "Insufficient funds for fee"); -500 is the test case\'s older generic code',
    code: -511,
  },
};

/** The node's answer to compare with: the fixture's, as the node's current code writes it. */
function nodeResponse(c: FixtureCase): FixtureCase['Response'] {
  const response = structuredClone(c.Response);
  const correction = NODE_CORRECTIONS[c.Request.method];
  if (correction && 'result' in response) response.result = correction.correct(response.result);
  const code = ERROR_CODE_CORRECTIONS[c.Name];
  if (code && response.error) response.error.code = code.code;
  return response;
}

// ---- the local chain and its seeded state ----

let clock = 1_700_000_000_000;
const chain: LocalChain = createLocalChain({ now: () => clock });
const node = chain.blockchain;
type DevAccount = LocalChain['devAccounts'][number];
const [alice, bob, carol, dave] = chain.devAccounts as [DevAccount, DevAccount, DevAccount, DevAccount];
const neonAccount = (account: DevAccount) => new wallet.Account(wifFromPrivateKey(Buffer.from(account.privateKey, 'hex')));
/** A token known through onInvoke answers: its mint and burn give getnep17transfers a null transferaddress. */
const TOKEN = '0x' + 'ab'.repeat(20);

let served: NeonRpcServer;
let url = '';
let network = 0;

/** The fixture's names for things of its chain → their counterparts on the local chain (filled in beforeAll). */
const LOCAL_STRINGS = new Map<string, string>();
/** Numbers that name something of the fixture's chain, by method: block 7 (one with transactions and a next block), contract id -2 (then GAS). */
const LOCAL_NUMBERS: Record<string, Map<number, number>> = {
  getblock: new Map([[7, 1]]),
  getblockheader: new Map([[7, 1]]),
  getstorage: new Map([[-2, -6]]),
};
/** Hashes and addresses the local chain shares with the fixture's chain (native contracts): used as they are. */
const SHARED = new Set([GAS_HASH, NEO_HASH]);
const NAMES_SOMETHING = /^(0x)?[0-9a-f]{40}$|^(0x)?[0-9a-f]{64}$|^N[1-9A-HJ-NP-Za-km-z]{33}$/;

const transfer = (contract: string, items: Notification['state'][]): Notification => ({ contract, eventname: 'Transfer', state: arrayItem(items) });

type ContractCall = Exclude<Parameters<typeof sc.createScript>[number], string>;
const call = (scriptHash: string, operation: string, args: unknown[] = []): ContractCall => ({ scriptHash: scriptHash.slice(2), operation, args }) as ContractCall;
const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** A GAS transfer built, fee-estimated (invokescript, calculatenetworkfee) and signed with neon-js, as a dApp sends it; base64. */
async function signedGasTransfer(from: DevAccount, to: string, amount: number, systemFee?: bigint): Promise<string> {
  const account = neonAccount(from);
  const script = sc.createScript(call(GAS_HASH, 'transfer', [sc.ContractParam.hash160(from.address), sc.ContractParam.hash160(to), sc.ContractParam.integer(amount), sc.ContractParam.any()]));
  const signer = new tx.Signer({ account: account.scriptHash, scopes: tx.WitnessScope.CalledByEntry });
  const transaction = new tx.Transaction({ signers: [signer], validUntilBlock: chain.height() + 100, script });
  const test = await served.client.invokeScript(u.HexString.fromHex(script), [signer]);
  expect(test.state).toBe('HALT');
  transaction.systemFee = u.BigInteger.fromNumber((systemFee ?? BigInt(test.gasconsumed)).toString());
  transaction.networkFee = u.BigInteger.fromNumber(await served.client.calculateNetworkFee(transaction));
  transaction.sign(account, network);
  return base64(transaction.serialize(true));
}

async function gasBalance(account: DevAccount): Promise<bigint> {
  const answer = await node.invokeFunction(GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: account.scriptHash }]);
  return BigInt((answer.stack[0] as { value: string }).value);
}

/** The raw transaction of a sendrawtransaction case: one the chain accepts, or one whose fees exceed the sender's GAS. */
const RAW_TRANSACTIONS: Record<string, () => Promise<string>> = {
  sendrawtransactionasync: () => signedGasTransfer(alice, bob.address, 1),
  sendrawtransactionasyncerror: async () => signedGasTransfer(alice, bob.address, 1, (await gasBalance(alice)) + 1n),
};

/** The fixture's request with its params naming the local chain's things (same JSON types, same positions). */
async function adapt(c: FixtureCase): Promise<FixtureCase['Request']> {
  const raw = RAW_TRANSACTIONS[c.Name];
  const numbers = LOCAL_NUMBERS[c.Request.method];
  const local = (value: unknown, path: string): unknown => {
    if (typeof value === 'number') return numbers?.get(value) ?? value;
    if (Array.isArray(value)) return value.map((v, i) => local(v, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, local(v, `${path}.${k}`)]));
    if (typeof value !== 'string') return value;
    const counterpart = LOCAL_STRINGS.get(value);
    if (counterpart !== undefined) return counterpart;
    if (NAMES_SOMETHING.test(value) && !SHARED.has(value) && NOT_SERVED[c.Request.method] === undefined) {
      throw new Error(`${path}: the fixture's ${value} has no counterpart on the local chain (add it to LOCAL_STRINGS)`);
    }
    return value;
  };
  const params = raw ? [await raw()] : (local(c.Request.params, 'params') as unknown[]);
  // The adapted params keep the fixture's: their count, their positions and their JSON types.
  expect(params.map(jsonType)).toEqual(c.Request.params.map(jsonType));
  return { ...c.Request, params };
}

async function post(request: unknown): Promise<Json> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  served = await startNeonRpcServer(node, chain);
  url = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}/_neosl/rpc`;
  network = (await node.getVersion()).protocol.network;
  const genesis = await node.getBlock(0);

  // Block 1: GAS alice → bob, NEO bob → alice, GAS alice → dave → bob (dave's NEO never moves, so no GAS reward
  // is minted to him: all his transfers have another account), GAS carol → bob, and TOKEN minted to carol and
  // burned from her (transfers with no other account: a null transferaddress).
  const gasOut = (await node.transfer({ from: alice.address, to: bob.address, amount: 250_000_000, asset: 'GAS' })).hash;
  await node.transfer({ from: bob.address, to: alice.address, amount: 7, asset: 'NEO' });
  await node.transfer({ from: alice.address, to: dave.address, amount: 2_000, asset: 'GAS' });
  await node.transfer({ from: dave.address, to: bob.address, amount: 1_000, asset: 'GAS' });
  await node.transfer({ from: carol.address, to: bob.address, amount: 1_000, asset: 'GAS' });
  chain.onInvoke(TOKEN, 'mintAndBurn', {
    notifications: [transfer(TOKEN, [anyItem(), hash160Item(carol.scriptHash), integerItem(500)]), transfer(TOKEN, [hash160Item(carol.scriptHash), anyItem(), integerItem(100)])],
  });
  await node.invoke({ scriptHash: TOKEN, operation: 'mintAndBurn' });
  clock += 15_000;
  const block1 = await chain.mineBlock();

  // Block 2: a transaction signed with neon-js and sent raw, whose fees the block's OnPersist burns and mints.
  const sent = await post({ jsonrpc: '2.0', id: 1, method: 'sendrawtransaction', params: [await signedGasTransfer(alice, bob.address, 5)] });
  expect(sent.result?.hash, JSON.stringify(sent)).toMatch(/^0x[0-9a-f]{64}$/);
  clock += 15_000;
  const block2 = await chain.mineBlock();
  expect(block2.tx.map((t) => t.hash)).toEqual([sent.result.hash]);

  // In the pool: a transfer not yet in a block.
  await node.transfer({ from: alice.address, to: bob.address, amount: 1, asset: 'NEO' });
  expect(await node.getRawMemPool()).toHaveLength(1);

  const scriptHashHex = (account: DevAccount) => account.scriptHash.slice(2);
  const entries: [string, string][] = [
    // Blocks: genesis (getblockhash 0's answer), a block with transactions and a next one, a block with OnPersist transfers.
    ['0xe191fe1aea732c3e23f20af8a95e09f95891176f8064a2fce8571d51f80619a8', genesis.hash],
    ['0x656bcb02e4fe8a19dbb15149073a5ae0bd8adc2da8504b67b112b44f68b4c9d7', genesis.hash],
    ['0xb9579b028e4cf31a0c3bd9582f9f7fbd40b0e0495604406b8f530c7ebce5bcc8', block1.hash],
    ['0x6ea186fe714b8168ede3b78461db8945c06d867da649852352dbe7cbf1ba3724', block2.hash],
    // Transactions in a block.
    ['0x0cfd49c48306f9027dc71585589b6456bcc53567c359fb7858eabca482186b78', gasOut],
    ['0xc97cc05c790a844f05f582d80952c4ced3894cbe6d96a74f3e5589d741372dd4', gasOut],
    // The test cases' GAS (a Neo 3 preview's hash) is the local chain's GAS.
    ['0x8c23f196d8a1bfd103a9dcb1f9ccf0c611377d3b', GAS_HASH],
    // Accounts: with transfers both ways to other accounts (getnep17transfers) and balances (getnep17balances), one
    // with a mint and a burn (null transferaddress), one holding NEO (getunclaimedgas), any valid address.
    ['NVVwFw6XyhtRCFQ8SpUTMdPyYt4Vd9A1XQ', dave.address],
    ['Ncb7jVsYWBt1q5T5k3ZTP8bn5eK4DuanLd', carol.address],
    ['NPvKVTGZapmFWABLsyvfreuqn73jCjJtN1', alice.address],
    ['NZs2zXSPuuv9ZF6TDGSWT1RBmE8rfGj7UW', bob.address],
    // invokefunction's Hash160 argument: an account as the hex of its script hash, no 0x, as in the test case.
    ['91b83e96f2a7c4fdf0c1688441ec61986c7cae26', scriptHashHex(alice)],
    // getstorage's key: the token contract's account prefix (20) then the account's script hash, given in hex by the
    // test case (a Neo 3 preview); a node now takes the key as base64.
    ['146925aa554712439a9c613ba114efa3fac23ddbca', Buffer.concat([Buffer.from([20]), scriptHashToBytes(alice.scriptHash)]).toString('base64')],
    // invokescript: name, symbol, decimals and totalSupply of a preview token, called without call flags (a Neo 3
    // preview's System.Contract.Call): rebuilt as a script of today with the local GAS's NEP-17 read methods
    // (NEP-17 has no name).
    [
      'EMMMBG5hbWUMFDt9NxHG8Mz5sdypA9G/odiW8SOMQWJ9W1IQwwwGc3ltYm9sDBQ7fTcRxvDM+bHcqQPRv6HYlvEjjEFifVtSEMMMCGRlY2ltYWxzDBQ7fTcRxvDM+bHcqQPRv6HYlvEjjEFifVtSEMMMC3RvdGFsU3VwcGx5DBQ7fTcRxvDM+bHcqQPRv6HYlvEjjEFifVtS',
      base64(sc.createScript(call(GAS_HASH, 'symbol'), call(GAS_HASH, 'decimals'), call(GAS_HASH, 'totalSupply'))),
    ],
    // invokescript: GAS decimals with a preview's GAS hash: the same bytes with the local GAS hash.
    ['EMAfDAhkZWNpbWFscwwU++3+LtIiZZK2SMTal7nJzV3BpqZBYn1bUg==', replaceScriptHash('EMAfDAhkZWNpbWFscwwU++3+LtIiZZK2SMTal7nJzV3BpqZBYn1bUg==', '0xa6a6c15dcdc9b997dac448b6926522d22efeedfb', GAS_HASH)],
  ];
  for (const [fixture, local] of entries) LOCAL_STRINGS.set(fixture, local);
  expect(scriptHashToAddress(alice.scriptHash)).toBe(alice.address);
});

afterAll(() => served?.close());

/** A script with one contract hash (its 20 bytes as pushed) replaced by another. */
function replaceScriptHash(script: string, from: string, to: string): string {
  const bytes = Buffer.from(script, 'base64');
  const at = bytes.indexOf(scriptHashToBytes(from));
  if (at < 0) throw new Error(`${from} is not in the script`);
  scriptHashToBytes(to).copy(bytes, at);
  return bytes.toString('base64');
}

// ---- the cases ----

const summary = (params: unknown[]) => {
  const text = JSON.stringify(params);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const title = (c: FixtureCase, i: number) => `#${i + 1} ${c.Name}: ${c.Request.method} ${summary(c.Request.params)}`;

/** The EMPTY_ON_THE_LOCAL_CHAIN places some case needed: one no case needs any more must go. */
const allowancesUsed = new Set<string>();

/** Empty arrays not allowed by EMPTY_ON_THE_LOCAL_CHAIN, as failures. */
function unexplainedEmpty(report: ShapeReport): string[] {
  return report.unchecked.filter((note) => {
    const place = note.slice(0, note.indexOf(':'));
    if (!(place in EMPTY_ON_THE_LOCAL_CHAIN)) return true;
    allowancesUsed.add(place);
    return false;
  });
}

function expectNodeShape(answer: unknown, expected: unknown): void {
  const report = compareShape(answer, expected, CATALOG);
  expect({ mismatches: report.mismatches, unexplainedEmptyArrays: unexplainedEmpty(report) }).toEqual({ mismatches: [], unexplainedEmptyArrays: [] });
}

/** The adapted request over HTTP (POST /_neosl/rpc); the whole response against the node's, envelope included. */
async function checkServedCase(c: FixtureCase): Promise<void> {
  const answer = await post(await adapt(c));
  const expected = nodeResponse(c);
  if (expected.error) {
    expect(Object.keys(answer)).toEqual(Object.keys(expected));
    expect(answer.error?.code, JSON.stringify(answer)).toBe(expected.error.code);
    return;
  }
  expect(answer.error, `${c.Request.method} answered an error`).toBeUndefined();
  expectNodeShape(answer, expected);
}

/** The adapted request as a dApp sends it with neon-js (RPCClient over HTTP); the result against the node's. */
async function checkWithNeonJs(c: FixtureCase): Promise<void> {
  const { method, params } = await adapt(c);
  const result = await served.client.execute(new rpc.Query({ method, params }));
  expectNodeShape(result, nodeResponse(c).result);
}

/** Cases also sent with neon-js's RPCClient (the first case of each name). */
const NEON_JS_CASES = [
  'getblockasync',
  'getrawtransactionasync',
  'getcontractstateasync',
  'getnativecontractsasync',
  'invokefunctionasync',
  'getnep17balancesasync',
  'getnep17transfersasync_with_null_transferaddress',
  'getunclaimedgasasync',
  'getstorageasync',
];

describe('RpcClient test cases against the local chain', () => {
  CASES.forEach((c, i) => {
    const notServed = NOT_SERVED[c.Request.method];
    if (notServed !== undefined) {
      it(`${title(c, i)}: not served (-32601)`, async () => {
        const answer = await post(await adapt(c));
        expect(answer.error?.code, JSON.stringify(answer)).toBe(-32601);
      });
      return;
    }
    const failure = EXPECTED_FAILURES[c.Name];
    if (failure !== undefined) it.fails(`${title(c, i)} — fails today: ${failure}`, () => checkServedCase(c));
    else it(title(c, i), () => checkServedCase(c));
  });

  it('the tables name only cases of the fixture, and every allowed empty array was needed by some case', () => {
    const methods = new Set(CASES.map((c) => c.Request.method));
    const names = new Set(CASES.map((c) => c.Name));
    for (const method of Object.keys(NOT_SERVED)) expect(methods, `NOT_SERVED lists ${method}, which no case calls`).toContain(method);
    for (const name of [...Object.keys(EXPECTED_FAILURES), ...NEON_JS_CASES]) expect(names, `${name} is not a case of the fixture`).toContain(name);
    for (const name of Object.keys(EXPECTED_FAILURES)) expect(NEON_JS_CASES, `${name} fails today`).not.toContain(name);
    expect([...allowancesUsed].sort(), 'EMPTY_ON_THE_LOCAL_CHAIN entries no case needs').toEqual(Object.keys(EMPTY_ON_THE_LOCAL_CHAIN).sort());
  });
});

describe('the same requests with neon-js RPCClient', () => {
  for (const name of NEON_JS_CASES) {
    const i = CASES.findIndex((c) => c.Name === name);
    it(title(CASES[i]!, i), () => checkWithNeonJs(CASES[i]!));
  }
});

describe('the shape comparison', () => {
  const block = () => structuredClone(CASES.find((c) => c.Name === 'getblockasync')!.Response.result) as Json;
  const transfers = () => structuredClone(CASES.find((c) => c.Name === 'getnep17transfersasync_with_null_transferaddress')!.Response.result) as Json;
  const mismatches = (actual: unknown, expected: unknown) => compareShape(actual, expected, CATALOG).mismatches;

  it('finds nothing between the node\'s answer and itself, nor where only values differ', () => {
    expect(compareShape(block(), block(), CATALOG)).toEqual({ mismatches: [], unchecked: [] });
    expect(mismatches({ ...block(), index: 12345, hash: '0x00' }, block())).toEqual([]);
  });

  it('finds another key order, a missing or extra key, and another JSON type, with their path', () => {
    const { hash, size, ...rest } = block();
    expect(mismatches({ size, hash, ...rest }, block())).toEqual([expect.stringMatching(/^\(top\): keys \[size, hash, .*\(another order\)$/)]);
    const tx = block();
    delete tx.tx[0].sysfee;
    tx.tx[0].extra = 1;
    expect(mismatches(tx, block())).toEqual([expect.stringMatching(/^tx\[0\]: keys .*\(missing \[sysfee\], extra \[extra\]\)$/)]);
    expect(mismatches({ ...block(), time: String(block().time) }, block())).toEqual(['time: the fixture has a JSON number, ours a JSON string']);
  });

  it('takes either form of a nullable field the fixture shows, and compares a stack item with one of its own type', () => {
    // The fixture's sent list has a transfer with an address and one with null; its received list, one with null only.
    const answer = transfers();
    answer.sent = [answer.sent[1], answer.sent[0]];
    expect(mismatches(answer, transfers())).toEqual([]);
    answer.received[0].transferaddress = 'NZs2zXSPuuv9ZF6TDGSWT1RBmE8rfGj7UW';
    expect(mismatches(answer, transfers())).toEqual(['received[0].transferaddress: the fixture has null, ours a JSON string']);
    answer.sent[0].transferaddress = 7;
    expect(mismatches(answer, transfers())).toContain('sent[0].transferaddress: the fixture has null, ours a JSON number');
    const item = { type: 'Integer', value: '1' };
    expect(mismatches([{ type: 'ByteString', value: 'AA==' }], [item])).toEqual([]);
    expect(mismatches([{ type: 'Integer', value: 1 }], [item])).toEqual(['[0].value: the fixture has a JSON string, ours a JSON number']);
    expect(mismatches([{ type: 'Boolean', value: true }], [item])).toEqual([expect.stringMatching(/a Boolean stack item, a type no fixture shows/)]);
  });

  it('reports an array empty on one side only when no element of it was compared anywhere', () => {
    expect(compareShape({ list: [] }, { list: [1] }).unchecked).toEqual(['list[]: ours is empty, the fixture has 1 element(s)']);
    expect(compareShape([{ list: [] }, { list: [2] }], [{ list: [1] }]).unchecked).toEqual([]);
  });
});
