// Stack items → plain values, for NotificationEvent.decoded and for people reading logs.
import type { StackItem } from '../../sdk/blockchain-types.js';
import { scriptHashFromBytes } from './address.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Printable UTF-8 text (no control characters but tab and newlines), or undefined. */
function printableText(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/**
 * A stack item as a plain value:
 * - Integer → its decimal string (bigint-safe); Boolean → boolean; Any → null; Pointer → number;
 * - ByteString/Buffer → the text when it is printable UTF-8; otherwise a 20-byte string → its script hash
 *   (0x…, big-endian, the form addresses convert from); otherwise its bytes as hex (no 0x, in stored order);
 * - Array/Struct → array of decoded items; Map → object keyed by the decoded keys;
 * - InteropInterface → null.
 */
export function decodeStackItem(item: StackItem): unknown {
  switch (item.type) {
    case 'Any':
      return null;
    case 'Boolean':
      return item.value;
    case 'Integer':
      return item.value;
    case 'Pointer':
      return item.value;
    case 'ByteString':
    case 'Buffer': {
      const bytes = Buffer.from(item.value, 'base64');
      const text = printableText(bytes);
      if (text !== undefined) return text;
      if (bytes.length === 20) return scriptHashFromBytes(bytes);
      return bytes.toString('hex');
    }
    case 'Array':
    case 'Struct':
      return item.value.map(decodeStackItem);
    case 'Map': {
      const out: Record<string, unknown> = {};
      for (const entry of item.value) out[String(decodeStackItem(entry.key))] = decodeStackItem(entry.value);
      return out;
    }
    case 'InteropInterface':
      return null;
    default:
      return null;
  }
}

/** The items of an Array/Struct state decoded (a notification's arguments); any other item as a one-item list. */
export function decodeNotificationState(state: StackItem): unknown[] {
  return state.type === 'Array' || state.type === 'Struct' ? state.value.map(decodeStackItem) : [decodeStackItem(state)];
}
