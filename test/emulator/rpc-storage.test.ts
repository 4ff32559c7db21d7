// getstorage and findstorage at /_neosl/rpc: the native contracts' storage as a Neo node holds it, derived from the
// local chain's state. Account records decode (NeoVM BinarySerializer) to the balances getnep17balances reports and
// follow transfers (NeoToken's balanceHeight included); findstorage lists in key order and pages 50 at a time; the
// other records agree with what the other methods answer; errors carry the node's codes.
//
// Fixtures (test/fixtures/neo-rpc/<method>.json):
// - getstorage.json: the result of neo-project/neo tests/Neo.RpcClient.Tests/RpcTestCases.json "getstorageasync"
//   (key 14 + an account, i.e. a token's account record). That preview-era test case has the value in hex; nodes
//   since send base64 (RpcServer.GetStorage: Convert.ToBase64String), so its bytes are read from hex here.
// - findstorage.json: RpcTestCases.json has no findstorage case; this is the example answer of the findstorage
//   page of the Neo N3 RPC reference (neo-project docs), trimmed to its first three results.
import { readFileSync } from 'node:fs';
import { sc, u, wallet } from '@cityofzion/neon-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain, type LocalChain } from '../../src/backends/chain/index.js';
import { deserializeStackItem } from '../../src/backends/chain/binary-serializer.js';
import { bytesToBigInt } from '../../src/backends/chain/script-builder.js';
import { createRpcDispatcher, dispatchRpc, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import type { StackItem } from '../../src/sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';
import { startNeonRpcServer, type NeonRpcServer } from '../helpers/neon-rpc-server.js';

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../fixtures/neo-rpc/${name}.json`, import.meta.url), 'utf8'));

type Answer = Extract<JsonRpcResponse, { result: unknown }> & Extract<JsonRpcResponse, { error: unknown }>;
type Dispatch = ReturnType<typeof createRpcDispatcher>;

function rpcOf(dispatch: Dispatch) {
  return {
    async result(method: string, params: unknown[] = []): Promise<any> {
      const answer = (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as Partial<Answer>;
      expect(answer.error, `${method} ${JSON.stringify(params)} answered an error`).toBeUndefined();
      return answer.result;
    },
    async error(method: string, params: unknown[] = []): Promise<{ code: number; message: string; data?: string }> {
      const answer = (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as Partial<Answer>;
      expect(answer, `${method} ${JSON.stringify(params)} answered a result`).toHaveProperty('error');
      return answer.error!;
    },
  };
}

/** A token known only by its seeded balances. */
const TOKEN = '0x' + '5e'.repeat(20);

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const hexOf = (base64: string) => Buffer.from(base64, 'base64').toString('hex');
/** The script hash as Neo stores it (little-endian), with neon-js. */
const storedHash = (address: string) => u.reverseHex(wallet.getScriptHashFromAddress(address));
/** A token's account record key: 0x14 ‖ the account's script hash as stored. */
const accountKey = (address: string) => b64('14' + storedHash(address));
const decode = (base64: string): StackItem => deserializeStackItem(Buffer.from(base64, 'base64'));
const fields = (item: StackItem): StackItem[] => {
  if (item.type !== 'Struct' && item.type !== 'Array') throw new Error(`expected a Struct or an Array, got ${item.type}`);
  return item.value;
};
const integer = (item: StackItem | undefined): bigint => {
  if (item?.type !== 'Integer') throw new Error(`expected an Integer, got ${JSON.stringify(item)}`);
  return BigInt(item.value);
};
const bytesOf = (item: StackItem | undefined): Buffer => {
  if (item?.type !== 'ByteString') throw new Error(`expected a ByteString, got ${JSON.stringify(item)}`);
  return Buffer.from(item.value, 'base64');
};
/** An integer StorageItem's value (two's complement little-endian; no bytes for 0). */
const storedInteger = (base64: string) => bytesToBigInt(Buffer.from(base64, 'base64'));

describe('token account records follow the balances', () => {
  let clock = 1_700_000_000_000;
  const chain = createLocalChain({ accounts: 3, now: () => (clock += 15_000) });
  const rpc = rpcOf(createRpcDispatcher(chain.blockchain, chain));
  const [acc0, acc1, acc2] = chain.accounts as [string, string, string];

  const balanceOf = async (address: string, asset: string) =>
    ((await rpc.result('getnep17balances', [address])).balance as { assethash: string; amount: string; lastupdatedblock: number }[]).find((b) => b.assethash === asset);

  /** Each account's GAS record is AccountState [balance]; its NEO record NeoAccountState [balance, balanceHeight, voteTo, lastGasPerVote]. */
  async function expectRecordsMatchBalances(address: string) {
    const gas = (await balanceOf(address, GAS_HASH))!;
    const gasRecord = fields(decode(await rpc.result('getstorage', [GAS_HASH, accountKey(address)])));
    expect(gasRecord).toHaveLength(1);
    expect(integer(gasRecord[0])).toBe(BigInt(gas.amount));
    const neo = (await balanceOf(address, NEO_HASH))!;
    const neoRecord = decode(await rpc.result('getstorage', [NEO_HASH, accountKey(address)]));
    expect(neoRecord.type).toBe('Struct');
    const [balance, balanceHeight, voteTo, lastGasPerVote] = fields(neoRecord);
    expect(integer(balance)).toBe(BigInt(neo.amount));
    expect(integer(balanceHeight)).toBe(BigInt(neo.lastupdatedblock));
    expect(voteTo).toEqual({ type: 'Any' });
    expect(integer(lastGasPerVote)).toBe(0n);
    return { gas: BigInt(gas.amount), neo: BigInt(neo.amount), balanceHeight: Number(integer(balanceHeight)) };
  }

  it('at genesis: each seeded account\'s GAS and NEO records decode to its balances, NEO\'s balanceHeight 0', async () => {
    for (const address of [acc0, acc1, acc2]) {
      expect(await expectRecordsMatchBalances(address)).toEqual({ gas: 100_000_000_000n, neo: 100n, balanceHeight: 0 });
    }
    // The bytes themselves: Struct(4) [Integer 100, Integer 0 (no bytes), Null, Integer 0].
    expect(hexOf(await rpc.result('getstorage', [NEO_HASH, accountKey(acc0)]))).toBe('41042101642100002100');
    // Struct(1) [Integer 100000000000 = 0x174876e800, little-endian].
    expect(hexOf(await rpc.result('getstorage', [GAS_HASH, accountKey(acc0)]))).toBe('4101210500e8764817');
  });

  it('after transfers: the records change with the balances; NEO\'s balanceHeight is the block the NEO balance last changed in', async () => {
    await chain.blockchain.transfer({ from: acc0, to: acc1, amount: 3, asset: 'NEO' });
    await chain.blockchain.transfer({ from: acc1, to: acc2, amount: 250_000_000, asset: 'GAS' });
    expect((await chain.mineBlock()).index).toBe(1);
    await chain.mineBlock();
    await chain.blockchain.transfer({ from: acc0, to: acc2, amount: 1, asset: 'GAS' });
    expect((await chain.mineBlock()).index).toBe(3);

    const first = await expectRecordsMatchBalances(acc0);
    expect(first).toMatchObject({ neo: 97n, balanceHeight: 1 });
    expect(await expectRecordsMatchBalances(acc1)).toMatchObject({ neo: 103n, balanceHeight: 1 });
    // acc2 only received GAS: its NEO record still has its genesis height.
    expect(await expectRecordsMatchBalances(acc2)).toMatchObject({ gas: 100_250_000_001n, neo: 100n, balanceHeight: 0 });

    // An account whose whole NEO balance leaves has no NEO record any more (FungibleToken deletes it at zero).
    await chain.blockchain.transfer({ from: acc2, to: acc0, amount: 100, asset: 'NEO' });
    await chain.mineBlock();
    expect(await balanceOf(acc2, NEO_HASH)).toBeUndefined();
    expect((await rpc.error('getstorage', [NEO_HASH, accountKey(acc2)])).code).toBe(-104);
    expect(await expectRecordsMatchBalances(acc0)).toMatchObject({ neo: 197n, balanceHeight: 4 });
  });

  it('totalSupply (prefix 0b) of each token is what its totalSupply method answers: the sum of its account records', async () => {
    for (const asset of [NEO_HASH, GAS_HASH]) {
      const invoked = await rpc.result('invokefunction', [asset, 'totalSupply']);
      expect(storedInteger(await rpc.result('getstorage', [asset, 'Cw==']))).toBe(BigInt(invoked.stack[0].value));
    }
    for (const asset of [NEO_HASH, GAS_HASH]) {
      const accounts = await rpc.result('findstorage', [asset, 'FA==']);
      const sum = accounts.results.reduce((total: bigint, entry: { value: string }) => total + integer(fields(decode(entry.value))[0]), 0n);
      expect(storedInteger(await rpc.result('getstorage', [asset, 'Cw==']))).toBe(sum);
    }
    expect(storedInteger(await rpc.result('getstorage', [NEO_HASH, 'Cw==']))).toBe(300n);
  });
});

describe('findstorage: every account in key order, paged as a node pages', () => {
  const chain = createLocalChain({ accounts: 60, now: (() => { let t = 1_700_000_000_000; return () => (t += 15_000); })() });
  const rpc = rpcOf(createRpcDispatcher(chain.blockchain, chain));
  let holders: string[];

  beforeAll(async () => {
    // Block 1 pays the committee reward to the validator's own account: 61 GAS holders, 60 NEO holders.
    await chain.mineBlock();
    const validator = wallet.getAddressFromScriptHash(wallet.getScriptHashFromPublicKey(chain.validatorPublicKey));
    holders = [...chain.accounts, validator];
  });

  it('GAS accounts (prefix 14): 50 a page, `next` continuing where the page ended, keys in byte order, each record the holder\'s balance', async () => {
    const first = await rpc.result('findstorage', [GAS_HASH, 'FA==']);
    expect(first.truncated).toBe(true);
    expect(first.next).toBe(50);
    expect(first.results).toHaveLength(50);
    const second = await rpc.result('findstorage', [GAS_HASH, 'FA==', first.next]);
    expect(second).toMatchObject({ truncated: false, next: 61 });
    expect(second.results).toHaveLength(11);
    // The start as a decimal string, as a node's int.TryParse reads it, too.
    expect(await rpc.result('findstorage', [GAS_HASH, 'FA==', '50'])).toEqual(second);

    const all: { key: string; value: string }[] = [...first.results, ...second.results];
    const keys = all.map((entry) => Buffer.from(entry.key, 'base64'));
    for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1]!, keys[i]!), `key ${i} after key ${i - 1}`).toBe(-1);
    expect(all.map((entry) => entry.key).sort()).toEqual(holders.map(accountKey).sort());
    for (const address of holders) {
      const entry = all.find((e) => e.key === accountKey(address))!;
      const gas = (await rpc.result('getnep17balances', [address])).balance.find((b: { assethash: string }) => b.assethash === GAS_HASH);
      expect(integer(fields(decode(entry.value))[0]), address).toBe(BigInt(gas.amount));
      expect(await rpc.result('getstorage', [GAS_HASH, entry.key])).toBe(entry.value);
    }
  });

  it('past the end: no results, `next` the start, not truncated; an empty prefix lists every item, totalSupply (0b) before the accounts (14)', async () => {
    expect(await rpc.result('findstorage', [GAS_HASH, 'FA==', 61])).toEqual({ truncated: false, next: 61, results: [] });
    expect(await rpc.result('findstorage', [GAS_HASH, 'FA==', 1000])).toEqual({ truncated: false, next: 1000, results: [] });
    const everything = await rpc.result('findstorage', [GAS_HASH, '']);
    expect(everything.results[0].key).toBe('Cw==');
    expect(everything.results.slice(1, 50)).toEqual((await rpc.result('findstorage', [GAS_HASH, 'FA=='])).results.slice(0, 49));
    // NEO: the 60 seeded accounts only (the validator holds no NEO).
    const neo = await rpc.result('findstorage', [NEO_HASH, 'FA==', 50]);
    expect(neo).toMatchObject({ truncated: false, next: 60 });
    expect(neo.results).toHaveLength(10);
  });
});

describe('the other native records agree with the other methods', () => {
  let clock = 1_700_000_000_000;
  const chain = createLocalChain({ accounts: 2, now: () => (clock += 15_000) });
  const rpc = rpcOf(createRpcDispatcher(chain.blockchain, chain));
  let txid: string;

  beforeAll(async () => {
    txid = (await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 5, asset: 'NEO' })).hash;
    await chain.mineBlock();
    await chain.mineBlock();
  });

  it('LedgerContract (-4): the tip (0c), block hashes by index (09), blocks (05) and transactions (0b) in their wire forms', async () => {
    const height = (await rpc.result('getblockcount')) - 1;
    expect(height).toBe(2);
    const [tipHash, tipIndex] = fields(decode(await rpc.result('getstorage', [-4, 'DA=='])));
    expect('0x' + u.reverseHex(bytesOf(tipHash).toString('hex'))).toBe(await rpc.result('getbestblockhash'));
    expect(integer(tipIndex)).toBe(BigInt(height));

    const hashes = await rpc.result('findstorage', [-4, 'CQ==']);
    expect(hashes.results.map((e: { key: string }) => hexOf(e.key))).toEqual(['0900000000', '0900000001', '0900000002']);
    for (const [index, entry] of hashes.results.entries()) {
      expect('0x' + u.reverseHex(hexOf(entry.value))).toBe(await rpc.result('getblockhash', [index]));
    }

    const block = await rpc.result('getblock', [1, true]);
    const trimmed = Buffer.from(await rpc.result('getstorage', [-4, b64('05' + u.reverseHex(block.hash.slice(2)))]), 'base64');
    const header = Buffer.from(await rpc.result('getblockheader', [1]), 'base64');
    // TrimmedBlock: the header, then the transaction hashes (a var-int count, then each as stored).
    expect(trimmed.subarray(0, header.length).equals(header)).toBe(true);
    expect(trimmed.subarray(header.length).toString('hex')).toBe('01' + u.reverseHex(txid.slice(2)));

    // TransactionState: Struct [block index, the transaction's wire form, VMState HALT (1)].
    const [blockIndex, raw, vmstate] = fields(decode(await rpc.result('getstorage', [-4, b64('0b' + u.reverseHex(txid.slice(2)))])));
    expect(integer(blockIndex)).toBe(1n);
    expect(bytesOf(raw).toString('base64')).toBe(await rpc.result('getrawtransaction', [txid]));
    expect(integer(vmstate)).toBe(1n);
  });

  it('NeoToken (-5): GasPerBlock, RegisterPrice and the committee as the token\'s methods and getcommittee answer them', async () => {
    const invoked = async (operation: string) => BigInt((await rpc.result('invokefunction', [NEO_HASH, operation])).stack[0].value);
    expect(storedInteger(await rpc.result('getstorage', [-5, b64('1d00000000')]))).toBe(await invoked('getGasPerBlock'));
    expect(storedInteger(await rpc.result('getstorage', [-5, 'DQ==']))).toBe(await invoked('getRegisterPrice'));
    const committee = decode(await rpc.result('getstorage', [-5, 'Dg==']));
    expect(committee.type).toBe('Array');
    const members = fields(committee).map((member) => {
      const [publicKey, votes] = fields(member);
      return [bytesOf(publicKey).toString('hex'), integer(votes)];
    });
    expect(members).toEqual([[(await rpc.result('getcommittee'))[0], 0n]]);
    // No votes were cast: VotersCount is 0, stored as no bytes.
    expect(await rpc.result('getstorage', [-5, 'AQ=='])).toBe('');
  });

  it('ContractManagement (-1): NeoToken\'s ContractState reads back (neon-js for its NEF) as getcontractstate answers it; ids map to the natives\' hashes', async () => {
    const state = await rpc.result('getcontractstate', [NEO_HASH]);
    const [id, updateCounter, hash, nef, manifest] = fields(decode(await rpc.result('getstorage', ['ContractManagement', b64('08' + u.reverseHex(NEO_HASH.slice(2)))])));
    expect(integer(id)).toBe(BigInt(state.id));
    expect(integer(updateCounter)).toBe(BigInt(state.updatecounter));
    expect('0x' + u.reverseHex(bytesOf(hash).toString('hex'))).toBe(state.hash);
    const read = sc.NEF.fromBuffer(bytesOf(nef)).toJson();
    expect({ ...read, script: Buffer.from(read.script, 'hex').toString('base64') }).toEqual(state.nef);
    const [name, groups, features, standards, abi, permissions, trusts, extra] = fields(manifest);
    expect(bytesOf(name).toString()).toBe(state.manifest.name);
    expect(groups).toEqual({ type: 'Array', value: [] });
    expect(features).toEqual({ type: 'Map', value: [] });
    expect(fields(standards).map((s) => bytesOf(s).toString())).toEqual(state.manifest.supportedstandards);
    const [methods, events] = fields(abi);
    const TYPE_BYTES: Record<string, bigint> = { Any: 0n, Boolean: 0x10n, Integer: 0x11n, Hash160: 0x14n, PublicKey: 0x16n, Array: 0x20n, String: 0x13n, Void: 0xffn, InteropInterface: 0x30n };
    expect(
      fields(methods).map((method) => {
        const [methodName, parameters, returnType, offset, safe] = fields(method);
        return {
          name: bytesOf(methodName).toString(),
          parameters: fields(parameters!).map((p) => ({ name: bytesOf(fields(p)[0]).toString(), type: integer(fields(p)[1]) })),
          returntype: integer(returnType),
          offset: Number(integer(offset)),
          safe: (safe as { value: boolean }).value,
        };
      }),
    ).toEqual(
      state.manifest.abi.methods.map((m: any) => ({
        name: m.name,
        parameters: m.parameters.map((p: any) => ({ name: p.name, type: TYPE_BYTES[p.type] })),
        returntype: TYPE_BYTES[m.returntype],
        offset: m.offset,
        safe: m.safe,
      })),
    );
    expect(fields(events).map((e) => bytesOf(fields(e)[0]).toString())).toEqual(state.manifest.abi.events.map((e: any) => e.name));
    // permissions [{ contract: "*", methods: "*" }]: both wildcards are Null; trusts [] an empty Array; extra null the text "null".
    expect(permissions).toEqual({ type: 'Array', value: [{ type: 'Struct', value: [{ type: 'Any' }, { type: 'Any' }] }] });
    expect(trusts).toEqual({ type: 'Array', value: [] });
    expect(bytesOf(extra).toString()).toBe('null');

    // 0c + id (int32 big-endian) → hash, as the node's native contract table (the findstorage reference page) lists them.
    const ids = await rpc.result('findstorage', [-1, 'DA==']);
    const byId = Object.fromEntries(ids.results.map((e: { key: string; value: string }) => [Buffer.from(e.key, 'base64').readInt32BE(1), '0x' + u.reverseHex(hexOf(e.value))]));
    expect(byId).toEqual({
      [-1]: '0xfffdc93764dbaddd97c48f252a53ea4643faa3fd',
      [-2]: '0xacce6fd80d44e1796aa0c2c625e9e4e0ce39efc0',
      [-3]: '0x726cb6e0cd8628a1350a611384688911ab75f51b',
      [-4]: '0xda65b600f7124ce6c79950c1772a36403104f2be',
      [-5]: '0xef4073a0f2b305a38ec4050e4d3d28bc40ea63f5',
      [-6]: '0xd2a4cff31913016155e38e474a2c06d08be276cf',
      [-7]: '0xcc5e4edd9f5f8dba8bb65734541df7a1c081c67b',
      [-8]: '0x49cf4e5378ffcd4dec034fd98a174c5491e395e2',
      [-9]: '0xfe924b7cfe89ddd271abaf7210a80a7e11178758',
    });
    // In byte order the ids run -9 … -1 (0xfffffff7 … 0xffffffff).
    expect(ids.results.map((e: { key: string }) => Buffer.from(e.key, 'base64').readInt32BE(1))).toEqual([-9, -8, -7, -6, -5, -4, -3, -2, -1]);
    // 08 + hash → a ContractState for each of the nine, its id the one getcontractstate answers.
    const states = await rpc.result('findstorage', [-1, 'CA==']);
    const stateIds = states.results.map((e: { value: string }) => Number(integer(fields(decode(e.value))[0])));
    expect([...stateIds].sort((a: number, b: number) => a - b)).toEqual([-9, -8, -7, -6, -5, -4, -3, -2, -1]);
    for (const e of states.results) {
      expect('0x' + u.reverseHex(Buffer.from(e.key, 'base64').subarray(1).toString('hex'))).toBe(byId[Number(integer(fields(decode(e.value))[0]))]);
    }
    // NextAvailableId 1 (nothing deployed) and MinimumDeploymentFee 10 GAS.
    expect(storedInteger(await rpc.result('getstorage', [-1, 'Dw==']))).toBe(1n);
    expect(storedInteger(await rpc.result('getstorage', [-1, 'FA==']))).toBe(10_00000000n);
  });

  it('PolicyContract (-7) and OracleContract (-9): their genesis settings; StdLib (-2) holds nothing', async () => {
    const policy = await rpc.result('findstorage', ['PolicyContract', '']);
    expect(policy.results.map((e: { key: string; value: string }) => [hexOf(e.key), storedInteger(e.value)])).toEqual([
      ['0a', 1000n], // FeePerByte
      ['12', 30n], // ExecFeeFactor
      ['13', 100000n], // StoragePrice
    ]);
    const oracle = await rpc.result('findstorage', [-9, '']);
    expect(oracle.results.map((e: { key: string; value: string }) => [hexOf(e.key), storedInteger(e.value)])).toEqual([
      ['05', 50000000n], // Price
      ['09', 0n], // RequestId
    ]);
    expect(await rpc.result('findstorage', [-2, ''])).toEqual({ truncated: false, next: 0, results: [] });
  });
});

describe('shapes and contract forms', () => {
  const chain = createLocalChain({ accounts: 2 });
  const rpc = rpcOf(createRpcDispatcher(chain.blockchain, chain));
  const key = accountKey(chain.accounts[0]!);

  it('findstorage: { truncated, next, results: [{ key, value }] } in the node\'s key order and types', async () => {
    const expected = fixture('findstorage');
    const found = await rpc.result('findstorage', [GAS_HASH, '']);
    expect(Object.keys(found)).toEqual(Object.keys(expected));
    for (const name of Object.keys(expected)) expect(typeof found[name], name).toBe(typeof expected[name]);
    expect(found.results.length).toBeGreaterThan(0);
    for (const entry of found.results) {
      expect(Object.keys(entry)).toEqual(Object.keys(expected.results[0]));
      for (const text of [entry.key, entry.value]) expect(Buffer.from(text, 'base64').toString('base64')).toBe(text);
    }
  });

  it('getstorage: the value as one string; a token account record has the shape of the fixture\'s (Struct [Integer balance])', async () => {
    const expected: string = fixture('getstorage');
    const value = await rpc.result('getstorage', [GAS_HASH, key]);
    expect(typeof value).toBe(typeof expected);
    const shape = (item: StackItem): unknown => (item.type === 'Struct' || item.type === 'Array' ? { [item.type]: item.value.map(shape) } : item.type);
    expect(shape(decode(value))).toEqual(shape(deserializeStackItem(Buffer.from(expected, 'hex'))));
    expect(shape(decode(value))).toEqual({ Struct: ['Integer'] });
  });

  it('the contract as a hash (0x optional, any case), an id (number or string) or a native name (any case) reads the same item', async () => {
    const value = await rpc.result('getstorage', [GAS_HASH, key]);
    for (const contract of [GAS_HASH.slice(2), GAS_HASH.toUpperCase().replace('0X', '0x'), -6, '-6', 'GasToken', 'gastoken']) {
      expect(await rpc.result('getstorage', [contract, key]), String(contract)).toBe(value);
    }
    expect(await rpc.result('findstorage', ['neotoken', 'FA=='])).toEqual(await rpc.result('findstorage', [-5, 'FA==']));
  });

  it('over HTTP, neon-js\' getStorage and findStorage (hex keys) read the same answers', async () => {
    const served: NeonRpcServer = await startNeonRpcServer(chain.blockchain, chain);
    try {
      const hexKey = '14' + storedHash(chain.accounts[0]!);
      expect(await served.client.getStorage(GAS_HASH, hexKey)).toBe(await rpc.result('getstorage', [GAS_HASH, key]));
      expect(await served.client.findStorage(NEO_HASH, '14', 1)).toEqual(await rpc.result('findstorage', [NEO_HASH, 'FA==', 1]));
    } finally {
      await served.close();
    }
  });
});

describe('snapshots', () => {
  it('after restore, the records are the restored state\'s', async () => {
    const chain = createLocalChain({ accounts: 2 });
    const rpc = rpcOf(createRpcDispatcher(chain.blockchain, chain));
    const [acc0, acc1] = chain.accounts as [string, string];
    const saved = chain.snapshot();
    const before = await rpc.result('findstorage', [NEO_HASH, 'FA==']);
    await chain.blockchain.transfer({ from: acc0, to: acc1, amount: 100, asset: 'NEO' });
    await chain.mineBlock();
    expect((await rpc.result('findstorage', [NEO_HASH, 'FA=='])).results).toHaveLength(1);
    chain.restore(saved);
    expect(await rpc.result('findstorage', [NEO_HASH, 'FA=='])).toEqual(before);
    expect(before.results).toHaveLength(2);
    expect(fields(decode(await rpc.result('getstorage', [-4, 'DA=='])))[1]).toEqual({ type: 'Integer', value: '0' });
  });
});

describe('errors', () => {
  const chain = createLocalChain({ accounts: 2 });
  chain.setBalance(chain.accounts[0]!, TOKEN, 1000);
  const rpc = rpcOf(createRpcDispatcher(chain.blockchain, chain));
  const unfunded = wallet.getAddressFromScriptHash('1'.repeat(40));

  it('a hash with no contract: -102 Unknown contract, as a node; for a token known only by its seeded balances, saying the local chain does not model its storage', async () => {
    for (const method of ['getstorage', 'findstorage']) {
      expect(await rpc.error(method, ['0x' + 'ab'.repeat(20), 'FA=='])).toEqual({ code: -102, message: 'Unknown contract' });
      const token = await rpc.error(method, [TOKEN, 'FA==']);
      expect(token.code).toBe(-102);
      expect(token.message).toBe(
        `Unknown contract - ${TOKEN} is not deployed on the local chain, which holds storage for the native contracts only; it knows this token only by its seeded balances, and does not model its storage`,
      );
    }
    // The token is still a token: its balance is served.
    expect((await rpc.result('getnep17balances', [chain.accounts[0]])).balance.some((b: { assethash: string }) => b.assethash === TOKEN)).toBe(true);
  });

  it('a key with no item: -104 Unknown storage item, naming the key and the contract; an id without a contract holds nothing (findstorage: no results)', async () => {
    const missing = await rpc.error('getstorage', [GAS_HASH, accountKey(unfunded)]);
    expect(missing).toMatchObject({ code: -104 });
    expect(missing.message).toBe(
      `Unknown storage item - no item at key 0x14${storedHash(unfunded)} in the storage of GasToken (-6, ${GAS_HASH})`,
    );
    expect((await rpc.error('getstorage', [-6, ''])).message).toMatch(/^Unknown storage item - no item at key \(empty\) in the storage of GasToken/);
    const byId = await rpc.error('getstorage', [5, 'Cw==']);
    expect(byId.code).toBe(-104);
    expect(byId.message).toMatch(/the contract with id 5; the local chain deploys no contracts: only the native ones \(ids -1 to -9\) hold storage$/);
    expect(await rpc.result('findstorage', [5, ''])).toEqual({ truncated: false, next: 0, results: [] });
  });

  it('bad params: -32602 naming what was wrong and where', async () => {
    expect((await rpc.error('getstorage', [GAS_HASH, 'not base64!'])).message).toBe(
      'Invalid params - Invalid Base64 string "not base64!": the key (parameter 2) is the storage key in base64 (e.g. "FA==" for the byte 0x14)',
    );
    expect((await rpc.error('findstorage', [GAS_HASH, 'FA='])).message).toMatch(/^Invalid params - Invalid Base64 string "FA=": the prefix \(parameter 2\) is the key prefix in base64/);
    expect((await rpc.error('getstorage', [GAS_HASH, 20])).code).toBe(-32602);
    expect((await rpc.error('getstorage', ['nope', 'Cw=='])).message).toBe(
      'Invalid params - Invalid contract hash "nope": expected a contract hash (0x followed by 40 hex digits (big-endian, as explorers show it), e.g. 0xd2a4cff31913016155e38e474a2c06d08be276cf), a contract id (e.g. -6) or a native contract name (e.g. GasToken)',
    );
    expect((await rpc.error('findstorage', [-6.5, 'Cw=='])).message).toMatch(/^Invalid params - Invalid contract hash -6\.5: expected/);
    for (const start of [-1, 'x', 1.5, true]) {
      expect((await rpc.error('findstorage', [-6, '', start])).message, String(start)).toMatch(/^Invalid params - Invalid start .*: expected an integer from 0/);
    }
    expect((await rpc.error('getstorage', [-6])).message).toMatch(/getstorage takes \[contract, key\]; parameter 2 "key" is missing/);
    expect((await rpc.error('findstorage', [])).message).toMatch(/findstorage takes \[contract, prefix, start\?\]; parameter 1 "contract" is missing/);
  });

  it('when neosl proxies a node (no in-process chain): -32601, saying to ask the node', async () => {
    const proxied = createLocalChain().blockchain;
    for (const [method, params] of [['getstorage', [-6, 'Cw==']], ['findstorage', [-6, '']]] as const) {
      const answer = (await dispatchRpc(proxied, { jsonrpc: '2.0', id: 1, method, params: [...params] })) as Answer;
      expect(answer.error.code).toBe(-32601);
      expect(answer.error.message).toMatch(new RegExp(`^Method not found - "${method}" is not served: neosl proxies a Neo node here`));
    }
  });
});
