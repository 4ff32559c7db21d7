// NeoVM's BinarySerializer: stack items as the node stores them (native contracts' storage values) and as
// StdLib.serialize / StdLib.deserialize see them. Integers are two's complement little-endian, zero as no bytes.
import type { StackItem } from '../../sdk/blockchain-types.js';
import { BinaryWriter } from './bytes.js';
import { bigIntToBytes, bytesToBigInt } from './script-builder.js';

export const STACK_ITEM_TYPE = {
  Any: 0x00,
  Pointer: 0x10,
  Boolean: 0x20,
  Integer: 0x21,
  ByteString: 0x28,
  Buffer: 0x30,
  Array: 0x40,
  Struct: 0x41,
  Map: 0x48,
  InteropInterface: 0x60,
} as const;

/** ExecutionEngineLimits.Default (neo-vm 3.6+, Neo 3.7): MaxItemSize (ushort.MaxValue * 2) and MaxStackSize bound what (de)serializes. */
export const MAX_ITEM_SIZE = 65535 * 2;
const MAX_ITEMS = 2048;
/** Map.MaxKeySize: a map key (a primitive item) holds at most 64 bytes. */
const MAX_KEY_SIZE = 64;

/** .NET's default texts of the exceptions the node's BinarySerializer throws: what a FAULT's exception reads. */
export const NODE_TEXT = {
  format: 'One of the identified items was in an invalid format.',
  notSupported: 'Specified method is not supported.',
  invalidOperation: 'Operation is not valid due to the current state of the object.',
} as const;

/** `message` says what is wrong; `nodeMessage` is the node's exception text for it (StdLib's FAULT). */
export class SerializationError extends Error {
  constructor(
    message: string,
    readonly nodeMessage: string = message,
  ) {
    super(message);
    this.name = 'SerializationError';
  }
}

function integerBytes(value: bigint): Buffer {
  return value === 0n ? Buffer.alloc(0) : bigIntToBytes(value);
}

export function serializeStackItem(item: StackItem, maxSize = MAX_ITEM_SIZE): Buffer {
  const writer = new BinaryWriter();
  let count = 0;
  const write = (current: StackItem): void => {
    if (++count > MAX_ITEMS) throw new SerializationError('Too many items to serialize', NODE_TEXT.format);
    switch (current.type) {
      case 'Any':
        writer.u8(STACK_ITEM_TYPE.Any);
        return;
      case 'Boolean':
        writer.u8(STACK_ITEM_TYPE.Boolean).u8(current.value ? 1 : 0);
        return;
      case 'Integer':
        writer.u8(STACK_ITEM_TYPE.Integer).varBytes(integerBytes(BigInt(current.value)));
        return;
      case 'ByteString':
      case 'Buffer':
        writer.u8(STACK_ITEM_TYPE[current.type]).varBytes(Buffer.from(current.value, 'base64'));
        return;
      case 'Array':
      case 'Struct':
        writer.u8(STACK_ITEM_TYPE[current.type]).varInt(current.value.length);
        for (const element of current.value) write(element);
        return;
      case 'Map':
        writer.u8(STACK_ITEM_TYPE.Map).varInt(current.value.length);
        for (const entry of current.value) {
          write(entry.key);
          write(entry.value);
        }
        return;
      default:
        throw new SerializationError(`Type ${current.type} is not supported to serialize`, NODE_TEXT.notSupported);
    }
  };
  write(item);
  const bytes = writer.toBuffer();
  if (bytes.length > maxSize) throw new SerializationError(`The serialized item is ${bytes.length} bytes, over the limit of ${maxSize}`, NODE_TEXT.invalidOperation);
  return bytes;
}

