// The native contracts beyond NEO and GAS (src/backends/chain/native-calls/), per contract: results as the
// node's stack items, FAULTs in the node's words, GAS figures, and the routing (the manifest decides which
// methods exist; onInvoke still wins).
import { createECDH, createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContractParam, StackItem } from '../../../src/sdk/blockchain-types.js';
import type { CallContext } from '../../../src/backends/chain/contract-executor.js';
import { addressToScriptHash, scriptHashToBytes } from '../../../src/backends/chain/address.js';
import { InvokeOverrides } from '../../../src/backends/chain/invoke-overrides.js';
import { NATIVE_CONTRACTS } from '../../../src/backends/chain/native-contracts.js';
import {
  CONTRACT_MANAGEMENT_HASH,
  CRYPTO_LIB_HASH,
  GAS_HASH,
  LEDGER_HASH,
  NEO_HASH,
  ORACLE_HASH,
  POLICY_HASH,
  ROLE_MANAGEMENT_HASH,
  STD_LIB_HASH,
} from '../../../src/backends/chain/native-hashes.js';
import { callNativeContract, NATIVE_CALLS, nativeImplementation } from '../../../src/backends/chain/native-calls/index.js';
import { formatJsonInteger } from '../../../src/backends/chain/native-calls/json-serializer.js';
import { bigIntegerToHex, parseBigInteger } from '../../../src/backends/chain/native-calls/std-lib.js';
import { testChain } from './chain-helpers.js';

// ---- helpers ----

const P = {
  int: (value: bigint | number | string): ContractParam => ({ type: 'Integer', value: String(value) }),
  str: (value: string): ContractParam => ({ type: 'String', value }),
  bytes: (value: Uint8Array | string): ContractParam => ({ type: 'ByteArray', value: Buffer.from(value as Uint8Array).toString('base64') }),
  hex: (hex: string): ContractParam => ({ type: 'ByteArray', value: Buffer.from(hex, 'hex').toString('base64') }),
  bool: (value: boolean): ContractParam => ({ type: 'Boolean', value }),
  hash160: (value: string): ContractParam => ({ type: 'Hash160', value }),
  hash256: (value: string): ContractParam => ({ type: 'Hash256', value }),
  any: (): ContractParam => ({ type: 'Any', value: null }),
  array: (...items: ContractParam[]): ContractParam => ({ type: 'Array', value: items }),
  map: (...entries: [ContractParam, ContractParam][]): ContractParam => ({ type: 'Map', value: entries.map(([key, value]) => ({ key, value })) }),
};

const I = {
  int: (value: bigint | number): StackItem => ({ type: 'Integer', value: String(value) }),
  bytes: (value: Uint8Array | string): StackItem => ({ type: 'ByteString', value: Buffer.from(value as Uint8Array).toString('base64') }),
  hex: (hex: string): StackItem => ({ type: 'ByteString', value: Buffer.from(hex, 'hex').toString('base64') }),
  bool: (value: boolean): StackItem => ({ type: 'Boolean', value }),
  any: (): StackItem => ({ type: 'Any' }),
  array: (...value: StackItem[]): StackItem => ({ type: 'Array', value }),
};

const NULL: StackItem = { type: 'Any' };
const OUT_OF_RANGE = (p: string) => `Specified argument was out of the range of valid values. (Parameter '${p}')`;
const INVALID_OPERATION = 'Operation is not valid due to the current state of the object.';
const FORMAT = 'One of the identified items was in an invalid format.';

function bytesOf(item: StackItem | undefined): Buffer {
  expect(item?.type).toBe('ByteString');
  return Buffer.from((item as { value: string }).value, 'base64');
}

function setup(options: Parameters<typeof testChain>[0] = {}) {
  const chain = testChain(options);
  const invoke = (hash: string, op: string, params: ContractParam[] = [], signers?: { account: string; scopes: string }[]) =>
    chain.blockchain.invokeFunction(hash, op, params, signers);
  /** The single result of a HALTed call. */
  const halt = async (hash: string, op: string, params: ContractParam[] = [], signers?: { account: string; scopes: string }[]) => {
    const result = await invoke(hash, op, params, signers);
    expect(result.exception, `${op} FAULTed`).toBeNull();
    expect(result.state).toBe('HALT');
    expect(result.stack).toHaveLength(1);
    return result.stack[0]!;
  };
  /** The exception of a FAULTed call. */
  const faults = async (hash: string, op: string, params: ContractParam[] = [], signers?: { account: string; scopes: string }[]) => {
    const result = await invoke(hash, op, params, signers);
    expect(result.state, `${op} did not FAULT`).toBe('FAULT');
    expect(result.stack).toEqual([]);
    return result.exception!;
  };
  return { chain, invoke, halt, faults };
}

/** A bare call context (a chain without blocks) for calls with stack items invokefunction cannot express. */
function bareContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    ledger: { balanceOf: () => 0n, totalSupply: () => 0n, hasAsset: () => false, balanceHeight: () => 0 },
    overrides: new InvokeOverrides(),
    signers: [],
    unknownContract: 'fault',
    validatorPublicKey: '',
    committeeScriptHash: '0x' + '11'.repeat(20),
    persistingIndex: 1,
    chain: { blockAt: () => undefined, blockIndexOf: () => undefined, transaction: () => undefined },
    ...overrides,
  };
}

function callItems(scriptHash: string, operation: string, args: StackItem[], ctx: CallContext = bareContext()) {
  const outcome = callNativeContract(ctx, { scriptHash, operation, args });
  expect(outcome, 'not routed to native-calls').toBeDefined();
  return outcome!;
}

// ---- routing ----

