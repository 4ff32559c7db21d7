// What every native contract's method shares: its description (name, parameters, the node's CpuFee), the FAULT
// a method raises (in the node's words: .NET's exception texts), and the conversions of the stack items it is
// called with, as the node's InteropParameterDescriptor converters do them (byte[] via GetSpan, integers via
// GetInteger and a checked cast, strings as strict UTF-8, UInt160/UInt256 of exactly 20/32 bytes, null as null).
import type { StackItem } from '../../../sdk/blockchain-types.js';
import type { CallContext } from '../contract-executor.js';
import { scriptHashFromBytes } from '../address.js';
import { bigIntToBytes, bytesToBigInt } from '../script-builder.js';
import { hash256FromBytes } from '../serialization.js';

/** A contract's exception: the call FAULTs with `message` as its exception text. */
export class NativeFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeFault';
  }
}

/** .NET's default exception texts, as the node reports them. */
export const DOTNET = {
  invalidCast: 'Specified cast is not valid.',
  invalidOperation: 'Operation is not valid due to the current state of the object.',
  format: 'One of the identified items was in an invalid format.',
  nullReference: 'Object reference not set to an instance of an object.',
  notSupported: 'Specified method is not supported.',
  maxLength: 'The input exceeds the maximum length.',
} as const;

/** ArgumentOutOfRangeException(paramName). */
export function outOfRange(parameter?: string): string {
  const text = 'Specified argument was out of the range of valid values.';
  return parameter ? `${text} (Parameter '${parameter}')` : text;
}

/** ArgumentException(null, paramName). */
export function argumentInvalid(parameter: string): string {
  return `Value does not fall within the expected range. (Parameter '${parameter}')`;
}

/** ArgumentNullException(paramName). */
export function argumentNull(parameter: string): string {
  return `Value cannot be null. (Parameter '${parameter}')`;
}

export interface NativeMethod {
  name: string;
  /** The manifest's parameter names, in order: their count is the method's arity. */
  parameters: readonly string[];
  /** The node's ContractMethod CpuFee (multiplied by ExecFeeFactor when charged). */
  cpuFee: number;
  /** The result pushed on the stack (a Void method pushes Null, as System.Contract.Call does); throws NativeFault. */
  run(ctx: CallContext, args: StackItem[]): StackItem;
}

export interface NativeContractCalls {
  hash: string;
  /** The manifest name. */
  name: string;
  methods: readonly NativeMethod[];
}

type Spec = [name: string, parameters: string[], cpuFee: number, run: NativeMethod['run']];

/** The implementations of a contract's methods (which methods exist, and their safe flags, are the manifest's: native-contracts.ts). */
export function methods(specs: Spec[]): NativeMethod[] {
  return specs.map(([name, parameters, cpuFee, run]) => ({ name, parameters, cpuFee, run }));
}

/** What a method the local chain cannot carry out does: a FAULT that says so and how to stand in for it. */
export function notEmulated(contract: NativeContractCalls | { name: string; hash: string }, method: string, why: string): never {
  throw new NativeFault(
    `${contract.name}.${method} is not emulated by the local chain: ${why}. Register the result you expect with onInvoke("${contract.hash}", "${method}", …).`,
  );
}

// ---- stack items the methods return ----

export const NULL_ITEM: StackItem = { type: 'Any' };

// ---- conversions of the arguments (InteropParameterDescriptor) ----

/** Integer's bytes as NeoVM holds them: two's complement little-endian, zero as no bytes. */
export function integerSpan(value: bigint): Buffer {
  return value === 0n ? Buffer.alloc(0) : bigIntToBytes(value);
}

/** StackItem.GetSpan: the bytes of a primitive item or a Buffer; InvalidCastException for anything else (null included). */
export function span(item: StackItem | undefined): Buffer {
  switch (item?.type) {
    case 'ByteString':
    case 'Buffer':
      return Buffer.from(item.value, 'base64');
    case 'Integer':
      return integerSpan(BigInt(item.value));
    case 'Boolean':
      return Buffer.from([item.value ? 1 : 0]);
    default:
      throw new NativeFault(DOTNET.invalidCast);
  }
}

function isNull(item: StackItem | undefined): boolean {
  return !item || item.type === 'Any';
}

/** [MaxLength(n)]: checked on the item, before its conversion (so a null item is an invalid cast). */
function checkMaxLength(item: StackItem | undefined, maxLength: number | undefined): void {
  if (maxLength !== undefined && span(item).length > maxLength) throw new NativeFault(DOTNET.maxLength);
}

