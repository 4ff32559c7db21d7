// StdLib (Neo 3.7): serialization, number and text conversions, as the node's methods compute them — with .NET's
// semantics where JavaScript's differ (BigInteger's hexadecimal form, Convert.FromBase64String's strictness,
// String.Split with an empty separator, StringInfo's text elements). base64UrlEncode/Decode came with Echidna
// (Neo 3.8): not methods of this version's StdLib.
import type { StackItem } from '../../../sdk/blockchain-types.js';
import type { NativeContractCalls } from './support.js';
import { base58Decode, base58Encode } from '../base58.js';
import { deserializeStackItem, SerializationError, serializeStackItem } from '../binary-serializer.js';
import { hash256 } from '../bytes.js';
import { STD_LIB_HASH } from '../native-hashes.js';
import { jsonDeserialize, jsonSerialize } from './json-serializer.js';
import { argumentNull, DOTNET, methods, NativeFault, outOfRange, toBigInteger, toBoolean, toBytes, toBytesRequired, toInteger, toText, toTextRequired } from './support.js';
import { arrayItem, bytesItem, integerItem, textItem } from '../stack-item.js';

/** StdLib.MaxInputLength: the [MaxLength] of its text and byte inputs. */
const MAX_INPUT_LENGTH = 1024;

function serializationFault(error: unknown): never {
  if (error instanceof SerializationError) throw new NativeFault(error.nodeMessage);
  throw error;
}

/** BigInteger.ToString("x"): two's complement hexadecimal, as few digits as keep the sign (255 → "0ff", -1 → "f"). */
export function bigIntegerToHex(value: bigint): string {
  if (value >= 0n) {
    const hex = value.toString(16);
    return hex[0]! >= '8' ? '0' + hex : hex;
  }
  let digits = 1;
  while (value < -(8n * 16n ** BigInt(digits - 1))) digits++;
  return (16n ** BigInt(digits) + value).toString(16).padStart(digits, '0');
}

const PARSE_FAILED = 'The value could not be parsed.';

/** BigInteger.Parse with NumberStyles.AllowLeadingSign (base 10) or AllowHexSpecifier (base 16, two's complement). */
export function parseBigInteger(text: string, base: 10 | 16): bigint {
  if (base === 10) {
    if (!/^[+-]?[0-9]+$/.test(text)) throw new NativeFault(PARSE_FAILED);
    return BigInt(text.replace(/^\+/, ''));
  }
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new NativeFault(PARSE_FAILED);
  const value = BigInt('0x' + text);
  return parseInt(text[0]!, 16) >= 8 ? value - 16n ** BigInt(text.length) : value;
}

function base(item: StackItem | undefined): 10 | 16 {
  const value = toInteger(item, 'int32');
  if (value !== 10n && value !== 16n) throw new NativeFault(outOfRange('base'));
  return Number(value) as 10 | 16;
}

const BASE64_INVALID =
  'The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.';

/** Convert.FromBase64String: white space ignored, padding required, nothing after it. */
export function fromBase64Strict(text: string): Buffer {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new NativeFault(BASE64_INVALID);
  return Buffer.from(compact, 'base64');
}

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function fromBase58(text: string): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (!BASE58_ALPHABET.includes(text[i]!)) throw new NativeFault(`Invalid Base58 character '${text[i]}' at position ${i}`);
  }
  return base58Decode(text);
}

/** Base58CheckDecode: at least the 4 checksum bytes, which must be the first 4 of Hash256 of what precedes them. */
function fromBase58Check(text: string): Buffer {
  const data = fromBase58(text);
  if (data.length < 4) throw new NativeFault(DOTNET.format);
  const payload = data.subarray(0, data.length - 4);
  if (!hash256(payload).subarray(0, 4).equals(data.subarray(data.length - 4))) throw new NativeFault(DOTNET.format);
  return payload;
}

function memorySearch(args: StackItem[]): StackItem {
  const [memItem, valueItem, startItem, backwardItem] = args;
  const mem = toBytesRequired(memItem, MAX_INPUT_LENGTH);
  const value = toBytes(valueItem);
  const start = startItem === undefined ? 0 : Number(toInteger(startItem, 'int32'));
  const backward = backwardItem === undefined ? false : toBoolean(backwardItem);
  if (value === null) throw new NativeFault(argumentNull('value'));
  if (start < 0 || start > mem.length) throw new NativeFault(outOfRange());
  if (backward) {
    // Span.LastIndexOf: an empty value is found at the end of the searched span.
    return integerItem(value.length === 0 ? start : mem.subarray(0, start).lastIndexOf(value));
  }
  const index = value.length === 0 ? 0 : mem.subarray(start).indexOf(value);
  return integerItem(index < 0 ? -1 : index + start);
}

