import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../src/config/units.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    [' 10S ', 10_000],
    ['.5s', 500],
  ])('%s is %d ms', (input, expected) => {
    expect(parseDuration(input, 's')).toBe(expected);
  });

  it('takes bare numbers in the given unit', () => {
    expect(parseDuration(300, 's')).toBe(300_000);
    expect(parseDuration(300, 'ms')).toBe(300);
    expect(parseDuration('45', 's')).toBe(45_000);
  });

  it.each(['thirty', '', '10 seconds', '5x', '-1s', 's', '1s2'])('rejects %j and names the accepted forms', (input) => {
    expect(() => parseDuration(input, 's')).toThrow(/expected a duration like "250ms", "30s", "5m", "1h" or "1d", got/);
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseDuration(-5, 's')).toThrow('got -5');
    expect(() => parseDuration(Number.NaN, 'ms')).toThrow(/expected a duration/);
  });
});

describe('parseSize', () => {
  it.each([
    ['6mb', 6 * 1024 * 1024],
    ['512KB', 512 * 1024],
    ['1GB', 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['100b', 100],
    ['2MiB', 2 * 1024 * 1024],
  ])('%s is %d bytes', (input, expected) => {
    expect(parseSize(input, 'b')).toBe(expected);
  });

  it('takes bare numbers in the given unit', () => {
    expect(parseSize(256, 'mb')).toBe(256 * 1024 * 1024);
    expect(parseSize(1000, 'b')).toBe(1000);
    expect(parseSize('512', 'mb')).toBe(512 * 1024 * 1024);
  });

  it.each(['lots', '6 parsecs', '6tb', '', '-1mb'])('rejects %j and names the accepted forms', (input) => {
    expect(() => parseSize(input, 'b')).toThrow(/expected a size like "512kb", "6mb" or "1gb", got/);
  });
});
