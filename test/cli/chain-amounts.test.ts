// `neosl chain` amounts: decimal token units in (1.5 GAS → 150000000), the same units out, and a usage
// error (exit 2) naming the argument for anything else.
import { describe, expect, it } from 'vitest';
import { checkAmountSyntax, formatTokenAmount, parseTokenAmount } from '../../src/commands/chain/token-amount.js';
import { isUserError } from '../../src/errors.js';

const GAS = { symbol: 'GAS', decimals: 8 };
const NEO = { symbol: 'NEO', decimals: 0 };

function usageError(run: () => unknown): { message: string; hint?: string; exitCode: number } {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('token amounts', () => {
  it.each([
    ['1.5', GAS, 150_000_000n],
    ['1', GAS, 100_000_000n],
    ['0.00000001', GAS, 1n],
    ['.5', GAS, 50_000_000n],
    ['1.50000000', GAS, 150_000_000n],
    ['007', NEO, 7n],
    ['2.0', NEO, 2n],
    ['123456789012345678901234567890', GAS, 12345678901234567890123456789000000000n],
  ])('reads %s %s exactly', (text, token, expected) => {
    expect(parseTokenAmount(text, token)).toBe(expected);
  });

  it.each([
    [150_000_000n, 8, '1.5'],
    [100_000_000_000n, 8, '1000'],
    [1n, 8, '0.00000001'],
    [0n, 8, '0'],
    [100n, 0, '100'],
    ['99999999999999999999', 8, '999999999999.99999999'],
    [-150_000_000n, 8, '-1.5'],
  ])('prints %s with %i decimals as %s', (fractions, decimals, expected) => {
    expect(formatTokenAmount(fractions, decimals)).toBe(expected);
  });

  it('round-trips: what is printed is what transfer takes', () => {
    for (const fractions of [1n, 10n, 123_456_789n, 100_000_000n, 99_999_999_999n]) {
      expect(parseTokenAmount(formatTokenAmount(fractions, 8), GAS)).toBe(fractions);
    }
  });

  it.each([
    ['-1', /<amount> "-1" is negative/],
    ['0', /<amount> "0" is zero/],
    ['0.000', /is zero/],
    ['abc', /<amount> "abc" is not a number: expected an amount in token units/],
    ['1e8', /"1e8" is not a number/],
    ['', /"" is not a number/],
    ['1,5', /write decimals with a dot/],
    ['0x10', /is not a number/],
    [' 1', /is not a number/],
  ])('refuses %j with a usage error naming the argument', (text, message) => {
    const error = usageError(() => checkAmountSyntax(text, '<amount>'));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
  });

  it('names the decimals when an amount is finer than the token', () => {
    const gas = usageError(() => parseTokenAmount('1.123456789', GAS, '<amount>'));
    expect(gas.exitCode).toBe(2);
    expect(gas.message).toBe('<amount> "1.123456789" has 9 decimal places: GAS has 8 decimals');
    expect(gas.hint).toContain('0.00000001');
    const neo = usageError(() => parseTokenAmount('1.5', NEO, '<amount>'));
    expect(neo.exitCode).toBe(2);
    expect(neo.message).toBe('<amount> "1.5": NEO is indivisible (0 decimals), so only whole amounts can be sent');
    expect(neo.hint).toContain('--asset NEO');
  });

  it('refuses an amount no script integer holds', () => {
    expect(usageError(() => parseTokenAmount('1' + '0'.repeat(80), GAS)).message).toMatch(/too large/);
  });
});
