// The native NEO and GAS token contracts: identity, NEF and manifest as getcontractstate returns them
// (Neo 3.7 layout: NeoToken with 20 methods and NEP-17; GasToken with the 5 NEP-17 methods).
import type {
  ContractEventDescriptor,
  ContractMethodDescriptor,
  ContractParamType,
  ContractState,
} from '../../sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../sdk/blockchain-types.js';
import { BinaryWriter, hash256 } from './bytes.js';
import { normalizeScriptHash } from './address.js';
import { RpcError } from './rpc-error.js';
import { OpCode, ScriptBuilder } from './script-builder.js';

export interface NativeToken {
  hash: string;
  id: number;
  /** Manifest name. */
  name: 'NeoToken' | 'GasToken';
  symbol: 'NEO' | 'GAS';
  decimals: number;
  methods: ContractMethodDescriptor[];
  events: ContractEventDescriptor[];
}

type MethodSpec = [name: string, params: [string, ContractParamType][], returns: ContractParamType, safe: boolean];

function methods(specs: MethodSpec[]): ContractMethodDescriptor[] {
  return specs.map(([name, params, returntype, safe], i) => ({
    name,
    parameters: params.map(([n, type]) => ({ name: n, type })),
    returntype,
    // Each native method is a 7-byte stub (PUSH0, SYSCALL System.Contract.CallNative, RET).
    offset: i * 7,
    safe,
  }));
}

const TRANSFER_EVENT: ContractEventDescriptor = {
  name: 'Transfer',
  parameters: [
    { name: 'from', type: 'Hash160' },
    { name: 'to', type: 'Hash160' },
    { name: 'amount', type: 'Integer' },
  ],
};

const TRANSFER: MethodSpec = [
  'transfer',
  [['from', 'Hash160'], ['to', 'Hash160'], ['amount', 'Integer'], ['data', 'Any']],
  'Boolean',
  false,
];

export const NEO_TOKEN: NativeToken = {
  hash: NEO_HASH,
  id: -5,
  name: 'NeoToken',
  symbol: 'NEO',
  decimals: 0,
  methods: methods([
    ['balanceOf', [['account', 'Hash160']], 'Integer', true],
    ['decimals', [], 'Integer', true],
    ['getAccountState', [['account', 'Hash160']], 'Array', true],
    ['getAllCandidates', [], 'InteropInterface', true],
    ['getCandidateVote', [['pubKey', 'PublicKey']], 'Integer', true],
    ['getCandidates', [], 'Array', true],
    ['getCommittee', [], 'Array', true],
    ['getCommitteeAddress', [], 'Hash160', true],
    ['getGasPerBlock', [], 'Integer', true],
    ['getNextBlockValidators', [], 'Array', true],
    ['getRegisterPrice', [], 'Integer', true],
    ['registerCandidate', [['pubkey', 'PublicKey']], 'Boolean', false],
    ['setGasPerBlock', [['gasPerBlock', 'Integer']], 'Void', false],
    ['setRegisterPrice', [['registerPrice', 'Integer']], 'Void', false],
    ['symbol', [], 'String', true],
    ['totalSupply', [], 'Integer', true],
    TRANSFER,
    ['unclaimedGas', [['account', 'Hash160'], ['end', 'Integer']], 'Integer', true],
    ['unregisterCandidate', [['pubkey', 'PublicKey']], 'Boolean', false],
    ['vote', [['account', 'Hash160'], ['voteTo', 'PublicKey']], 'Boolean', false],
  ]),
  events: [
    TRANSFER_EVENT,
    {
      name: 'CandidateStateChanged',
      parameters: [
        { name: 'pubkey', type: 'PublicKey' },
        { name: 'registered', type: 'Boolean' },
        { name: 'votes', type: 'Integer' },
      ],
    },
    {
      name: 'Vote',
      parameters: [
        { name: 'account', type: 'Hash160' },
        { name: 'from', type: 'PublicKey' },
        { name: 'to', type: 'PublicKey' },
        { name: 'amount', type: 'Integer' },
      ],
    },
    {
      name: 'CommitteeChanged',
      parameters: [
        { name: 'old', type: 'Array' },
        { name: 'new', type: 'Array' },
      ],
    },
  ],
};