/** A byte[] parameter: null for Null. */
export function toBytes(item: StackItem | undefined, maxLength?: number): Buffer | null {
  checkMaxLength(item, maxLength);
  return isNull(item) ? null : span(item);
}

/** A byte[] parameter the method dereferences (a null one is the node's NullReferenceException). */
export function toBytesRequired(item: StackItem | undefined, maxLength?: number): Buffer {
  const bytes = toBytes(item, maxLength);
  if (bytes === null) throw new NativeFault(DOTNET.nullReference);
  return bytes;
}

/** The offset of the first byte that does not start a valid UTF-8 sequence (strict: no overlongs, surrogates or > U+10FFFF), or -1. */
function invalidUtf8At(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Strict UTF-8 (the node's StrictUTF8): DecoderFallbackException for invalid bytes. */
export function strictUtf8(bytes: Buffer): string {
  const bad = invalidUtf8At(bytes);
  if (bad >= 0) {
    const shown = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw new NativeFault(`Unable to translate bytes [${shown}] at index ${bad} from specified code page to Unicode.`);
  }
  return bytes.toString('utf8');
}

/** A string parameter: null for Null. */
export function toText(item: StackItem | undefined, maxLength?: number): string | null {
  checkMaxLength(item, maxLength);
  return isNull(item) ? null : strictUtf8(span(item));
}

export function toTextRequired(item: StackItem | undefined, maxLength?: number): string {
  const text = toText(item, maxLength);
  if (text === null) throw new NativeFault(DOTNET.nullReference);
  return text;
}

/** StackItem.GetInteger: Integer, Boolean, or a ByteString of at most 32 bytes; InvalidCastException for anything else. */
export function toBigInteger(item: StackItem | undefined): bigint {
  switch (item?.type) {
    case 'Integer':
      return BigInt(item.value);
    case 'Boolean':
      return item.value ? 1n : 0n;
    case 'ByteString': {
      const bytes = Buffer.from(item.value, 'base64');
      if (bytes.length > 32) throw new NativeFault(`MaxSize exceed: ${bytes.length}`);
      return bytesToBigInt(bytes);
    }
    default:
      throw new NativeFault(DOTNET.invalidCast);
  }
}

const RANGES = {
  byte: [0n, 255n, 'an unsigned byte'],
  int32: [-(2n ** 31n), 2n ** 31n - 1n, 'an Int32'],
  uint32: [0n, 2n ** 32n - 1n, 'a UInt32'],
  int64: [-(2n ** 63n), 2n ** 63n - 1n, 'an Int64'],
} as const;

/** A fixed-size integer parameter: GetInteger, then C#'s checked cast (OverflowException out of range). */
export function toInteger(item: StackItem | undefined, kind: keyof typeof RANGES): bigint {
  const value = toBigInteger(item);
  const [min, max, what] = RANGES[kind];
  if (value < min || value > max) throw new NativeFault(`Value was either too large or too small for ${what}.`);
  return value;
}

/** StackItem.GetBoolean. */
export function toBoolean(item: StackItem | undefined): boolean {
  switch (item?.type) {
    case undefined:
    case 'Any':
      return false;
    case 'Boolean':
      return item.value;
    case 'Integer':
      return BigInt(item.value) !== 0n;
    case 'ByteString': {
      const bytes = Buffer.from(item.value, 'base64');
      if (bytes.length > 32) throw new NativeFault(DOTNET.invalidCast);
      return bytes.some((b) => b !== 0);
    }
    default:
      return true;
  }
}

/** A UInt160 parameter (0x script hash, big-endian): null for Null; FormatException unless 20 bytes. */
export function toHash160(item: StackItem | undefined): string | null {
  if (isNull(item)) return null;
  const bytes = span(item);
  if (bytes.length !== 20) throw new NativeFault(DOTNET.format);
  return scriptHashFromBytes(bytes);
}

export function toHash160Required(item: StackItem | undefined): string {
  const hash = toHash160(item);
  if (hash === null) throw new NativeFault(DOTNET.nullReference);
  return hash;
}

/** A UInt256 parameter (0x hash, big-endian): FormatException unless 32 bytes. */
export function toHash256Required(item: StackItem | undefined): string {
  if (isNull(item)) throw new NativeFault(DOTNET.nullReference);
  const bytes = span(item);
  if (bytes.length !== 32) throw new NativeFault(DOTNET.format);
  return hash256FromBytes(bytes);
}

/** An array parameter (T[]): the items of an Array or Struct. */
export function toArray(item: StackItem | undefined): StackItem[] {
  if (item?.type === 'Array' || item?.type === 'Struct') return item.value;
  throw new NativeFault(DOTNET.invalidCast);
}
