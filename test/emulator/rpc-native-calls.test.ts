// The native contracts beyond NEO and GAS through /_neosl/rpc's dispatch: invokefunction and invokescript (scripts
// built with neon-js, as a dApp builds them) answer StdLib, CryptoLib, LedgerContract, PolicyContract,
// ContractManagement, RoleManagement and OracleContract calls with the node's stack items; a contract's exception
// is a FAULT result, not an RPC error; and neon-js's RPCClient reads the results.
import { sc, u } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToScriptHash, createLocalChain, type LocalChain } from '../../src/backends/chain/index.js';
import { CONTRACT_MANAGEMENT_HASH, CRYPTO_LIB_HASH, LEDGER_HASH, ORACLE_HASH, POLICY_HASH, ROLE_MANAGEMENT_HASH, STD_LIB_HASH } from '../../src/backends/chain/native-hashes.js';
import { dispatchRpc, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import { GAS_HASH } from '../../src/sdk/blockchain-types.js';
import { startNeonRpcServer, type NeonRpcServer } from '../helpers/neon-rpc-server.js';

const TIME = 1_700_000_000_000;
const chain: LocalChain = createLocalChain({ now: () => TIME });
const node = chain.blockchain;
const alice = chain.accounts[0]!;
let neon: NeonRpcServer;

beforeAll(async () => {
  await node.transfer({ to: chain.accounts[1]!, amount: 100, asset: 'GAS' });
  await chain.mineBlock();
  neon = await startNeonRpcServer(node, chain);
});

afterAll(async () => {
  await neon.close();
});

type Answer = Extract<JsonRpcResponse, { result: unknown }> & Extract<JsonRpcResponse, { error: unknown }>;

async function result(method: string, params: unknown[]): Promise<any> {
  const answer = (await dispatchRpc(node, { jsonrpc: '2.0', id: 1, method, params }, chain)) as Partial<Answer>;
  expect(answer.error, `${method} answered an error`).toBeUndefined();
  return answer.result;
}

/** invokefunction that must HALT: its one stack item. */
async function item(hash: string, operation: string, params: unknown[] = []): Promise<any> {
  const answer = await result('invokefunction', [hash, operation, params]);
  expect(answer.exception, `${operation} FAULTed`).toBeNull();
  expect(answer.state).toBe('HALT');
  return answer.stack[0];
}

const bytes = (stackItem: any): Buffer => {
  expect(stackItem.type).toBe('ByteString');
  return Buffer.from(stackItem.value, 'base64');
};
const b64 = (data: Uint8Array | string) => Buffer.from(data as Uint8Array).toString('base64');
const reversedHex = (hash: string) => Buffer.from(hash.slice(2), 'hex').reverse();

type ContractCall = Exclude<Parameters<typeof sc.createScript>[number], string>;
const call = (scriptHash: string, operation: string, args: unknown[] = []): ContractCall => ({ scriptHash: scriptHash.slice(2), operation, args }) as ContractCall;

describe('invokefunction of the native contracts beyond NEO and GAS', () => {
  it('StdLib serialize → deserialize round-trips through the RPC', async () => {
    const param = {
      type: 'Array',
      value: [
        { type: 'Integer', value: '-7' },
        { type: 'String', value: 'neo' },
        { type: 'Map', value: [{ key: { type: 'String', value: 'k' }, value: { type: 'Boolean', value: true } }] },
      ],
    };
    const serialized = await item(STD_LIB_HASH, 'serialize', [param]);
    expect(bytes(serialized).toString('hex')).toBe('4003' + '2101f9' + '2803' + Buffer.from('neo').toString('hex') + '4801' + '28016b' + '2001');
    expect(await item(STD_LIB_HASH, 'deserialize', [{ type: 'ByteArray', value: serialized.value }])).toEqual({
      type: 'Array',
      value: [
        { type: 'Integer', value: '-7' },
        { type: 'ByteString', value: b64('neo') },
        { type: 'Map', value: [{ key: { type: 'ByteString', value: b64('k') }, value: { type: 'Boolean', value: true } }] },
      ],
    });
  });

  it('StdLib jsonSerialize of a map, and jsonDeserialize back', async () => {
    const map = {
      type: 'Map',
      value: [
        { key: { type: 'String', value: 'name' }, value: { type: 'String', value: 'neo' } },
        { key: { type: 'String', value: 'supply' }, value: { type: 'Integer', value: '100000000' } },
        { key: { type: 'String', value: 'tags' }, value: { type: 'Array', value: [{ type: 'Boolean', value: false }, { type: 'Any' }] } },
      ],
    };
    const json = await item(STD_LIB_HASH, 'jsonSerialize', [map]);
    expect(bytes(json).toString()).toBe('{"name":"neo","supply":100000000,"tags":[false,null]}');
    expect(await item(STD_LIB_HASH, 'jsonDeserialize', [{ type: 'ByteArray', value: json.value }])).toEqual({
      type: 'Map',
      value: [
        { key: { type: 'ByteString', value: b64('name') }, value: { type: 'ByteString', value: b64('neo') } },
        { key: { type: 'ByteString', value: b64('supply') }, value: { type: 'Integer', value: '100000000' } },
        { key: { type: 'ByteString', value: b64('tags') }, value: { type: 'Array', value: [{ type: 'Boolean', value: false }, { type: 'Any' }] } },
      ],
    });
  });

  it('StdLib base58CheckEncode of an address\'s bytes is the address', async () => {
    const payload = Buffer.concat([Buffer.from([0x35]), reversedHex(addressToScriptHash(alice))]);
    expect(bytes(await item(STD_LIB_HASH, 'base58CheckEncode', [{ type: 'ByteArray', value: b64(payload) }])).toString()).toBe(alice);
  });

  it('CryptoLib sha256 / ripemd160 of known inputs', async () => {
    const abc = [{ type: 'String', value: 'abc' }];
    expect(bytes(await item(CRYPTO_LIB_HASH, 'sha256', abc)).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(bytes(await item(CRYPTO_LIB_HASH, 'ripemd160', abc)).toString('hex')).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
  });

  it('LedgerContract getBlock(0) is the block getblock answers for index 0; currentIndex is the height', async () => {
    const genesis = await result('getblock', [0, true]);
    const block = await item(LEDGER_HASH, 'getBlock', [{ type: 'Integer', value: '0' }]);
    expect(block.type).toBe('Array');
    expect(bytes(block.value[0])).toEqual(reversedHex(genesis.hash));
    expect(block.value[4]).toEqual({ type: 'Integer', value: String(genesis.time) });
    expect(block.value[6]).toEqual({ type: 'Integer', value: '0' });
    expect(bytes(block.value[8])).toEqual(reversedHex(addressToScriptHash(genesis.nextconsensus)));
    expect(block.value[9]).toEqual({ type: 'Integer', value: String(genesis.tx.length) });
    // By hash (a Hash256 parameter) too.
    expect(await item(LEDGER_HASH, 'getBlock', [{ type: 'Hash256', value: genesis.hash }])).toEqual(block);
    expect(await item(LEDGER_HASH, 'currentIndex')).toEqual({ type: 'Integer', value: String((await result('getblockcount', [])) - 1) });
  });

  it('Policy, ContractManagement, RoleManagement and Oracle figures', async () => {
    expect(await item(POLICY_HASH, 'getFeePerByte')).toEqual({ type: 'Integer', value: '1000' });
    expect(await item(POLICY_HASH, 'getExecFeeFactor')).toEqual({ type: 'Integer', value: '30' });
    expect(await item(POLICY_HASH, 'getStoragePrice')).toEqual({ type: 'Integer', value: '100000' });
    expect(await item(CONTRACT_MANAGEMENT_HASH, 'getMinimumDeploymentFee')).toEqual({ type: 'Integer', value: '1000000000' });
    expect(await item(CONTRACT_MANAGEMENT_HASH, 'hasMethod', [
      { type: 'Hash160', value: STD_LIB_HASH },
      { type: 'String', value: 'jsonSerialize' },
      { type: 'Integer', value: '1' },
    ])).toEqual({ type: 'Boolean', value: true });
    expect(await item(ROLE_MANAGEMENT_HASH, 'getDesignatedByRole', [{ type: 'Integer', value: '8' }, { type: 'Integer', value: '1' }])).toEqual({ type: 'Array', value: [] });
    expect(await item(ORACLE_HASH, 'getPrice')).toEqual({ type: 'Integer', value: '50000000' });
  });

  it('a contract\'s exception is a FAULT result in the node\'s words (not an RPC error); nothing changes', async () => {
    const before = chain.snapshot();
    const answer = await result('invokefunction', [STD_LIB_HASH, 'atoi', [{ type: 'String', value: '12x' }]]);
    expect(answer).toMatchObject({ state: 'FAULT', exception: 'The value could not be parsed.', stack: [], notifications: [] });
    expect(BigInt(answer.gasconsumed)).toBeGreaterThan(0n);
    const missing = await result('invokefunction', [CRYPTO_LIB_HASH, 'sha512', [{ type: 'String', value: 'abc' }]]);
    expect(missing.exception).toBe(`Method "sha512" with 1 parameter(s) doesn't exist in the contract ${CRYPTO_LIB_HASH}.`);
    const deploy = await result('invokefunction', [CONTRACT_MANAGEMENT_HASH, 'deploy', [{ type: 'ByteArray', value: 'AA==' }, { type: 'String', value: '{}' }]]);
    expect(deploy.exception).toMatch(/the local chain does not deploy contracts/);
    expect(chain.snapshot()).toEqual(before);
  });
});

describe('invokescript of native calls built with neon-js', () => {
  it('StdLib itoa + CryptoLib sha256 + GAS symbol in one script: the three results in order, GAS summed', async () => {
    const script = Buffer.from(
      sc.createScript(
        call(STD_LIB_HASH, 'itoa', [sc.ContractParam.integer(255), sc.ContractParam.integer(16)]),
        call(CRYPTO_LIB_HASH, 'sha256', [sc.ContractParam.string('abc')]),
        call(GAS_HASH, 'symbol'),
      ),
      'hex',
    ).toString('base64');
    const answer = await result('invokescript', [script]);
    expect(answer).toMatchObject({ state: 'HALT', exception: null, notifications: [] });
    expect(answer.stack).toEqual([
      { type: 'ByteString', value: b64('0ff') },
      { type: 'ByteString', value: Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64') },
      { type: 'ByteString', value: b64('GAS') },
    ]);
    const single = await Promise.all([
      result('invokefunction', [STD_LIB_HASH, 'itoa', [{ type: 'Integer', value: '255' }, { type: 'Integer', value: '16' }]]),
      result('invokefunction', [CRYPTO_LIB_HASH, 'sha256', [{ type: 'String', value: 'abc' }]]),
      result('invokefunction', [GAS_HASH, 'symbol']),
    ]);
    expect(answer.gasconsumed).toBe(single.reduce((sum, r) => sum + BigInt(r.gasconsumed), 0n).toString());
  });

  it('neon-js RPCClient.invokeScript reads a StdLib jsonSerialize result', async () => {
    const map = sc.ContractParam.fromJson({ type: 'Map', value: [{ key: { type: 'String', value: 'a' }, value: { type: 'Integer', value: '1' } }] });
    const script = sc.createScript(call(STD_LIB_HASH, 'jsonSerialize', [map]));
    const answer = await neon.client.invokeScript(u.HexString.fromHex(script));
    expect(answer.state).toBe('HALT');
    expect(Buffer.from(answer.stack[0]!.value as string, 'base64').toString()).toBe('{"a":1}');
  });
});
