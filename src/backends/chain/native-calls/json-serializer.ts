// The node's JsonSerializer as StdLib.jsonSerialize / jsonDeserialize use it (Neo 3.7).
// Serialize: Array/Struct → array, ByteString/Buffer → string (strict UTF-8), Integer → number (within ±(2^53 - 1),
// written as .NET writes a double: "1E+15" from 10^15 on when its digits are fewer than its magnitude), Boolean,
// Map → object (ByteString keys only), Null → null; strings escaped as System.Text.Json's default encoder does
// (non-ASCII and the HTML-sensitive < > & ' " + ` as \uXXXX, upper-case hex). The output is bounded by MaxItemSize.
// Deserialize: JToken.Parse with a nesting depth of 10 (comments skipped, no trailing commas, duplicate
// property names refused), then numbers must be integral, and at most MaxStackSize (2048) items are made.
import type { StackItem } from '../../../sdk/blockchain-types.js';
import { MAX_ITEM_SIZE } from '../binary-serializer.js';
import { DOTNET, integerSpan, NativeFault, strictUtf8 } from './support.js';

const MAX_SAFE_INTEGER = 2n ** 53n - 1n;
const MAX_STACK_SIZE = 2048;
const MAX_DEPTH = 10;

function escapeJsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i]!;
    if (code >= 0x20 && code < 0x7f && !'<>&\'"+`\\'.includes(char)) {
      out += char;
      continue;
    }
    switch (char) {
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\\':
        out += '\\\\';
        break;
      default:
        out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    }
  }
  return out + '"';
}

