// The nine native contracts at /_neosl/rpc: getnativecontracts and getcontractstate against a Neo 3.7 node's answers
// (key order included), every NEF checked (checksum recomputed, one stub per method at its offset), the hardforks
// getversion claims against the manifests, lookups by hash, id and name with the node's errors, the method question
// other code asks (nativeMethod), neon-js reading the states, and -32601 when neosl proxies a node.
//
// Fixtures (test/fixtures/neo-rpc/<method>.json):
// - getnativecontracts: what a Neo 3.7 node with every hardfork up to Domovoi active from genesis answers (every
//   contract created at block 0 with its final manifest, so updatecounter 0). RpcTestCases.json's
//   getnativecontractsasync case predates Neo 3.0 (NameService, NeoToken at -3, one-stub scripts) and cannot serve;
//   the values are neo-go's native states for Aspidochelone…Cockatrice at genesis (pkg/core/native/native_test/
//   management_test.go, cockatriceCSS over defaultCSS; neo-go keeps its state root equal to the C# node's, so the
//   manifests stored are the node's), written in the C# node's key order (ContractState, NefFile and ContractManifest
//   ToJson). Its GasToken equals RpcTestCases' getcontractstateasync answer (getcontractstate.json) and its NeoToken
//   RpcTestCases' "neotoken" answer but for updatecounter (1 there: that node activated Cockatrice after genesis).
// - getcontractstate: RpcTestCases' getcontractstateasync answer for "gastoken".
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sc } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain } from '../../src/backends/chain/index.js';
import {
  findNativeContract,
  LOCAL_HARDFORKS,
  NATIVE_CONTRACTS,
  nativeContractsFor,
  nativeContractState,
  nativeMethod,
  NEF_MAGIC,
  nefChecksum,
} from '../../src/backends/chain/native-contracts.js';
import { CRYPTO_LIB_HASH, NATIVE_IDENTITIES, POLICY_HASH, STD_LIB_HASH } from '../../src/backends/chain/native-hashes.js';
import { createRpcDispatcher, dispatchRpc, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import type { ContractState } from '../../src/sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';
import { rejection, startNeonRpcServer, type NeonRpcServer } from '../helpers/neon-rpc-server.js';

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../fixtures/neo-rpc/${name}.json`, import.meta.url), 'utf8'));
const NODE_STATES: ContractState[] = fixture('getnativecontracts');

const chain = createLocalChain();
const dispatch = createRpcDispatcher(chain.blockchain, chain);

type Answer = Extract<JsonRpcResponse, { result: unknown }> & Extract<JsonRpcResponse, { error: unknown }>;

async function result(method: string, params: unknown[] = []): Promise<any> {
  const answer = (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as Partial<Answer>;
  expect(answer.error, `${method} ${JSON.stringify(params)} answered an error`).toBeUndefined();
  return answer.result;
}

async function error(method: string, params: unknown[] = []): Promise<{ code: number; message: string; data?: string }> {
  const answer = (await dispatch({ jsonrpc: '2.0', id: 1, method, params })) as Partial<Answer>;
  expect(answer, `${method} ${JSON.stringify(params)} answered a result`).toHaveProperty('error');
  return answer.error!;
}

/** The same values and the same keys in the same order, all the way down (toEqual ignores key order). */
function expectSameJson(ours: unknown, node: unknown, what: string): void {
  expect(ours, what).toEqual(node);
  expect(JSON.stringify(ours), `${what}: key order`).toBe(JSON.stringify(node));
}

/** PUSH0, SYSCALL System.Contract.CallNative (its interop hash: the first 4 bytes of SHA-256 of the name), RET. */
const CALL_NATIVE_STUB = Buffer.concat([
  Buffer.from([0x10, 0x41]),
  createHash('sha256').update('System.Contract.CallNative').digest().subarray(0, 4),
  Buffer.from([0x40]),
]);

describe('getnativecontracts', () => {
  it('answers a Neo 3.7 node\'s nine contract states, in id order, key order included', async () => {
    const states: ContractState[] = await result('getnativecontracts');
    expect(states.map((s) => [s.id, s.manifest.name, s.hash])).toEqual(NATIVE_IDENTITIES.map((n) => [n.id, n.name, n.hash]));
    expect(states).toHaveLength(NODE_STATES.length);
    states.forEach((state, i) => expectSameJson(state, NODE_STATES[i], state.manifest.name));
  });

  it('GasToken\'s entry is RpcTestCases\' getcontractstate answer, byte for byte', async () => {
    const states: ContractState[] = await result('getnativecontracts');
    expect(JSON.stringify(states.find((s) => s.id === -6))).toBe(JSON.stringify(fixture('getcontractstate')));
  });

  it('each NEF is one CallNative stub per method, each method\'s offset at its stub, and a checksum that verifies', async () => {
    const states: ContractState[] = await result('getnativecontracts');
    for (const { nef, manifest } of states) {
      const script = Buffer.from(nef.script, 'base64');
      const { methods } = manifest.abi;
      expect(script.length, manifest.name).toBe(methods.length * CALL_NATIVE_STUB.length);
      methods.forEach((method, i) => {
        expect(method.offset, `${manifest.name}.${method.name}`).toBe(i * 7);
        expect(script.subarray(method.offset, method.offset + 7).equals(CALL_NATIVE_STUB), `${manifest.name}.${method.name}: stub`).toBe(true);
      });
      expect(nef.checksum, manifest.name).toBe(nefChecksum({ magic: nef.magic, compiler: nef.compiler, source: nef.source, script }));
      expect(nef).toMatchObject({ magic: NEF_MAGIC, compiler: 'neo-core-v3.0', source: '', tokens: [] });
    }
  });

  it('methods in the node\'s order: by name (ordinal), then by parameter count', async () => {
    const states: ContractState[] = await result('getnativecontracts');
    for (const { manifest } of states) {
      const keys = manifest.abi.methods.map((m) => [m.name, m.parameters.length] as const);
      const sorted = [...keys].sort(([a, m], [b, n]) => (a < b ? -1 : a > b ? 1 : m - n));
      expect(keys, manifest.name).toEqual(sorted);
    }
  });

  it('answers a fresh copy each time: changing one answer does not change the next', async () => {
    const first: ContractState[] = await result('getnativecontracts');
    first[0]!.manifest.abi.methods.length = 0;
    first[5]!.manifest.supportedstandards.push('NEP-11');
    expectSameJson(await result('getnativecontracts'), NODE_STATES, 'second answer');
  });
});

describe('the hardforks the chain claims', () => {
  it('getversion lists Neo 3.7\'s hardforks, each active from block 0', async () => {
    const version = await result('getversion');
    expect(version.protocol.hardforks).toEqual([
      { name: 'Aspidochelone', blockheight: 0 },
      { name: 'Basilisk', blockheight: 0 },
      { name: 'Cockatrice', blockheight: 0 },
      { name: 'Domovoi', blockheight: 0 },
    ]);
    expect(Object.keys(version.protocol.hardforks[0])).toEqual(Object.keys(fixture('getversion').protocol.hardforks[0]));
    expect(version.protocol.hardforks.map((h: { name: string }) => h.name)).toEqual([...LOCAL_HARDFORKS]);
  });

  it('so the manifests carry what Cockatrice added and not what it replaced', async () => {
    const crypto: ContractState = await result('getcontractstate', ['CryptoLib']);
    const ecdsa = crypto.manifest.abi.methods.filter((m) => m.name === 'verifyWithECDsa');
    expect(ecdsa.map((m) => m.parameters.map((p) => p.name))).toEqual([['message', 'pubkey', 'signature', 'curveHash']]);
    expect(crypto.manifest.abi.methods.some((m) => m.name === 'keccak256')).toBe(true);
    const neo: ContractState = await result('getcontractstate', ['NeoToken']);
    expect(neo.manifest.abi.methods.some((m) => m.name === 'getCommitteeAddress')).toBe(true);
    expect(neo.manifest.abi.events.map((e) => e.name)).toEqual(['Transfer', 'CandidateStateChanged', 'Vote', 'CommitteeChanged']);
  });

  it('before Cockatrice the same tables give the node\'s pre-Cockatrice NeoToken and CryptoLib (neo-go defaultCSS)', () => {
    for (const hardforks of [[], ['Aspidochelone', 'Basilisk']] as const) {
      const contracts = nativeContractsFor(hardforks);
      const neo = nativeContractState(contracts.find((c) => c.id === -5)!);
      expect(neo.manifest.abi.methods).toHaveLength(19);
      expect(neo.manifest.abi.methods.map((m) => m.name)).not.toContain('getCommitteeAddress');
      expect(neo.manifest.abi.methods.find((m) => m.name === 'vote')?.offset).toBe(126);
      expect(neo.manifest.abi.events.map((e) => e.name)).toEqual(['Transfer', 'CandidateStateChanged', 'Vote']);
      expect(neo.nef.checksum).toBe(65467259);
      const crypto = nativeContractState(contracts.find((c) => c.id === -3)!);
      expect(crypto.manifest.abi.methods.map((m) => m.name)).not.toContain('keccak256');
      expect(crypto.manifest.abi.methods.at(-1)).toEqual({
        name: 'verifyWithECDsa',
        parameters: [
          { name: 'message', type: 'ByteArray' },
          { name: 'pubkey', type: 'ByteArray' },
          { name: 'signature', type: 'ByteArray' },
          { name: 'curve', type: 'Integer' },
        ],
        returntype: 'Boolean',
        offset: 63,
        safe: true,
      });
      expect(crypto.nef.checksum).toBe(2135988409);
      // The other seven do not change with Cockatrice.
      for (const id of [-1, -2, -4, -6, -7, -8, -9]) {
        expectSameJson(nativeContractState(contracts.find((c) => c.id === id)!), NODE_STATES[-id - 1], `id ${id}`);
      }
    }
  });
});

describe('getcontractstate for every native contract', () => {
  it('by hash (any case, with or without 0x), by id (number or string) and by name (any case), as the node finds them', async () => {
    for (const expected of NODE_STATES) {
      const { id, hash } = expected;
      const name = expected.manifest.name;
      const keys = [hash, hash.toUpperCase().replace('0X', '0x'), hash.slice(2), id, String(id), name, name.toLowerCase(), name.toUpperCase()];
      for (const key of keys) expectSameJson(await result('getcontractstate', [key]), expected, `getcontractstate ${JSON.stringify(key)}`);
    }
  });

  it('-102 Unknown contract for a hash or an id no contract has', async () => {
    for (const key of ['0x' + '12'.repeat(20), 0, -10, 1, '7']) {
      expect(await error('getcontractstate', [key]), JSON.stringify(key)).toEqual({ code: -102, message: 'Unknown contract' });
    }
  });

  it('-32602 for a name that is no native contract here, as the node reads it as a malformed hash', async () => {
    const notAContract = await error('getcontractstate', ['NotAContract']);
    expect(notAContract.code).toBe(-32602);
    expect(notAContract.message).toContain('"NotAContract"');
    // The Notary contract comes with Neo 3.8 (Echidna); a Neo 3.7 node knows no such name.
    const notary = await error('getcontractstate', ['notary']);
    expect(notary.code).toBe(-32602);
    expect(notary.message).toMatch(/"Notary".*no native contract of that name.*ContractManagement, StdLib, CryptoLib, LedgerContract, NeoToken, GasToken, PolicyContract, RoleManagement, OracleContract/);
  });
});

describe('nativeMethod: does native contract H have method M with N parameters, and is it safe', () => {
  it('finds methods by name and parameter count, with the manifest\'s descriptor', () => {
    expect(nativeMethod(POLICY_HASH, 'getFeePerByte', 0)).toMatchObject({ safe: true, returntype: 'Integer', offset: 21 });
    expect(nativeMethod(POLICY_HASH, 'setFeePerByte', 1)).toMatchObject({ safe: false, returntype: 'Void' });
    expect(nativeMethod(STD_LIB_HASH, 'memorySearch', 3)?.parameters.map((p) => p.name)).toEqual(['mem', 'value', 'start']);
    expect(nativeMethod(CRYPTO_LIB_HASH.toUpperCase().replace('0X', '0x'), 'verifyWithECDsa', 4)?.parameters.at(-1)).toEqual({ name: 'curveHash', type: 'Integer' });
    expect(nativeMethod(NEO_HASH, 'transfer', 4)).toMatchObject({ safe: false, returntype: 'Boolean' });
  });

  it('answers undefined for a wrong count, a wrong case, an unknown method or a contract that is not native', () => {
    expect(nativeMethod(POLICY_HASH, 'getFeePerByte', 1)).toBeUndefined();
    expect(nativeMethod(POLICY_HASH, 'GetFeePerByte', 0)).toBeUndefined();
    expect(nativeMethod(GAS_HASH, 'getCommitteeAddress', 0)).toBeUndefined();
    expect(nativeMethod('0x' + '12'.repeat(20), 'balanceOf', 1)).toBeUndefined();
    expect(nativeMethod('not a hash', 'balanceOf', 1)).toBeUndefined();
  });

  it('agrees with every method the manifests list, and the tables cannot be changed from outside', () => {
    for (const state of NODE_STATES) {
      for (const method of state.manifest.abi.methods) {
        expect(nativeMethod(state.hash, method.name, method.parameters.length), `${state.manifest.name}.${method.name}`).toEqual(method);
      }
    }
    const policy = findNativeContract('PolicyContract')!;
    expect(() => policy.methods.push(policy.methods[0]!)).toThrow(TypeError);
    expect(() => {
      (nativeMethod(POLICY_HASH, 'getFeePerByte', 0) as { safe: boolean }).safe = false;
    }).toThrow(TypeError);
    expect(NATIVE_CONTRACTS).toHaveLength(9);
  });
});

describe('neon-js reading the native contracts over HTTP', () => {
  let served: NeonRpcServer;
  beforeAll(async () => {
    served = await startNeonRpcServer(chain.blockchain, chain);
  });
  afterAll(() => served.close());

  it('getNativeContracts: every NEF and manifest parses, checksums verify, manifests round-trip', async () => {
    const states = await served.client.getNativeContracts();
    expect(states.map((s) => s.manifest.name)).toEqual(NATIVE_IDENTITIES.map((n) => n.name));
    for (const state of states) {
      // neon-js' NEF computes its own checksum; its fromJson reads the script as hex, so it is given the bytes as hex.
      const script = Buffer.from(state.nef.script, 'base64').toString('hex');
      const nef = new sc.NEF({ compiler: state.nef.compiler, source: state.nef.source, tokens: [], script });
      expect(nef.checksum, state.manifest.name).toBe(state.nef.checksum);
      expect(sc.NEF.fromBuffer(Buffer.from(nef.serialize(), 'hex')).script).toBe(script);
      const manifest = sc.ContractManifest.fromJson(state.manifest);
      expect(manifest.abi.methods.map((m) => m.name)).toEqual(state.manifest.abi.methods.map((m) => m.name));
      expect(manifest.toJson()).toEqual(state.manifest);
    }
  });

  it('getContractState by name, and the node\'s error for an unknown hash', async () => {
    expect((await served.client.getContractState('oraclecontract')).hash).toBe(NATIVE_IDENTITIES[8]!.hash);
    expect(await rejection(served.client.getContractState('0x' + '34'.repeat(20)))).toMatchObject({ code: -102, message: 'Unknown contract' });
  });
});

describe('when neosl proxies a node (no in-process chain)', () => {
  it('getnativecontracts answers -32601, saying to ask the node', async () => {
    const proxied = createLocalChain().blockchain;
    const answer = (await dispatchRpc(proxied, { jsonrpc: '2.0', id: 1, method: 'getnativecontracts', params: [] })) as Answer;
    expect(answer.error.code).toBe(-32601);
    expect(answer.error.message).toContain('"getnativecontracts" is not served: neosl proxies a Neo node here (blockchain.rpcUrl)');
  });
});
