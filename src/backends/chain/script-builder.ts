// NeoVM script building, byte-compatible with Neo's ScriptBuilder: pushes, EmitDynamicCall, verification scripts.
import type { StackItem } from '../../sdk/blockchain-types.js';
import { BinaryWriter, sha256 } from './bytes.js';
import { scriptHashToBytes } from './address.js';

export const OpCode = {
  PUSHINT8: 0x00,
  PUSHINT16: 0x01,
  PUSHINT32: 0x02,
  PUSHINT64: 0x03,
  PUSHINT128: 0x04,
  PUSHINT256: 0x05,
  PUSHT: 0x08,
  PUSHF: 0x09,
  PUSHNULL: 0x0b,
  PUSHDATA1: 0x0c,
  PUSHDATA2: 0x0d,
  PUSHDATA4: 0x0e,
  PUSHM1: 0x0f,
  PUSH0: 0x10,
  PUSH1: 0x11,
  ASSERT: 0x39,
  RET: 0x40,
  SYSCALL: 0x41,
  PACKMAP: 0xbe,
  PACK: 0xc0,
  NEWARRAY0: 0xc2,
  NEWMAP: 0xc8,
} as const;

/** CallFlags.All, pushed by EmitDynamicCall. */
const CALL_FLAGS_ALL = 0x0f;

/** An interop service id: the first 4 bytes of SHA-256 of its name. */
export function interopHash(name: string): Buffer {
  return sha256(Buffer.from(name, 'ascii')).subarray(0, 4);
}

/** Two's complement, little-endian, minimal length (C#'s BigInteger.ToByteArray()). */
export function bigIntToBytes(value: bigint): Buffer {
  if (value === 0n) return Buffer.from([0]);
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    bytes.push(byte);
    rest >>= 8n;
    if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}

/** Inverse of bigIntToBytes (NeoVM's integer view of a byte string). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  if ((bytes[bytes.length - 1]! & 0x80) !== 0) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

export class ScriptBuilder {
  private readonly writer = new BinaryWriter();

  emit(opcode: number, operand?: Uint8Array): this {
    this.writer.u8(opcode);
    if (operand) this.writer.bytes(operand);
    return this;
  }

  pushInteger(value: bigint): this {
    if (value >= -1n && value <= 16n) return this.emit(OpCode.PUSH0 + Number(value));
    const bytes = bigIntToBytes(value);
    const sizes = [1, 2, 4, 8, 16, 32];
    const index = sizes.findIndex((size) => bytes.length <= size);
    if (index < 0) throw new RangeError('An integer pushed by a script fits in 32 bytes');
    const size = sizes[index]!;
    const padded = Buffer.alloc(size, value < 0n ? 0xff : 0x00);
    bytes.copy(padded);
    return this.emit(OpCode.PUSHINT8 + index, padded);
  }

  pushBytes(data: Uint8Array): this {
    if (data.length < 0x100) {
      this.writer.u8(OpCode.PUSHDATA1).u8(data.length);
    } else if (data.length < 0x10000) {
      this.writer.u8(OpCode.PUSHDATA2).u16(data.length);
    } else {
      this.writer.u8(OpCode.PUSHDATA4).u32(data.length);
    }
    this.writer.bytes(data);
    return this;
  }

  pushString(text: string): this {
    return this.pushBytes(Buffer.from(text, 'utf8'));
  }

  pushBoolean(value: boolean): this {
    return this.emit(value ? OpCode.PUSHT : OpCode.PUSHF);
  }

  pushNull(): this {
    return this.emit(OpCode.PUSHNULL);
  }

  /** Pushes a stack item the way EmitPush(ContractParameter) does for the matching parameter. */
  pushItem(item: StackItem): this {
    switch (item.type) {
      case 'Any':
        return this.pushNull();
      case 'Boolean':
        return this.pushBoolean(item.value);
      case 'Integer':
        return this.pushInteger(BigInt(item.value));
      case 'ByteString':
      case 'Buffer':
        return this.pushBytes(Buffer.from(item.value, 'base64'));
      case 'Array':
      case 'Struct':
        return this.pushArray(item.value);
      case 'Map': {
        if (item.value.length === 0) return this.emit(OpCode.NEWMAP);
        for (const entry of [...item.value].reverse()) {
          this.pushItem(entry.value);
          this.pushItem(entry.key);
        }
        this.pushInteger(BigInt(item.value.length));
        return this.emit(OpCode.PACKMAP);
      }
      default:
        throw new TypeError(`A ${item.type} stack item cannot be pushed by a script`);
    }
  }

  /** ScriptBuilder.CreateArray: items pushed in reverse, then the count, then PACK (NEWARRAY0 when empty). */
  pushArray(items: StackItem[]): this {
    if (items.length === 0) return this.emit(OpCode.NEWARRAY0);
    for (const item of [...items].reverse()) this.pushItem(item);
    this.pushInteger(BigInt(items.length));
    return this.emit(OpCode.PACK);
  }

  sysCall(name: string): this {
    return this.emit(OpCode.SYSCALL, interopHash(name));
  }

  /** EmitDynamicCall: System.Contract.Call(scriptHash, operation, CallFlags.All, args). */
  dynamicCall(scriptHash: string, operation: string, args: StackItem[]): this {
    this.pushArray(args);
    this.pushInteger(BigInt(CALL_FLAGS_ALL));
    this.pushString(operation);
    this.pushBytes(scriptHashToBytes(scriptHash));
    return this.sysCall('System.Contract.Call');
  }

  toBuffer(): Buffer {
    return this.writer.toBuffer();
  }
}

/** A standard account's verification script: PUSHDATA1 <33-byte key> SYSCALL System.Crypto.CheckSig. */
export function signatureVerificationScript(publicKey: Uint8Array): Buffer {
  return new ScriptBuilder().pushBytes(publicKey).sysCall('System.Crypto.CheckSig').toBuffer();
}

/** Contract.CreateMultiSigRedeemScript(m, keys): m, the keys in ascending order (by X, then Y), n, CheckMultisig. */
export function multiSigVerificationScript(m: number, publicKeys: Uint8Array[]): Buffer {
  const sorted = [...publicKeys]
    .map((k) => Buffer.from(k))
    .sort((a, b) => Buffer.compare(a.subarray(1), b.subarray(1)) || a[0]! - b[0]!);
  const builder = new ScriptBuilder().pushInteger(BigInt(m));
  for (const key of sorted) builder.pushBytes(key);
  return builder.pushInteger(BigInt(sorted.length)).sysCall('System.Crypto.CheckMultisig').toBuffer();
}

/** The invocation script carrying one 64-byte signature: PUSHDATA1 <signature>. */
export function signatureInvocationScript(signature: Uint8Array): Buffer {
  return new ScriptBuilder().pushBytes(signature).toBuffer();
}