/** A safe integer as .NET's Utf8JsonWriter writes the double: shortest digits, exponent form once the magnitude exceeds max(digits, 15). */
export function formatJsonInteger(value: bigint): string {
  if (value === 0n) return '0';
  const sign = value < 0n ? '-' : '';
  const whole = (value < 0n ? -value : value).toString();
  const digits = whole.replace(/0+$/, '');
  const scale = whole.length;
  if (scale <= Math.max(digits.length, 15)) return sign + whole;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E+${String(scale - 1).padStart(2, '0')}`;
}

function itemString(item: StackItem & { value: string }): string {
  return strictUtf8(Buffer.from(item.value, 'base64'));
}

export function jsonSerialize(item: StackItem, maxSize = MAX_ITEM_SIZE): Buffer {
  let size = 0;
  const parts: string[] = [];
  const emit = (text: string): void => {
    parts.push(text);
    size += Buffer.byteLength(text, 'utf8');
    if (size > maxSize) throw new NativeFault(DOTNET.invalidOperation);
  };
  const write = (current: StackItem): void => {
    switch (current.type) {
      case 'Array':
      case 'Struct':
        emit('[');
        current.value.forEach((element, i) => {
          if (i > 0) emit(',');
          write(element);
        });
        emit(']');
        return;
      case 'ByteString':
      case 'Buffer':
        emit(escapeJsonString(itemString(current)));
        return;
      case 'Integer': {
        const value = BigInt(current.value);
        if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) throw new NativeFault(DOTNET.invalidOperation);
        emit(formatJsonInteger(value));
        return;
      }
      case 'Boolean':
        emit(current.value ? 'true' : 'false');
        return;
      case 'Map':
        // The node checks every key of the map before writing any of its entries.
        if (current.value.some((entry) => entry.key.type !== 'ByteString')) throw new NativeFault('Key is not a ByteString');
        emit('{');
        current.value.forEach((entry, i) => {
          if (i > 0) emit(',');
          emit(escapeJsonString(itemString(entry.key as StackItem & { value: string })) + ':');
          write(entry.value);
        });
        emit('}');
        return;
      case 'Any':
        emit('null');
        return;
      default:
        throw new NativeFault('Invalid StackItemType');
    }
  };
  write(item);
  return Buffer.from(parts.join(''), 'utf8');
}

// ---- parsing (Neo.Json's JToken.Parse over System.Text.Json's Utf8JsonReader) ----

type JsonValue = null | boolean | number | string | JsonValue[] | { entries: [string, JsonValue][] };

class JsonParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  private fail(what: string): never {
    throw new NativeFault(`${what} Position: ${this.pos}.`);
  }

  private skip(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
      } else if (c === '/' && this.text[this.pos + 1] === '/') {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.text.length : end + 1;
      } else if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('Expected end of comment, but instead reached end of data.');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  parseDocument(): JsonValue {
    this.skip();
    if (this.pos >= this.text.length) this.fail('The input does not contain any JSON tokens.');
    const value = this.value();
    this.skip();
    if (this.pos < this.text.length) this.fail(`'${this.text[this.pos]}' is invalid after a single JSON value. Expected end of data.`);
    return value;
  }

  private enter(kind: string): void {
    if (++this.depth > MAX_DEPTH) this.fail(`The maximum configured depth of ${MAX_DEPTH} has been exceeded. Cannot read next JSON ${kind}.`);
  }

  private value(): JsonValue {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [literal, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return value;
      }
    }
    return this.fail(c === undefined ? 'Expected a JSON value, but instead reached end of data.' : `'${c}' is an invalid start of a value.`);
  }

  private array(): JsonValue[] {
    this.enter('array');
    this.pos++;
    const items: JsonValue[] = [];
    this.skip();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return items;
    }
    for (;;) {
      this.skip();
      items.push(this.value());
      this.skip();
      const c = this.text[this.pos++];
      if (c === ']') break;
      if (c !== ',') this.fail("'" + (c ?? 'end of data') + "' is invalid after a value. Expected either ',' or ']'.");
      this.skip();
      if (this.text[this.pos] === ']') this.fail("The JSON array contains a trailing comma at the end which is not supported in this mode.");
    }
    this.depth--;
    return items;
  }

  private object(): { entries: [string, JsonValue][] } {
    this.enter('object');
    this.pos++;
    const entries: [string, JsonValue][] = [];
    const names = new Set<string>();
    this.skip();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return { entries };
    }
    for (;;) {
      this.skip();
      if (this.text[this.pos] !== '"') this.fail("Expected a property name (a string in double quotes).");
      const name = this.string();
      if (names.has(name)) throw new NativeFault(`Duplicate property name: ${name}`);
      names.add(name);
      this.skip();
      if (this.text[this.pos++] !== ':') this.fail("Expected ':' after a property name.");
      this.skip();
      entries.push([name, this.value()]);
      this.skip();
      const c = this.text[this.pos++];
      if (c === '}') break;
      if (c !== ',') this.fail("'" + (c ?? 'end of data') + "' is invalid after a property value. Expected either ',' or '}'.");
      this.skip();
      if (this.text[this.pos] === '}') this.fail("The JSON object contains a trailing comma at the end which is not supported in this mode.");
    }
    this.depth--;
    return { entries };
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('Expected end of string, but instead reached end of data.');
      if (c === '"') break;
      if (c < ' ') this.fail('A control character must be escaped in a JSON string.');
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail("'\\u' must be followed by 4 hex digits.");
          this.pos += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(`'${e ?? 'end of data'}' is not a valid escapable character within a JSON string.`);
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos++;
    const raw = this.text.slice(start, this.pos);
    const value = JSON.parse(raw) as string;
    // Utf8JsonReader.GetString refuses a lone surrogate (\uD800 without its pair).
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
      throw new NativeFault('Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value.');
    }
    return value;
  }

  private number(): number {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) this.fail('Invalid number.');
    this.pos += match[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) this.fail(`'${next}' is invalid within a number.`);
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw new NativeFault(`value is not finite: ${match[0]}`);
    return value;
  }
}

/** The exact integer .NET's BigInteger.Parse gives for a double's shortest round-trip text ("1E+300" → 10^300). */
function integerOfDouble(value: number): bigint {
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const shift = Number(exponent) - (digits.length - 1);
  const magnitude = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : BigInt(digits) / 10n ** BigInt(-shift);
  return value < 0 ? -magnitude : magnitude;
}

export function jsonDeserialize(json: Buffer): StackItem {
  const text = strictUtf8(json);
  const root = new JsonParser(text).parseDocument();
  let budget = MAX_STACK_SIZE;
  const spend = (): void => {
    if (budget-- === 0) throw new NativeFault('Max stack size reached');
  };
  const convert = (value: JsonValue): StackItem => {
    spend();
    if (value === null) return { type: 'Any' };
    if (typeof value === 'boolean') return { type: 'Boolean', value };
    if (typeof value === 'string') return { type: 'ByteString', value: Buffer.from(value, 'utf8').toString('base64') };
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw new NativeFault('Decimal value is not allowed');
      const integer = integerOfDouble(value);
      const size = integerSpan(integer).length;
      if (size > 32) throw new NativeFault(`MaxSize exceed: ${size}`);
      return { type: 'Integer', value: integer.toString() };
    }
    if (Array.isArray(value)) return { type: 'Array', value: value.map(convert) };
    return {
      type: 'Map',
      value: value.entries.map(([key, entry]) => {
        spend();
        return { key: { type: 'ByteString', value: Buffer.from(key, 'utf8').toString('base64') }, value: convert(entry) };
      }),
    };
  };
  return convert(root);
}
