// Base58 (Bitcoin alphabet) and Base58Check with Neo's Hash256 checksum.
import { hash256 } from './bytes.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, BigInt(i)]));

export function base58Encode(data: Uint8Array): string {
  let value = 0n;
  for (const byte of data) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of data) {
    if (byte !== 0) break;
    out = '1' + out;
  }
  return out;
}

/** The first character that is not base58, with its position, or undefined. */
export function findNonBase58(text: string): { char: string; position: number } | undefined {
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (!INDEX.has(char)) return { char, position: i };
  }
  return undefined;
}

export function base58Decode(text: string): Buffer {
  const bad = findNonBase58(text);
  if (bad) throw new Error(`'${bad.char}' at position ${bad.position + 1} is not a base58 character`);
  let value = 0n;
  for (const char of text) value = value * 58n + INDEX.get(char)!;
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return Buffer.from(bytes);
}

export function base58CheckEncode(payload: Uint8Array): string {
  const checksum = hash256(payload).subarray(0, 4);
  return base58Encode(Buffer.concat([payload, checksum]));
}

/** The payload, or an Error saying what is wrong (bad character, too short, checksum mismatch). */
export function base58CheckDecode(text: string): Buffer {
  const data = base58Decode(text);
  if (data.length < 5) throw new Error('too short to hold a checksum');
  const payload = data.subarray(0, data.length - 4);
  const checksum = data.subarray(data.length - 4);
  if (!hash256(payload).subarray(0, 4).equals(checksum)) throw new Error('checksum mismatch (a mistyped character?)');
  return payload;
}