export const GAS_TOKEN: NativeToken = {
  hash: GAS_HASH,
  id: -6,
  name: 'GasToken',
  symbol: 'GAS',
  decimals: 8,
  methods: methods([
    ['balanceOf', [['account', 'Hash160']], 'Integer', true],
    ['decimals', [], 'Integer', true],
    ['symbol', [], 'String', true],
    ['totalSupply', [], 'Integer', true],
    TRANSFER,
  ]),
  events: [TRANSFER_EVENT],
};

export const NATIVE_TOKENS: readonly NativeToken[] = [NEO_TOKEN, GAS_TOKEN];

export function nativeTokenByHash(scriptHash: string): NativeToken | undefined {
  return NATIVE_TOKENS.find((t) => t.hash === scriptHash);
}

/** A native token by hash, id ("-5") or manifest name (case-insensitive), as getcontractstate accepts them. */
export function findNativeToken(key: string): NativeToken | undefined {
  const lower = key.toLowerCase();
  return NATIVE_TOKENS.find(
    (t) => t.name.toLowerCase() === lower || String(t.id) === key || t.hash === lower || t.hash === '0x' + lower,
  );
}

/** 'NEO', 'GAS' (any case) or a NEP-17 contract hash → the 0x script hash. */
export function resolveAsset(asset: unknown): string {
  if (typeof asset === 'string') {
    const upper = asset.toUpperCase();
    if (upper === 'NEO') return NEO_HASH;
    if (upper === 'GAS') return GAS_HASH;
  }
  try {
    return normalizeScriptHash(asset);
  } catch {
    const shown = typeof asset === 'string' ? JSON.stringify(asset) : String(asset);
    throw RpcError.invalidParams(
      `Invalid asset ${shown}: expected 'NEO', 'GAS' or a NEP-17 contract hash (0x followed by 40 hex digits)`,
    );
  }
}

/** NEF magic "NEF3". */
export const NEF_MAGIC = 0x3346454e;
const NEF_COMPILER = 'neo-core-v3.0';

/** NefFile checksum: the first 4 bytes (little-endian uint32) of Hash256 of the NEF without its checksum. */
export function nefChecksum(nef: { magic: number; compiler: string; source: string; script: Buffer }): number {
  const compiler = Buffer.alloc(64);
  compiler.write(nef.compiler, 'utf8');
  const body = new BinaryWriter()
    .u32(nef.magic)
    .bytes(compiler)
    .varBytes(Buffer.from(nef.source, 'utf8'))
    .u8(0)
    .varInt(0)
    .u16(0)
    .varBytes(nef.script)
    .toBuffer();
  return hash256(body).readUInt32LE(0);
}

/** A native contract's script: one 7-byte stub per method. */
export function nativeScript(methodCount: number): Buffer {
  const stub = new ScriptBuilder().pushInteger(0n).sysCall('System.Contract.CallNative').emit(OpCode.RET).toBuffer();
  return Buffer.concat(Array.from({ length: methodCount }, () => stub));
}

export function nativeContractState(token: NativeToken): ContractState {
  const script = nativeScript(token.methods.length);
  return {
    id: token.id,
    updatecounter: 0,
    hash: token.hash,
    nef: {
      magic: NEF_MAGIC,
      compiler: NEF_COMPILER,
      source: '',
      tokens: [],
      script: script.toString('base64'),
      checksum: nefChecksum({ magic: NEF_MAGIC, compiler: NEF_COMPILER, source: '', script }),
    },
    manifest: {
      name: token.name,
      groups: [],
      features: {},
      supportedstandards: ['NEP-17'],
      abi: { methods: structuredClone(token.methods), events: structuredClone(token.events) },
      permissions: [{ contract: '*', methods: '*' }],
      trusts: [],
      extra: null,
    },
  };
}
