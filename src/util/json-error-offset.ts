// Where a text stops being JSON. V8's JSON.parse errors give the position only for some mistakes
// ("Unexpected token 'e', "{"a": e}" is not valid JSON" has none), and a user should not have to
// count characters: this scans the JSON grammar and returns the offset of the first character that
// does not fit. Only run on text JSON.parse refused, so it favours clarity over speed.

class Stop {
  constructor(readonly at: number) {}
}

const WHITESPACE = ' \t\n\r';
const ESCAPES = '"\\/bfnrt';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The offset of the first character where `text` is not JSON; `text.length` when it ends too early; undefined when it is JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.includes(text[i]!)) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const literal = (word: string) => {
    for (const char of word) expect(char);
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const char = text[i]!;
      if (char === '"') {
        i++;
        return;
      }
      if (char.charCodeAt(0) < 0x20) fail();
      if (char !== '\\') {
        i++;
        continue;
      }
      const escaped = text[i + 1];
      if (escaped === 'u') {
        for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
        i += 6;
      } else if (escaped !== undefined && ESCAPES.includes(escaped)) i += 2;
      else fail(i + 1);
    }
  };
  const number = () => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[i];
    if (char === '{') {
      i++;
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        value();
        skipWhitespace();
        if (text[i] === '}') {
          i++;
          return;
        }
        expect(',');
      }
    }
    if (char === '[') {
      i++;
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skipWhitespace();
        if (text[i] === ']') {
          i++;
          return;
        }
        expect(',');
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number();
    fail();
  };
  try {
    value();
    skipWhitespace();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return Math.min(error.at, text.length);
    return undefined; // nested deeper than the stack: no position
  }
}
