import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/util/json-error-offset.js';

describe('jsonErrorOffset', () => {
  it('finds the first character that is not JSON, where V8 does not say', () => {
    expect(jsonErrorOffset('{"name": neo}')).toBe(10); // the "e": "n" may start null, as V8 says ("Unexpected token 'e'")
    expect(jsonErrorOffset("{'name': 1}")).toBe(1);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('"tab\there"')).toBe(4);
    expect(jsonErrorOffset('"bad \\x escape"')).toBe(6);
    expect(jsonErrorOffset('"\\u12G4"')).toBe(5);
    expect(jsonErrorOffset('tru')).toBe(3);
    expect(jsonErrorOffset('{"a": [1, 2}')).toBe(11);
    expect(jsonErrorOffset('')).toBe(0);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('-')).toBe(0);
  });

  it('agrees with V8 where V8 states the position, and finds nothing wrong in JSON', () => {
    for (const text of ['{bad}', '[1 2]', '{"a":1}}', '{"a":1,"b"}', ' nul', '[01]']) {
      let stated: number | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        const match = /position (\d+)/.exec((error as Error).message);
        stated = match ? Number(match[1]) : undefined;
      }
      if (stated !== undefined) expect(jsonErrorOffset(text), text).toBe(stated);
    }
    for (const text of ['{}', '[]', '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', ' "s" ', '0']) expect(jsonErrorOffset(text), text).toBeUndefined();
  });
});
