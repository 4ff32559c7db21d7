// The nine native contracts of the local chain (Neo 3.7, hardforks Aspidochelone … Domovoi active from block 0):
// identity, NEF (one 7-byte stub per method) and manifest, as getcontractstate and getnativecontracts return them;
// lookups by hash, id or name, and the method question ("does H have M/N, is it safe") for code calling them.
// The ABI tables are in native-manifests.ts; the identities in native-hashes.ts.
import type {
  ContractEventDescriptor,
  ContractMethodDescriptor,
  ContractParamType,
  ContractState,
} from '../../sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../sdk/blockchain-types.js';
import { BinaryWriter, hash256 } from './bytes.js';
import { normalizeScriptHash } from './address.js';
import { NATIVE_IDENTITIES } from './native-hashes.js';
import { NATIVE_ABI_TABLES, NEO_3_7_HARDFORKS, type EventRow, type Hardfork, type HardforkWindow, type MethodRow, type ParamSpec } from './native-manifests.js';
import { RpcError } from './rpc-error.js';
import { OpCode, ScriptBuilder } from './script-builder.js';

export type { Hardfork } from './native-manifests.js';

/** The hardforks the local chain claims, all active from block 0 (getversion lists them so; the manifests follow them). */
export const LOCAL_HARDFORKS: readonly Hardfork[] = NEO_3_7_HARDFORKS;

export interface NativeContract {
  hash: string;
  id: number;
  /** Manifest name. */
  name: string;
  supportedstandards: string[];
  /** In the node's order, offsets set. */
  methods: ContractMethodDescriptor[];
  events: ContractEventDescriptor[];
}

export interface NativeToken extends NativeContract {
  name: 'NeoToken' | 'GasToken';
  symbol: 'NEO' | 'GAS';
  decimals: number;
}

const TOKENS = { NeoToken: { symbol: 'NEO', decimals: 0 }, GasToken: { symbol: 'GAS', decimals: 8 } } as const;

// ---- building the manifests from the tables ----

/** NativeContract.IsActive: no hardfork involved, or before its deprecation, or from its activation. */
function isActive(window: HardforkWindow | undefined, hardforks: readonly Hardfork[]): boolean {
  if (window === undefined) return true;
  if (window.deprecatedIn !== undefined && !hardforks.includes(window.deprecatedIn)) return true;
  return window.activeIn !== undefined && hardforks.includes(window.activeIn);
}

function parameters(specs: readonly ParamSpec[]): { name: string; type: ContractParamType }[] {
  return specs.map((spec) => {
    const colon = spec.lastIndexOf(':');
    return { name: spec.slice(0, colon), type: spec.slice(colon + 1) as ContractParamType };
  });
}

/** The node's order (name, ordinal; then parameter count); each method a 7-byte stub after the one before. */
function methods(rows: readonly MethodRow[], hardforks: readonly Hardfork[]): ContractMethodDescriptor[] {
  const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows
    .filter(([, , , , window]) => isActive(window, hardforks))
    .map(([name, params, returntype, safe]) => ({ name, parameters: parameters(params), returntype, offset: 0, safe }))
    .sort((a, b) => ordinal(a.name, b.name) || a.parameters.length - b.parameters.length)
    .map((method, i) => ({ ...method, offset: i * 7 }));
}