describe('routing', () => {
  it('serves every method the manifests of the seven contracts list, and no other', () => {
    for (const calls of NATIVE_CALLS) {
      const manifest = NATIVE_CONTRACTS.find((c) => c.hash === calls.hash)!;
      expect(manifest.name).toBe(calls.name);
      for (const method of manifest.methods) {
        expect(nativeImplementation(calls, method.name, method.parameters.length), `${calls.name}.${method.name}/${method.parameters.length}`).toBeDefined();
      }
      for (const implemented of calls.methods) {
        expect(
          manifest.methods.some((m) => m.name === implemented.name && m.parameters.length === implemented.parameters.length),
          `${calls.name}.${implemented.name}/${implemented.parameters.length} is not in the manifest`,
        ).toBe(true);
      }
    }
    expect(NATIVE_CALLS.map((c) => c.hash).sort()).toEqual(
      [CONTRACT_MANAGEMENT_HASH, STD_LIB_HASH, CRYPTO_LIB_HASH, LEDGER_HASH, POLICY_HASH, ROLE_MANAGEMENT_HASH, ORACLE_HASH].sort(),
    );
  });

  it('leaves NEO, GAS and other hashes to the rest of the executor', () => {
    for (const hash of [NEO_HASH, GAS_HASH, '0x' + '5c'.repeat(20)]) {
      expect(callNativeContract(bareContext(), { scriptHash: hash, operation: 'symbol', args: [] })).toBeUndefined();
    }
  });

  it('a method the contract does not have (or not with that many parameters) FAULTs as System.Contract.Call does', async () => {
    const { faults, invoke } = setup();
    expect(await faults(STD_LIB_HASH, 'itoa', [P.int(1), P.int(10), P.int(3)])).toBe(
      `Method "itoa" with 3 parameter(s) doesn't exist in the contract ${STD_LIB_HASH}.`,
    );
    // Neo 3.8 (Echidna) methods are not in this version's StdLib / PolicyContract.
    expect(await faults(STD_LIB_HASH, 'base64UrlEncode', [P.str('x')])).toMatch(/^Method "base64UrlEncode" with 1 parameter\(s\) doesn't exist/);
    expect(await faults(POLICY_HASH, 'getMillisecondsPerBlock')).toMatch(/doesn't exist in the contract 0xcc5e4edd9f5f8dba8bb65734541df7a1c081c67b\.$/);
    // The FAULT is System.Contract.Call's: the call script alone is charged (no native stub, no CpuFee).
    expect((await invoke(POLICY_HASH, 'nope')).gasconsumed).toBe(String(30 * (16 + 1 + 8 + 8 + 32768)));
  });

  it('onInvoke still wins over the native implementation', async () => {
    const { chain, halt } = setup();
    chain.onInvoke(STD_LIB_HASH, 'itoa', [{ type: 'ByteString', value: Buffer.from('mocked').toString('base64') }]);
    expect(bytesOf(await halt(STD_LIB_HASH, 'itoa', [P.int(5)])).toString()).toBe('mocked');
  });

  it('GAS: the call script and the native stub plus CpuFee, × ExecFeeFactor 30', async () => {
    const { invoke } = setup();
    // OracleContract.finish: CpuFee 0, no argument: as GAS symbol (984060), though it FAULTs inside the contract.
    expect((await invoke(ORACLE_HASH, 'finish')).gasconsumed).toBe((await invoke(GAS_HASH, 'symbol')).gasconsumed);
    // CpuFee 1 << 15 and one short byte-string argument: as GAS balanceOf (2028330).
    const balanceOf = await invoke(GAS_HASH, 'balanceOf', [P.hash160(NEO_HASH)]);
    expect((await invoke(CRYPTO_LIB_HASH, 'sha256', [P.str('abc')])).gasconsumed).toBe(balanceOf.gasconsumed);
    expect(balanceOf.gasconsumed).toBe('2028330');
    // PolicyContract.getFeePerByte: (NEWARRAY0 16 + PUSH15 1 + 2 × PUSHDATA1 8 + 32768 + PUSH0 1 + 32768) × 30.
    expect((await invoke(POLICY_HASH, 'getFeePerByte')).gasconsumed).toBe(String((16 + 1 + 16 + 32768 + 1 + 32768) * 30));
  });

  it('an exception of the local chain itself is still a FAULT of the call, not a crash', () => {
    // An InteropInterface cannot be serialized: the node's NotSupportedException.
    const outcome = callItems(STD_LIB_HASH, 'serialize', [{ type: 'InteropInterface' }]);
    expect(outcome).toMatchObject({ state: 'FAULT', exception: 'Specified method is not supported.', stack: [] });
  });
});

// ---- StdLib ----

describe('StdLib', () => {
  it('serialize → deserialize round-trips a nested item; the bytes are BinarySerializer\'s', async () => {
    const { halt } = setup();
    const item = P.array(P.int(-1), P.int(0), P.str('neo'), P.bool(true), P.any(), P.map([P.str('a'), P.int(1)], [P.int(2), P.array()]));
    const serialized = bytesOf(await halt(STD_LIB_HASH, 'serialize', [item]));
    expect(serialized.toString('hex')).toBe(
      '40' + '06' + '2101ff' + '2100' + '2803' + Buffer.from('neo').toString('hex') + '2001' + '00' + '48' + '02' + '280161' + '210101' + '210102' + '4000',
    );
    expect(await halt(STD_LIB_HASH, 'deserialize', [P.bytes(serialized)])).toEqual(
      I.array(I.int(-1), I.int(0), I.bytes('neo'), I.bool(true), I.any(), {
        type: 'Map',
        value: [
          { key: I.bytes('a'), value: I.int(1) },
          { key: I.int(2), value: I.array() },
        ],
      }),
    );
    // Struct and Buffer keep their types.
    const struct: StackItem = { type: 'Struct', value: [{ type: 'Buffer', value: 'AQI=' }] };
    const bytes = callItems(STD_LIB_HASH, 'serialize', [struct]).stack[0]!;
    expect(bytesOf(bytes).toString('hex')).toBe('4101' + '30020102');
    expect(callItems(STD_LIB_HASH, 'deserialize', [bytes]).stack).toEqual([struct]);
  });

  it('deserialize as the node: trailing bytes ignored; a Boolean other than 0/1, a Buffer map key, a truncated item FAULT', async () => {
    const { halt, faults } = setup();
    expect(await halt(STD_LIB_HASH, 'deserialize', [P.hex('210105ffff')])).toEqual(I.int(5));
    expect(await faults(STD_LIB_HASH, 'deserialize', [P.hex('2002')])).toBe(FORMAT);
    expect(await faults(STD_LIB_HASH, 'deserialize', [P.hex('2803aabb')])).toBe(FORMAT);
    expect(await faults(STD_LIB_HASH, 'deserialize', [P.hex('ee')])).toBe(FORMAT);
    expect(await faults(STD_LIB_HASH, 'deserialize', [P.hex('4801' + '3001aa' + '2100')])).toBe(
      "Unable to cast object of type 'Neo.VM.Types.Buffer' to type 'Neo.VM.Types.PrimitiveType'.",
    );
    // A repeated key keeps its place; its value is the last one.
    expect(await halt(STD_LIB_HASH, 'deserialize', [P.hex('4802' + '280161' + '210101' + '280161' + '210102')])).toEqual({
      type: 'Map',
      value: [{ key: I.bytes('a'), value: I.int(2) }],
    });
  });

  it('jsonSerialize of a map: compact JSON with System.Text.Json\'s escaping and .NET\'s number form', async () => {
    const { halt, faults } = setup();
    const map = P.map([P.str('a'), P.int(1)], [P.str('b'), P.array(P.bool(true), P.any(), P.str('x'))], [P.str('c'), P.map()]);
    expect(bytesOf(await halt(STD_LIB_HASH, 'jsonSerialize', [map])).toString()).toBe('{"a":1,"b":[true,null,"x"],"c":{}}');
    // Quotes, HTML-sensitive and non-ASCII characters as \uXXXX (upper-case hex); \n and \\ short.
    expect(bytesOf(await halt(STD_LIB_HASH, 'jsonSerialize', [P.str('"<é\n\\+')])).toString()).toBe('"\\u0022\\u003C\\u00E9\\n\\\\\\u002B"');
    expect(bytesOf(await halt(STD_LIB_HASH, 'jsonSerialize', [P.int(1_000_000_000_000_000n)])).toString()).toBe('1E+15');
    expect(bytesOf(await halt(STD_LIB_HASH, 'jsonSerialize', [P.int(-(2n ** 53n - 1n))])).toString()).toBe('-9007199254740991');
    expect(await faults(STD_LIB_HASH, 'jsonSerialize', [P.int(2n ** 53n)])).toBe(INVALID_OPERATION);
    expect(await faults(STD_LIB_HASH, 'jsonSerialize', [P.map([P.int(1), P.int(1)])])).toBe('Key is not a ByteString');
  });

  it('jsonDeserialize: the map back (ByteString keys), integral numbers only, depth 10, no duplicate names', async () => {
    const { halt, faults } = setup();
    const json = '{"a":1,"b":[true,null,"x"],"c":{}} // a comment';
    expect(await halt(STD_LIB_HASH, 'jsonDeserialize', [P.str(json)])).toEqual({
      type: 'Map',
      value: [
        { key: I.bytes('a'), value: I.int(1) },
        { key: I.bytes('b'), value: I.array(I.bool(true), I.any(), I.bytes('x')) },
        { key: I.bytes('c'), value: { type: 'Map', value: [] } },
      ],
    });
    expect(await halt(STD_LIB_HASH, 'jsonDeserialize', [P.str('1E+15')])).toEqual(I.int(1_000_000_000_000_000n));
    expect(await faults(STD_LIB_HASH, 'jsonDeserialize', [P.str('1.5')])).toBe('Decimal value is not allowed');
    expect(await faults(STD_LIB_HASH, 'jsonDeserialize', [P.str('{"a":1,"a":2}')])).toBe('Duplicate property name: a');
    expect(await halt(STD_LIB_HASH, 'jsonDeserialize', [P.str('['.repeat(10) + ']'.repeat(10))])).toMatchObject({ type: 'Array' });
    expect(await faults(STD_LIB_HASH, 'jsonDeserialize', [P.str('['.repeat(11) + ']'.repeat(11))])).toMatch(/maximum configured depth of 10/);
    expect(await faults(STD_LIB_HASH, 'jsonDeserialize', [P.str('[1,]')])).toMatch(/trailing comma/);
  });

  it('itoa / atoi in bases 10 and 16 as .NET\'s BigInteger formats and parses them', async () => {
    const { halt, faults } = setup();
    const text = async (...params: ContractParam[]) => bytesOf(await halt(STD_LIB_HASH, 'itoa', params)).toString();
    expect(await text(P.int(-123))).toBe('-123');
    expect(await text(P.int(255), P.int(16))).toBe('0ff');
    expect(await text(P.int(-1), P.int(16))).toBe('f');
    expect(await text(P.int(16), P.int(16))).toBe('10');
    expect(await faults(STD_LIB_HASH, 'itoa', [P.int(1), P.int(2)])).toBe(OUT_OF_RANGE('base'));
    expect(await halt(STD_LIB_HASH, 'atoi', [P.str('-42')])).toEqual(I.int(-42));
    expect(await halt(STD_LIB_HASH, 'atoi', [P.str('ff'), P.int(16)])).toEqual(I.int(-1));
    expect(await halt(STD_LIB_HASH, 'atoi', [P.str('0ff'), P.int(16)])).toEqual(I.int(255));
    expect(await faults(STD_LIB_HASH, 'atoi', [P.str(' 1')])).toBe('The value could not be parsed.');
    expect(await faults(STD_LIB_HASH, 'atoi', [P.str('-1'), P.int(16)])).toBe('The value could not be parsed.');
    for (const value of [0n, 7n, 8n, 127n, 128n, -8n, -9n, -128n, -129n, 2n ** 200n, -(2n ** 200n)]) {
      expect(parseBigInteger(bigIntegerToHex(value), 16), String(value)).toBe(value);
    }
  });

  it('base64 and base58(Check): an address is Base58Check of its version byte and script hash', async () => {
    const { chain, halt, faults } = setup();
    const address = chain.accounts[0]!;
    const payload = Buffer.concat([Buffer.from([0x35]), scriptHashToBytes(addressToScriptHash(address))]);
    expect(bytesOf(await halt(STD_LIB_HASH, 'base58CheckEncode', [P.bytes(payload)])).toString()).toBe(address);
    expect(bytesOf(await halt(STD_LIB_HASH, 'base58CheckDecode', [P.str(address)]))).toEqual(payload);
    const typo = address.slice(0, -1) + (address.endsWith('a') ? 'b' : 'a');
    expect(await faults(STD_LIB_HASH, 'base58CheckDecode', [P.str(typo)])).toBe(FORMAT);
    expect(bytesOf(await halt(STD_LIB_HASH, 'base58Encode', [P.hex('0000ff')])).toString()).toBe('115Q');
    expect(bytesOf(await halt(STD_LIB_HASH, 'base58Decode', [P.str('115Q')])).toString('hex')).toBe('0000ff');
    expect(await faults(STD_LIB_HASH, 'base58Decode', [P.str('1O')])).toBe("Invalid Base58 character 'O' at position 1");
    expect(bytesOf(await halt(STD_LIB_HASH, 'base64Encode', [P.str('neo')])).toString()).toBe('bmVv');
    expect(bytesOf(await halt(STD_LIB_HASH, 'base64Decode', [P.str(' bm\nVv ')])).toString()).toBe('neo');
    expect(await faults(STD_LIB_HASH, 'base64Decode', [P.str('bmV')])).toMatch(/^The input is not a valid Base-64 string/);
    expect(await faults(STD_LIB_HASH, 'base64Encode', [P.bytes(Buffer.alloc(1025))])).toBe('The input exceeds the maximum length.');
  });

  it('memoryCompare, memorySearch (all overloads), stringSplit, strLen', async () => {
    const { halt, faults } = setup();
    const int = async (op: string, ...params: ContractParam[]) => (await halt(STD_LIB_HASH, op, params)) as { value: string };
    expect((await int('memoryCompare', P.str('abc'), P.str('abd'))).value).toBe('-1');
    expect((await int('memoryCompare', P.str('abc'), P.str('ab'))).value).toBe('1');
    expect((await int('memoryCompare', P.str(''), P.str(''))).value).toBe('0');
    expect((await int('memorySearch', P.str('abcabc'), P.str('c'))).value).toBe('2');
    expect((await int('memorySearch', P.str('abcabc'), P.str('c'), P.int(3))).value).toBe('5');
    expect((await int('memorySearch', P.str('abcabc'), P.str('c'), P.int(5), P.bool(true))).value).toBe('2');
    expect((await int('memorySearch', P.str('abcabc'), P.str('x'))).value).toBe('-1');
    expect(await faults(STD_LIB_HASH, 'memorySearch', [P.str('abc'), P.str('a'), P.int(4)])).toBe('Specified argument was out of the range of valid values.');
    expect(await faults(STD_LIB_HASH, 'memorySearch', [P.str('abc'), P.any()])).toBe("Value cannot be null. (Parameter 'value')");
    const split = async (...params: ContractParam[]) =>
      ((await halt(STD_LIB_HASH, 'stringSplit', params)) as { value: StackItem[] }).value.map((part) => bytesOf(part).toString());
    expect(await split(P.str('a,b,,c'), P.str(','))).toEqual(['a', 'b', '', 'c']);
    expect(await split(P.str('a,b,,c'), P.str(','), P.bool(true))).toEqual(['a', 'b', 'c']);
    expect(await split(P.str('a,b'), P.str(''))).toEqual(['a,b']);
    expect((await int('strLen', P.str('🦆'))).value).toBe('1');
    expect((await int('strLen', P.str('a\u0303bc'))).value).toBe('3');
    expect(await faults(STD_LIB_HASH, 'strLen', [P.hex('ff')])).toBe('Unable to translate bytes [FF] at index 0 from specified code page to Unicode.');
  });

  it('formats JSON numbers as .NET writes doubles', () => {
    expect(formatJsonInteger(0n)).toBe('0');
    expect(formatJsonInteger(999_999_999_999_999n)).toBe('999999999999999');
    expect(formatJsonInteger(1_234_567_890_123_456n)).toBe('1234567890123456');
    expect(formatJsonInteger(1_234_567_890_123_450n)).toBe('1.23456789012345E+15');
    expect(formatJsonInteger(-1_000_000_000_000_000n)).toBe('-1E+15');
  });
});

// ---- CryptoLib ----

/** ECDSA signature (r ‖ s) of a 32-byte hash; k·G and d·G come from OpenSSL (ECDH), independently of the code under test. */
function signHash(curve: 'prime256v1' | 'secp256k1', hash: Buffer): { publicKey: Buffer; signature: Buffer } {
  const n =
    curve === 'prime256v1'
      ? 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
      : 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const modPow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    for (b %= n; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) r = (r * b) % n;
    return r;
  };
  const key = createECDH(curve);
  key.generateKeys();
  const d = BigInt('0x' + key.getPrivateKey('hex'));
  for (;;) {
    const nonce = createECDH(curve);
    nonce.generateKeys();
    const k = BigInt('0x' + nonce.getPrivateKey('hex'));
    const r = BigInt('0x' + nonce.getPublicKey().subarray(1, 33).toString('hex')) % n;
    const s = (modPow(k, n - 2n) * ((BigInt('0x' + hash.toString('hex')) + r * d) % n)) % n;
    if (r === 0n || s === 0n) continue;
    const hex = (v: bigint) => v.toString(16).padStart(64, '0');
    return { publicKey: key.getPublicKey(null, 'compressed') as Buffer, signature: Buffer.from(hex(r) + hex(s), 'hex') };
  }
}

describe('CryptoLib', () => {
  it('sha256, ripemd160, murmur32 and keccak256 of known vectors', async () => {
    const { halt } = setup();
    const hex = async (op: string, ...params: ContractParam[]) => bytesOf(await halt(CRYPTO_LIB_HASH, op, params)).toString('hex');
    expect(await hex('sha256', P.str('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await hex('ripemd160', P.str('abc'))).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
    // MurmurHash3 x86_32: 0x248bfa47 and 0xfaf6cdb3, written little-endian.
    expect(await hex('murmur32', P.str('hello'), P.int(0))).toBe('47fa8b24');
    expect(await hex('murmur32', P.str('Hello, world!'), P.int(1234))).toBe('b3cdf6fa');
    expect(await hex('keccak256', P.bytes(Buffer.alloc(0)))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(await hex('keccak256', P.str('abc'))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });

  it('verifyWithECDsa with the NamedCurveHash enum: 22/23 SHA-256, 122/123 Keccak-256, on secp256k1/secp256r1', async () => {
    const { halt } = setup();
    const message = Buffer.from('a message to sign');
    const verify = async (publicKey: Buffer, signature: Buffer, curveHash: number, data = message) =>
      ((await halt(CRYPTO_LIB_HASH, 'verifyWithECDsa', [P.bytes(data), P.bytes(publicKey), P.bytes(signature), P.int(curveHash)])) as { value: boolean }).value;
    // secp256r1 + SHA-256 signed by node:crypto (as wallets sign).
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const uncompressed = spki.subarray(spki.length - 65);
    const compressed = Buffer.concat([Buffer.from([2 + (uncompressed[64]! & 1)]), uncompressed.subarray(1, 33)]);
    const signature = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(await verify(compressed, signature, 23)).toBe(true);
    expect(await verify(uncompressed, signature, 23)).toBe(true);
    expect(await verify(compressed, signature, 23, Buffer.from('another message'))).toBe(false);
    expect(await verify(compressed, signature.subarray(0, 63), 23)).toBe(false);
    const sha = createHash('sha256').update(message).digest();
    const keccak = bytesOf(await halt(CRYPTO_LIB_HASH, 'keccak256', [P.bytes(message)]));
    for (const [curve, sha256Id, keccakId] of [['secp256k1', 22, 122], ['prime256v1', 23, 123]] as const) {
      const bySha = signHash(curve, sha);
      expect(await verify(bySha.publicKey, bySha.signature, sha256Id), `${curve} SHA-256`).toBe(true);
      expect(await verify(bySha.publicKey, bySha.signature, keccakId)).toBe(false);
      const byKeccak = signHash(curve, keccak);
      expect(await verify(byKeccak.publicKey, byKeccak.signature, keccakId), `${curve} Keccak-256`).toBe(true);
    }
  });

  it('verifyWithECDsa FAULTs as the node for an unknown curve/hash or an undecodable key', async () => {
    const { faults } = setup();
    const call = (pubkey: string, curveHash: number) =>
      faults(CRYPTO_LIB_HASH, 'verifyWithECDsa', [P.str('m'), P.hex(pubkey), P.bytes(Buffer.alloc(64, 1)), P.int(curveHash)]);
    const key = '02' + '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296';
    expect(await call(key, 24)).toBe("The given key '24' was not present in the dictionary.");
    expect(await call(key, 300)).toBe('Value was either too large or too small for an unsigned byte.');
    expect(await call('05' + key.slice(2), 23)).toBe('Invalid point encoding 5');
    expect(await call(key.slice(0, 64), 23)).toBe('Incorrect length for compressed encoding');
  });

  it('the BLS12-381 methods FAULT saying they are not emulated', async () => {
    const { faults } = setup();
    expect(await faults(CRYPTO_LIB_HASH, 'bls12381Deserialize', [P.bytes(Buffer.alloc(48))])).toMatch(
      /^CryptoLib\.bls12381Deserialize is not emulated by the local chain: .*BLS12-381.*onInvoke\("0x726cb6e0cd8628a1350a611384688911ab75f51b", "bls12381Deserialize"/,
    );
  });
});

// ---- LedgerContract ----

describe('LedgerContract', () => {
  it('currentIndex / currentHash: the tip of a test run\'s chain', async () => {
    const { chain, halt } = setup();
    await chain.mineBlock();
    expect(await halt(LEDGER_HASH, 'currentIndex')).toEqual(I.int(1));
    const best = await chain.blockchain.getBestBlockHash();
    expect(bytesOf(await halt(LEDGER_HASH, 'currentHash'))).toEqual(Buffer.from(best.slice(2), 'hex').reverse());
  });

  it('in a mined transaction: sees the chain up to the block before its own', async () => {
    const { chain } = setup();
    await chain.mineBlock();
    const { hash } = await chain.blockchain.invoke({ scriptHash: LEDGER_HASH, operation: 'getBlock', args: [{ type: 'Integer', value: '1' }] });
    const current = await chain.blockchain.invoke({ scriptHash: LEDGER_HASH, operation: 'currentIndex' });
    await chain.mineBlock();
    const [execution] = (await chain.blockchain.getApplicationLog(hash)).executions;
    expect(execution).toMatchObject({ vmstate: 'HALT', stack: [{ type: 'Array' }] });
    const block1 = await chain.blockchain.getBlock(1);
    expect(bytesOf((execution!.stack[0] as { value: StackItem[] }).value[0]!)).toEqual(Buffer.from(block1.hash.slice(2), 'hex').reverse());
    expect((await chain.blockchain.getApplicationLog(current.hash)).executions[0]!.stack).toEqual([I.int(1)]);
  });

  it('getBlock by index or hash: the TrimmedBlock stack item of getblock\'s block; null past the tip', async () => {
    const { chain, halt, faults } = setup();
    await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 1, asset: 'GAS' });
    const mined = await chain.mineBlock();
    const expected = I.array(
      I.hex(mined.hash.slice(2).match(/../g)!.reverse().join('')),
      I.int(0),
      I.hex(mined.previousblockhash.slice(2).match(/../g)!.reverse().join('')),
      I.hex(mined.merkleroot.slice(2).match(/../g)!.reverse().join('')),
      I.int(mined.time),
      I.int(BigInt('0x' + mined.nonce)),
      I.int(1),
      I.int(0),
      I.bytes(scriptHashToBytes(addressToScriptHash(mined.nextconsensus))),
      I.int(1),
    );
    expect(await halt(LEDGER_HASH, 'getBlock', [P.int(1)])).toEqual(expected);
    expect(await halt(LEDGER_HASH, 'getBlock', [P.hash256(mined.hash)])).toEqual(expected);
    expect(await halt(LEDGER_HASH, 'getBlock', [P.int(2)])).toEqual(NULL);
    expect(await halt(LEDGER_HASH, 'getBlock', [P.hash256('0x' + 'ab'.repeat(32))])).toEqual(NULL);
    expect(await faults(LEDGER_HASH, 'getBlock', [P.bytes(Buffer.alloc(33))])).toBe("Value does not fall within the expected range. (Parameter 'indexOrHash')");
    expect(await faults(LEDGER_HASH, 'getBlock', [P.int(-1)])).toBe('Value was either too large or too small for a UInt32.');
  });

  it('a mined transaction: getTransaction, its height, signers, VM state and place in its block; unknown and pooled ones are not in the ledger', async () => {
    const { chain, halt, faults } = setup();
    const [alice, bob] = chain.accounts as [string, string];
    const sent = await chain.blockchain.transfer({ to: bob, amount: 1, asset: 'GAS' });
    await chain.mineBlock();
    const pooled = await chain.blockchain.transfer({ to: bob, amount: 2, asset: 'GAS' });
    const tx = await chain.blockchain.getTransaction(sent.hash);
    const expected = I.array(
      I.hex(sent.hash.slice(2).match(/../g)!.reverse().join('')),
      I.int(0),
      I.int(tx.nonce),
      I.bytes(scriptHashToBytes(addressToScriptHash(alice))),
      I.int(BigInt(tx.sysfee)),
      I.int(BigInt(tx.netfee)),
      I.int(tx.validuntilblock),
      I.bytes(Buffer.from(tx.script, 'base64')),
    );
    expect(await halt(LEDGER_HASH, 'getTransaction', [P.hash256(sent.hash)])).toEqual(expected);
    expect(await halt(LEDGER_HASH, 'getTransactionFromBlock', [P.int(1), P.int(0)])).toEqual(expected);
    expect(await faults(LEDGER_HASH, 'getTransactionFromBlock', [P.int(1), P.int(2)])).toBe(OUT_OF_RANGE('txIndex'));
    expect(await halt(LEDGER_HASH, 'getTransactionHeight', [P.hash256(sent.hash)])).toEqual(I.int(1));
    expect(await halt(LEDGER_HASH, 'getTransactionVMState', [P.hash256(sent.hash)])).toEqual(I.int(1)); // HALT
    expect(await halt(LEDGER_HASH, 'getTransactionSigners', [P.hash256(sent.hash)])).toEqual(
      I.array(I.array(I.bytes(scriptHashToBytes(addressToScriptHash(alice))), I.int(0x01), I.array(), I.array(), I.array())),
    );
    // Unknown, or only pooled: null, -1, NONE.
    for (const hash of ['0x' + '12'.repeat(32), pooled.hash]) {
      expect(await halt(LEDGER_HASH, 'getTransaction', [P.hash256(hash)])).toEqual(NULL);
      expect(await halt(LEDGER_HASH, 'getTransactionSigners', [P.hash256(hash)])).toEqual(NULL);
      expect(await halt(LEDGER_HASH, 'getTransactionHeight', [P.hash256(hash)])).toEqual(I.int(-1));
      expect(await halt(LEDGER_HASH, 'getTransactionVMState', [P.hash256(hash)])).toEqual(I.int(0));
    }
    expect(await faults(LEDGER_HASH, 'getTransaction', [P.bytes(Buffer.alloc(31))])).toBe(FORMAT);
  });

  it('a transaction executing in block N sees the chain up to N - 1', async () => {
    const { chain } = setup();
    await chain.mineBlock();
    await chain.mineBlock();
    const sent = await chain.blockchain.invoke({ scriptHash: LEDGER_HASH, operation: 'currentIndex' });
    const block = await chain.mineBlock();
    expect(block.index).toBe(3);
    const log = await chain.blockchain.getApplicationLog(sent.hash);
    expect(log.executions[0]).toMatchObject({ vmstate: 'HALT', stack: [I.int(2)] });
  });

  it('the blocks it cannot see (the one being persisted) answer null; without a view of the chain it FAULTs saying so', () => {
    const chainView = {
      blockAt: (index: number) => (index <= 1 ? { hash: '0x' + '01'.repeat(32), version: 0, previousblockhash: '0x' + '00'.repeat(32), merkleroot: '0x' + '00'.repeat(32), time: 1, nonce: '0000000000000001', index, primary: 0, nextconsensus: 'NXCS6rAgYY2ofNJiZFinQrKkffub6RYfcd', tx: [] } : undefined),
      blockIndexOf: () => undefined,
      transaction: () => undefined,
    };
    // Executing in block 1: block 1 is not traceable yet.
    const ctx = bareContext({ persistingIndex: 1, chain: chainView });
    expect(callItems(LEDGER_HASH, 'getBlock', [I.int(1)], ctx).stack).toEqual([NULL]);
    expect(callItems(LEDGER_HASH, 'getBlock', [I.int(0)], ctx).stack[0]).toMatchObject({ type: 'Array' });
  });
});

// ---- PolicyContract ----

describe('PolicyContract', () => {
  const committee = async (chain: ReturnType<typeof setup>['chain']) => {
    const address = await chain.blockchain.invokeFunction(NEO_HASH, 'getCommitteeAddress');
    return [{ account: '0x' + Buffer.from((address.stack[0] as { value: string }).value, 'base64').reverse().toString('hex'), scopes: 'CalledByEntry' }];
  };

  it('the default policy: fee per byte 1000, exec fee factor 30, storage price 100000, attribute fees 0, nothing blocked', async () => {
    const { chain, halt, faults } = setup();
    expect(await halt(POLICY_HASH, 'getFeePerByte')).toEqual(I.int(1000));
    expect(await halt(POLICY_HASH, 'getExecFeeFactor')).toEqual(I.int(30));
    expect(await halt(POLICY_HASH, 'getStoragePrice')).toEqual(I.int(100000));
    for (const type of [0x01, 0x11, 0x20, 0x21]) expect(await halt(POLICY_HASH, 'getAttributeFee', [P.int(type)])).toEqual(I.int(0));
    // NotaryAssisted (0x22) comes with Echidna.
    expect(await faults(POLICY_HASH, 'getAttributeFee', [P.int(0x22)])).toBe(INVALID_OPERATION);
    expect(await halt(POLICY_HASH, 'isBlocked', [P.hash160(chain.accounts[0]!)])).toEqual(I.bool(false));
  });

  it('setters: the node\'s range check, then the committee\'s witness; with it, a FAULT saying the policy is not changed', async () => {
    const { chain, halt, faults } = setup();
    const signers = await committee(chain);
    expect(await faults(POLICY_HASH, 'setFeePerByte', [P.int(2000)])).toBe(INVALID_OPERATION);
    expect(await faults(POLICY_HASH, 'setFeePerByte', [P.int(-1)], signers)).toBe(OUT_OF_RANGE('value'));
    expect(await faults(POLICY_HASH, 'setExecFeeFactor', [P.int(101)], signers)).toBe(OUT_OF_RANGE('value'));
    expect(await faults(POLICY_HASH, 'setStoragePrice', [P.int(0)], signers)).toBe(OUT_OF_RANGE('value'));
    expect(await faults(POLICY_HASH, 'setAttributeFee', [P.int(0x20), P.int(10_00000001)], signers)).toBe(OUT_OF_RANGE('value'));
    expect(await faults(POLICY_HASH, 'setFeePerByte', [P.int(2000)], signers)).toMatch(
      /^PolicyContract\.setFeePerByte is not emulated by the local chain: the local chain keeps the default policy \(FeePerByte 1000, .*onInvoke\("0xcc5e4edd9f5f8dba8bb65734541df7a1c081c67b", "setFeePerByte"/,
    );
    expect(await faults(POLICY_HASH, 'blockAccount', [P.hash160(GAS_HASH)], signers)).toBe("It's impossible to block a native contract.");
    expect(await faults(POLICY_HASH, 'blockAccount', [P.hash160(chain.accounts[1]!)], signers)).toMatch(/does not persist committee changes/);
    // Nothing is blocked: unblocking answers false, as the node does.
    expect(await halt(POLICY_HASH, 'unblockAccount', [P.hash160(chain.accounts[1]!)], signers)).toEqual(I.bool(false));
    expect(await faults(POLICY_HASH, 'unblockAccount', [P.hash160(chain.accounts[1]!)])).toBe(INVALID_OPERATION);
  });
});

// ---- ContractManagement ----

describe('ContractManagement', () => {
  it('getContract: the ContractState stack item of getcontractstate\'s state; null for a hash with no contract', async () => {
    const { chain, halt } = setup();
    const state = await chain.blockchain.getContractState(GAS_HASH);
    const item = (await halt(CONTRACT_MANAGEMENT_HASH, 'getContract', [P.hash160(GAS_HASH)])) as { type: string; value: StackItem[] };
    expect(item.type).toBe('Array');
    const [id, updateCounter, hash, nef, manifest] = item.value as [StackItem, StackItem, StackItem, StackItem, { type: string; value: StackItem[] }];
    expect([id, updateCounter]).toEqual([I.int(-6), I.int(0)]);
    expect(bytesOf(hash)).toEqual(scriptHashToBytes(GAS_HASH));
    // NEF: magic, compiler (64 bytes), source, 0, no tokens, 0, script, checksum.
    const nefBytes = bytesOf(nef);
    const script = Buffer.from(state.nef.script, 'base64');
    expect(nefBytes.readUInt32LE(0)).toBe(state.nef.magic);
    expect(nefBytes.subarray(4, 68).toString().replace(/\0+$/, '')).toBe(state.nef.compiler);
    expect(nefBytes.subarray(68, 73).toString('hex')).toBe('0000000000');
    expect(nefBytes.subarray(74, 74 + script.length)).toEqual(script);
    expect(nefBytes[73]).toBe(script.length);
    expect(nefBytes.readUInt32LE(nefBytes.length - 4)).toBe(state.nef.checksum);
    expect(manifest.type).toBe('Struct');
    const [name, groups, features, standards, abi, permissions, trusts, extra] = manifest.value as StackItem[];
    expect(bytesOf(name).toString()).toBe('GasToken');
    expect([groups, features]).toEqual([I.array(), { type: 'Map', value: [] }]);
    expect(standards).toEqual(I.array(I.bytes('NEP-17')));
    const [methods, events] = (abi as { value: { value: StackItem[] }[] }).value;
    const transfer = methods!.value.find((m) => bytesOf((m as { value: StackItem[] }).value[0]).toString() === 'transfer') as { type: string; value: StackItem[] };
    expect(transfer).toEqual({
      type: 'Struct',
      value: [
        I.bytes('transfer'),
        I.array(
          ...[['from', 0x14], ['to', 0x14], ['amount', 0x11], ['data', 0x00]].map(([n, t]) => ({ type: 'Struct' as const, value: [I.bytes(n as string), I.int(t as number)] })),
        ),
        I.int(0x10),
        I.int(state.manifest.abi.methods.find((m) => m.name === 'transfer')!.offset),
        I.bool(false),
      ],
    });
    expect(methods!.value.map((m) => bytesOf((m as { value: StackItem[] }).value[0]).toString())).toEqual(state.manifest.abi.methods.map((m) => m.name));
    expect(events!.value).toHaveLength(1);
    expect(permissions).toEqual(I.array({ type: 'Struct', value: [NULL, NULL] }));
    expect([trusts, bytesOf(extra).toString()]).toEqual([I.array(), 'null']);
    expect(await halt(CONTRACT_MANAGEMENT_HASH, 'getContract', [P.hash160('0x' + '5c'.repeat(20))])).toEqual(NULL);
  });

  it('getContractById, hasMethod, getMinimumDeploymentFee, getContractHashes', async () => {
    const { halt } = setup();
    const stdLib = await halt(CONTRACT_MANAGEMENT_HASH, 'getContract', [P.hash160(STD_LIB_HASH)]);
    expect(await halt(CONTRACT_MANAGEMENT_HASH, 'getContractById', [P.int(-2)])).toEqual(stdLib);
    expect(await halt(CONTRACT_MANAGEMENT_HASH, 'getContractById', [P.int(1)])).toEqual(NULL);
    expect(bytesOf((stdLib as { value: StackItem[] }).value[2])).toEqual(scriptHashToBytes(STD_LIB_HASH));
    const has = async (hash: string, method: string, pcount: number) =>
      ((await halt(CONTRACT_MANAGEMENT_HASH, 'hasMethod', [P.hash160(hash), P.str(method), P.int(pcount)])) as { value: boolean }).value;
    expect(await has(GAS_HASH, 'transfer', 4)).toBe(true);
    expect(await has(GAS_HASH, 'transfer', 3)).toBe(false);
    expect(await has(STD_LIB_HASH, 'memorySearch', -1)).toBe(true);
    expect(await has('0x' + '5c'.repeat(20), 'transfer', 4)).toBe(false);
    expect(await halt(CONTRACT_MANAGEMENT_HASH, 'getMinimumDeploymentFee')).toEqual(I.int(10_00000000));
    expect(await halt(CONTRACT_MANAGEMENT_HASH, 'getContractHashes')).toEqual({ type: 'InteropInterface', iterator: [], truncated: false });
  });

  it('deploy, update and destroy FAULT saying the local chain deploys no contract', async () => {
    const { faults } = setup();
    for (const [op, params] of [['deploy', [P.bytes('nef'), P.str('{}')]], ['update', [P.bytes('nef'), P.str('{}'), P.any()]], ['destroy', []]] as const) {
      expect(await faults(CONTRACT_MANAGEMENT_HASH, op, [...params])).toMatch(
        new RegExp(`^ContractManagement\\.${op} is not emulated by the local chain: the local chain does not deploy contracts .*onInvoke`),
      );
    }
  });
});

// ---- RoleManagement and OracleContract ----

describe('RoleManagement', () => {
  it('getDesignatedByRole: an empty array for each role up to the next block; the node\'s exceptions otherwise', async () => {
    const { chain, halt, faults } = setup();
    await chain.mineBlock();
    for (const role of [4, 8, 16, 32]) {
      expect(await halt(ROLE_MANAGEMENT_HASH, 'getDesignatedByRole', [P.int(role), P.int(2)])).toEqual(I.array());
    }
    expect(await faults(ROLE_MANAGEMENT_HASH, 'getDesignatedByRole', [P.int(4), P.int(3)])).toBe(OUT_OF_RANGE('index'));
    expect(await faults(ROLE_MANAGEMENT_HASH, 'getDesignatedByRole', [P.int(5), P.int(0)])).toBe(OUT_OF_RANGE('role'));
    expect(await faults(ROLE_MANAGEMENT_HASH, 'getDesignatedByRole', [P.int(256), P.int(0)])).toBe('Value was either too large or too small for an unsigned byte.');
    const key = P.hex('02' + '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296');
    expect(await faults(ROLE_MANAGEMENT_HASH, 'designateAsRole', [P.int(8), P.array(key)])).toBe('DesignateAsRole');
    expect(await faults(ROLE_MANAGEMENT_HASH, 'designateAsRole', [P.int(8), P.array()])).toBe("Value does not fall within the expected range. (Parameter 'nodes')");
  });
});

describe('OracleContract', () => {
  it('getPrice 0.5 GAS; request FAULTs saying oracles are not emulated; verify false; finish without a response FAULTs', async () => {
    const { halt, faults } = setup();
    expect(await halt(ORACLE_HASH, 'getPrice')).toEqual(I.int(50000000));
    expect(await faults(ORACLE_HASH, 'request', [P.str('https://example.com'), P.any(), P.str('callback'), P.any(), P.int(10000000)])).toMatch(
      /^OracleContract\.request is not emulated by the local chain: the local chain runs no oracle nodes/,
    );
    expect(await halt(ORACLE_HASH, 'verify')).toEqual(I.bool(false));
    expect(await faults(ORACLE_HASH, 'finish')).toBe('Oracle response was not found');
    expect(await faults(ORACLE_HASH, 'setPrice', [P.int(0)])).toBe(OUT_OF_RANGE('price'));
  });
});

