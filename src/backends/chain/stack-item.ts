// Building and reading NeoVM stack items in the node's JSON form (integers as decimal strings, bytes base64).
import type { StackItem } from '../../sdk/blockchain-types.js';
import { scriptHashFromBytes, scriptHashToBytes } from './address.js';
import { bytesToBigInt } from './script-builder.js';

export function integerItem(value: bigint | number): StackItem {
  return { type: 'Integer', value: BigInt(value).toString() };
}

export function bytesItem(bytes: Uint8Array): StackItem {
  return { type: 'ByteString', value: Buffer.from(bytes).toString('base64') };
}

export function textItem(text: string): StackItem {
  return bytesItem(Buffer.from(text, 'utf8'));
}

/** A Hash160 as Neo puts it on the stack: a 20-byte ByteString, little-endian. */
export function hash160Item(scriptHash: string): StackItem {
  return bytesItem(scriptHashToBytes(scriptHash));
}

export function booleanItem(value: boolean): StackItem {
  return { type: 'Boolean', value };
}

export function anyItem(): StackItem {
  return { type: 'Any' };
}

export function arrayItem(items: StackItem[]): StackItem {
  return { type: 'Array', value: items };
}

export function structItem(items: StackItem[]): StackItem {
  return { type: 'Struct', value: items };
}

/** The bytes of a ByteString/Buffer item, or undefined. */
export function itemBytes(item: StackItem | undefined): Buffer | undefined {
  if (item && (item.type === 'ByteString' || item.type === 'Buffer')) return Buffer.from(item.value, 'base64');
  return undefined;
}

/** The script hash held by a 20-byte byte string, or undefined. */
export function itemHash160(item: StackItem | undefined): string | undefined {
  const bytes = itemBytes(item);
  return bytes && bytes.length === 20 ? scriptHashFromBytes(bytes) : undefined;
}

/** NeoVM's integer view of an item (Integer, Boolean, or a byte string of at most 32 bytes), or undefined. */
export function itemInteger(item: StackItem | undefined): bigint | undefined {
  if (!item) return undefined;
  if (item.type === 'Integer') return BigInt(item.value);
  if (item.type === 'Boolean') return item.value ? 1n : 0n;
  const bytes = itemBytes(item);
  return bytes && bytes.length <= 32 ? bytesToBigInt(bytes) : undefined;
}

/** NeoVM's boolean view of an item (what ASSERT tests). */
export function itemTruthy(item: StackItem | undefined): boolean {
  if (!item || item.type === 'Any') return false;
  if (item.type === 'Boolean') return item.value;
  if (item.type === 'Integer') return BigInt(item.value) !== 0n;
  const bytes = itemBytes(item);
  if (bytes) return bytes.some((b) => b !== 0);
  return true;
}