function events(rows: readonly EventRow[], hardforks: readonly Hardfork[]): ContractEventDescriptor[] {
  return rows.filter(([, , window]) => isActive(window, hardforks)).map(([name, params]) => ({ name, parameters: parameters(params) }));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The nine native contracts (id order) as a node with exactly these hardforks active builds them. */
export function nativeContractsFor(hardforks: readonly Hardfork[]): NativeContract[] {
  return NATIVE_IDENTITIES.map(({ id, name, hash }) => {
    const table = NATIVE_ABI_TABLES[name];
    if (table === undefined) throw new Error(`No ABI table for the native contract ${name}`);
    const contract: NativeContract = {
      hash,
      id,
      name,
      supportedstandards: [...table.supportedstandards],
      methods: methods(table.methods, hardforks),
      events: events(table.events, hardforks),
    };
    return name in TOKENS ? { ...contract, ...TOKENS[name as keyof typeof TOKENS] } : contract;
  });
}

/** The local chain's native contracts, -1 … -9 (read-only). */
export const NATIVE_CONTRACTS: readonly NativeContract[] = deepFreeze(nativeContractsFor(LOCAL_HARDFORKS));

function token(name: NativeToken['name']): NativeToken {
  const contract = NATIVE_CONTRACTS.find((c) => c.name === name);
  if (contract === undefined || !('symbol' in contract)) throw new Error(`The native token ${name} is missing`);
  return contract as NativeToken;
}

export const NEO_TOKEN: NativeToken = token('NeoToken');
export const GAS_TOKEN: NativeToken = token('GasToken');
export const NATIVE_TOKENS: readonly NativeToken[] = [NEO_TOKEN, GAS_TOKEN];

// ---- lookups ----

/** A script hash in the 0x lowercase form, or undefined when it is not one. */
function scriptHashOrUndefined(value: string): string | undefined {
  const hex = value.replace(/^0x/i, '');
  return /^[0-9a-fA-F]{40}$/.test(hex) ? '0x' + hex.toLowerCase() : undefined;
}

export function nativeTokenByHash(scriptHash: string): NativeToken | undefined {
  return NATIVE_TOKENS.find((t) => t.hash === scriptHash);
}

export function nativeContractByHash(scriptHash: string): NativeContract | undefined {
  const hash = scriptHashOrUndefined(scriptHash);
  return hash === undefined ? undefined : NATIVE_CONTRACTS.find((c) => c.hash === hash);
}

/**
 * A native contract by id (-1 … -9, a number or its decimal string), manifest name (case-insensitive, as the
 * node's getcontractstate matches names) or script hash (with or without 0x, any case); undefined otherwise.
 */
export function findNativeContract(key: string | number): NativeContract | undefined {
  if (typeof key === 'number') return NATIVE_CONTRACTS.find((c) => c.id === key);
  const lower = key.toLowerCase();
  const hash = scriptHashOrUndefined(key);
  return NATIVE_CONTRACTS.find((c) => c.name.toLowerCase() === lower || String(c.id) === key || c.hash === hash);
}

/** NEO or GAS by hash, id ("-5") or manifest name (case-insensitive). */
export function findNativeToken(key: string): NativeToken | undefined {
  const found = findNativeContract(key);
  return found === undefined ? undefined : nativeTokenByHash(found.hash);
}

/**
 * getcontractstate's key as chain-params' contractKey reads it (an id, a native name, a 0x hash) → the native
 * contract, or undefined (the node's -102 Unknown contract). A name no native contract of Neo 3.7 has (Notary
 * comes with Neo 3.8) is no key at all: the node reads it as a script hash and refuses it (-32602).
 */
export function nativeContractForKey(key: string | number): NativeContract | undefined {
  const found = findNativeContract(key);
  if (found !== undefined || typeof key === 'number' || scriptHashOrUndefined(key) !== undefined) return found;
  throw RpcError.invalidParams(
    `Invalid contract ${JSON.stringify(key)}: the local chain (Neo 3.7) has no native contract of that name; its native contracts are ${NATIVE_CONTRACTS.map((c) => c.name).join(', ')}`,
  );
}

/**
 * The method `name` taking `parameterCount` arguments of the native contract `scriptHash` (as ContractManagement's
 * hasMethod matches them), with its parameters, return type, offset and safe flag; undefined when there is none.
 */
export function nativeMethod(scriptHash: string, name: string, parameterCount: number): ContractMethodDescriptor | undefined {
  return nativeContractByHash(scriptHash)?.methods.find((m) => m.name === name && m.parameters.length === parameterCount);
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

// ---- NEF and contract state ----

/** NEF magic "NEF3". */
export const NEF_MAGIC = 0x3346454e;
const NEF_COMPILER = 'neo-core-v3.0';

/** NefFile.Serialize without its checksum: magic, compiler (64 bytes), source, reserved byte, no method tokens, reserved uint16, script. */
export function nefBody(nef: { magic: number; compiler: string; source: string; script: Buffer }): Buffer {
  const compiler = Buffer.alloc(64);
  compiler.write(nef.compiler, 'utf8');
  return new BinaryWriter()
    .u32(nef.magic)
    .bytes(compiler)
    .varBytes(Buffer.from(nef.source, 'utf8'))
    .u8(0)
    .varInt(0)
    .u16(0)
    .varBytes(nef.script)
    .toBuffer();
}

/** NefFile checksum: the first 4 bytes (little-endian uint32) of Hash256 of the NEF without its checksum. */
export function nefChecksum(nef: { magic: number; compiler: string; source: string; script: Buffer }): number {
  return hash256(nefBody(nef)).readUInt32LE(0);
}

/** A native contract's script: one 7-byte stub per method (PUSH0, SYSCALL System.Contract.CallNative, RET). */
export function nativeScript(methodCount: number): Buffer {
  const stub = new ScriptBuilder().pushInteger(0n).sysCall('System.Contract.CallNative').emit(OpCode.RET).toBuffer();
  return Buffer.concat(Array.from({ length: methodCount }, () => stub));
}

/** The contract state in the node's JSON key order; updatecounter 0 (every hardfork is active from genesis). */
export function nativeContractState(contract: NativeContract): ContractState {
  const script = nativeScript(contract.methods.length);
  return {
    id: contract.id,
    updatecounter: 0,
    hash: contract.hash,
    nef: {
      magic: NEF_MAGIC,
      compiler: NEF_COMPILER,
      source: '',
      tokens: [],
      script: script.toString('base64'),
      checksum: nefChecksum({ magic: NEF_MAGIC, compiler: NEF_COMPILER, source: '', script }),
    },
    manifest: {
      name: contract.name,
      groups: [],
      features: {},
      supportedstandards: [...contract.supportedstandards],
      abi: { methods: structuredClone(contract.methods), events: structuredClone(contract.events) },
      permissions: [{ contract: '*', methods: '*' }],
      trusts: [],
      extra: null,
    },
  };
}

/** getnativecontracts: every native contract's state, -1 … -9. */
export function nativeContractStates(): ContractState[] {
  return NATIVE_CONTRACTS.map(nativeContractState);
}