/** String.Split(separator, options), ordinal: an empty separator does not split. */
function stringSplit(args: StackItem[]): StackItem {
  const text = toTextRequired(args[0], MAX_INPUT_LENGTH);
  const separator = toText(args[1]);
  const removeEmpty = args[2] === undefined ? false : toBoolean(args[2]);
  if (separator === null) throw new NativeFault(argumentNull('separator'));
  let parts = separator === '' ? [text] : text.split(separator);
  if (removeEmpty) parts = parts.filter((part) => part !== '');
  return arrayItem(parts.map(textItem));
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export const STD_LIB: NativeContractCalls = {
  name: 'StdLib',
  hash: STD_LIB_HASH,
  methods: methods([
    ['atoi', ['value'], 1 << 6, (_ctx, [value]) => integerItem(parseBigInteger(toTextRequired(value, MAX_INPUT_LENGTH), 10))],
    [
      'atoi',
      ['value', 'base'],
      1 << 6,
      (_ctx, [value, b]) => {
        const text = toTextRequired(value, MAX_INPUT_LENGTH);
        return integerItem(parseBigInteger(text, base(b)));
      },
    ],
    ['base58CheckDecode', ['s'], 1 << 16, (_ctx, [s]) => bytesItem(fromBase58Check(toTextRequired(s, MAX_INPUT_LENGTH)))],
    [
      'base58CheckEncode',
      ['data'],
      1 << 16,
      (_ctx, [data]) => {
        const payload = toBytesRequired(data, MAX_INPUT_LENGTH);
        return textItem(base58Encode(Buffer.concat([payload, hash256(payload).subarray(0, 4)])));
      },
    ],
    ['base58Decode', ['s'], 1 << 10, (_ctx, [s]) => bytesItem(fromBase58(toTextRequired(s, MAX_INPUT_LENGTH)))],
    ['base58Encode', ['data'], 1 << 13, (_ctx, [data]) => textItem(base58Encode(toBytesRequired(data, MAX_INPUT_LENGTH)))],
    ['base64Decode', ['s'], 1 << 5, (_ctx, [s]) => bytesItem(fromBase64Strict(toTextRequired(s, MAX_INPUT_LENGTH)))],
    ['base64Encode', ['data'], 1 << 5, (_ctx, [data]) => textItem(toBytesRequired(data, MAX_INPUT_LENGTH).toString('base64'))],
    [
      'deserialize',
      ['data'],
      1 << 14,
      (_ctx, [data]) => {
        const bytes = toBytesRequired(data);
        try {
          return deserializeStackItem(bytes);
        } catch (error) {
          return serializationFault(error);
        }
      },
    ],
    ['itoa', ['value'], 1 << 12, (_ctx, [value]) => textItem(toBigInteger(value).toString())],
    [
      'itoa',
      ['value', 'base'],
      1 << 12,
      (_ctx, [value, b]) => {
        const integer = toBigInteger(value);
        return textItem(base(b) === 10 ? integer.toString() : bigIntegerToHex(integer));
      },
    ],
    ['jsonDeserialize', ['json'], 1 << 14, (_ctx, [json]) => jsonDeserialize(toBytesRequired(json))],
    ['jsonSerialize', ['item'], 1 << 12, (_ctx, [item]) => bytesItem(jsonSerialize(item!))],
    [
      'memoryCompare',
      ['str1', 'str2'],
      1 << 5,
      (_ctx, [a, b]) => integerItem(Math.sign(Buffer.compare(toBytesRequired(a, MAX_INPUT_LENGTH), toBytesRequired(b, MAX_INPUT_LENGTH)))),
    ],
    ['memorySearch', ['mem', 'value'], 1 << 6, (_ctx, args) => memorySearch(args)],
    ['memorySearch', ['mem', 'value', 'start'], 1 << 6, (_ctx, args) => memorySearch(args)],
    ['memorySearch', ['mem', 'value', 'start', 'backward'], 1 << 6, (_ctx, args) => memorySearch(args)],
    [
      'serialize',
      ['item'],
      1 << 12,
      (_ctx, [item]) => {
        try {
          return bytesItem(serializeStackItem(item!));
        } catch (error) {
          return serializationFault(error);
        }
      },
    ],
    [
      'strLen',
      ['str'],
      1 << 8,
      (_ctx, [str]) => integerItem([...graphemes.segment(toTextRequired(str, MAX_INPUT_LENGTH))].length),
    ],
    ['stringSplit', ['str', 'separator'], 1 << 8, (_ctx, args) => stringSplit(args)],
    ['stringSplit', ['str', 'separator', 'removeEmptyEntries'], 1 << 8, (_ctx, args) => stringSplit(args)],
  ]),
};