export function deserializeStackItem(bytes: Uint8Array): StackItem {
  const data = Buffer.from(bytes);
  let offset = 0;
  let count = 0;
  const take = (length: number): Buffer => {
    if (offset + length > data.length) throw new SerializationError(`Unexpected end of data at byte ${offset} of ${data.length}`, NODE_TEXT.format);
    const out = data.subarray(offset, offset + length);
    offset += length;
    return out;
  };
  const varInt = (): number => {
    const first = take(1)[0]!;
    if (first < 0xfd) return first;
    if (first === 0xfd) return take(2).readUInt16LE(0);
    if (first === 0xfe) return take(4).readUInt32LE(0);
    const value = take(8).readBigUInt64LE(0);
    if (value > BigInt(MAX_ITEM_SIZE)) throw new SerializationError(`A length of ${value} is over the limit of ${MAX_ITEM_SIZE}`, NODE_TEXT.format);
    return Number(value);
  };
  const read = (): StackItem => {
    if (++count > MAX_ITEMS) throw new SerializationError('Too many items to deserialize', NODE_TEXT.format);
    const type = take(1)[0]!;
    switch (type) {
      case STACK_ITEM_TYPE.Any:
        return { type: 'Any' };
      case STACK_ITEM_TYPE.Boolean: {
        // MemoryReader.ReadBoolean: only 0 and 1 are booleans.
        const byte = take(1)[0]!;
        if (byte > 1) throw new SerializationError(`A Boolean is 0 or 1, got ${byte} at byte ${offset - 1}`, NODE_TEXT.format);
        return { type: 'Boolean', value: byte === 1 };
      }
      case STACK_ITEM_TYPE.Integer: {
        const raw = take(varInt());
        if (raw.length > 32) throw new SerializationError(`An integer of ${raw.length} bytes is over NeoVM's 32`, NODE_TEXT.format);
        return { type: 'Integer', value: bytesToBigInt(raw).toString() };
      }
      case STACK_ITEM_TYPE.ByteString:
        return { type: 'ByteString', value: take(varInt()).toString('base64') };
      case STACK_ITEM_TYPE.Buffer:
        return { type: 'Buffer', value: take(varInt()).toString('base64') };
      case STACK_ITEM_TYPE.Array:
      case STACK_ITEM_TYPE.Struct: {
        const length = varInt();
        const value: StackItem[] = [];
        for (let i = 0; i < length; i++) value.push(read());
        return { type: type === STACK_ITEM_TYPE.Array ? 'Array' : 'Struct', value };
      }
      case STACK_ITEM_TYPE.Map: {
        const length = varInt();
        const value: { key: StackItem; value: StackItem }[] = [];
        for (let i = 0; i < length; i++) {
          const key = read();
          const entry = read();
          // map[(PrimitiveType)key] = value: a primitive key of at most 64 bytes; a repeated key keeps its place, its value replaced.
          const keyBytes = mapKeyBytes(key);
          const existing = value.find((e) => e.key.type === key.type && mapKeyBytes(e.key).equals(keyBytes));
          if (existing) existing.value = entry;
          else value.push({ key, value: entry });
        }
        return { type: 'Map', value };
      }
      default:
        throw new SerializationError(`Invalid stack item type 0x${type.toString(16).padStart(2, '0')} at byte ${offset - 1}`, NODE_TEXT.format);
    }
  };
  // As the node's BinarySerializer.Deserialize: bytes after the item are not read (nor refused).
  return read();
}

/** A map key's bytes (as Map compares them, with its type); throws as the node for a non-primitive or oversized key. */
function mapKeyBytes(key: StackItem): Buffer {
  let bytes: Buffer;
  switch (key.type) {
    case 'Boolean':
      bytes = Buffer.from([key.value ? 1 : 0]);
      break;
    case 'Integer':
      bytes = integerBytes(BigInt(key.value));
      break;
    case 'ByteString':
      bytes = Buffer.from(key.value, 'base64');
      break;
    default:
      throw new SerializationError(
        `A map key must be a Boolean, an Integer or a ByteString, got ${key.type}`,
        `Unable to cast object of type 'Neo.VM.Types.${key.type === 'Any' ? 'Null' : key.type}' to type 'Neo.VM.Types.PrimitiveType'.`,
      );
  }
  if (bytes.length > MAX_KEY_SIZE) throw new SerializationError(`A map key holds at most ${MAX_KEY_SIZE} bytes, got ${bytes.length}`, `MaxKeySize exceed: ${bytes.length}`);
  return bytes;
}
