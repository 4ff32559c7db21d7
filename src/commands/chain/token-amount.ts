// Token amounts as people write them (decimal units: 1.5 GAS) ↔ as the chain counts them (the token's
// smallest unit: 150000000 for 1.5 GAS), exactly, with bigint.
import { UsageError } from '../../errors.js';

export interface TokenUnits {
  /** What people call it: GAS, NEO, a contract's symbol or its hash. */
  symbol: string;
  decimals: number;
}

/** A script integer holds 32 bytes (two's complement): no transfer can move more. */
const MAX_SCRIPT_INTEGER = (1n << 255n) - 1n;
const DECIMAL_NUMBER = /^(\d+)(?:\.(\d+))?$|^\.(\d+)$/;

const example = (token: TokenUnits) => (token.decimals === 0 ? '1' : '1.5');

/**
 * Checks what can be checked without knowing the token's decimals (a positive decimal number), so
 * that a typo is reported before anything is asked of the emulator. `argument` names it in messages.
 */
export function checkAmountSyntax(text: string, argument = 'amount'): void {
  const shown = `${argument} ${JSON.stringify(text)}`;
  if (text.startsWith('-')) throw new UsageError(`${shown} is negative: a transfer sends a positive amount`, { hint: 'To move tokens the other way, send from that account: neosl chain transfer <to> <amount> --from <address>.' });
  if (text.includes(',') && /^[\d,.]+$/.test(text)) {
    throw new UsageError(`${shown} is not a number: write decimals with a dot and no thousands separators`, { hint: `e.g. ${text.replaceAll(',', text.includes('.') ? '' : '.')}` });
  }
  const match = DECIMAL_NUMBER.exec(text);
  if (!match) {
    throw new UsageError(`${shown} is not a number: expected an amount in token units, such as 1.5 (GAS) or 10 (NEO)`, {
      hint: 'Amounts are decimal token units, not the smallest unit: 1.5 sends 1.5 GAS.',
    });
  }
  if (/^[0.]*$/.test(text)) throw new UsageError(`${shown} is zero: a transfer sends more than 0`, { hint: 'e.g. neosl chain transfer <to> 1.5' });
}

/** "1.5" of an 8-decimal token → 150000000n; a usage error when the token cannot be split that finely. */
export function parseTokenAmount(text: string, token: TokenUnits, argument = 'amount'): bigint {
  checkAmountSyntax(text, argument);
  const match = DECIMAL_NUMBER.exec(text)!;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? match[3] ?? '').replace(/0+$/, '');
  const shown = `${argument} ${JSON.stringify(text)}`;
  if (fraction.length > token.decimals) {
    if (token.decimals === 0) {
      throw new UsageError(`${shown}: ${token.symbol} is indivisible (0 decimals), so only whole amounts can be sent`, { hint: `e.g. neosl chain transfer <to> ${BigInt(whole) > 0n ? whole : '1'} --asset ${token.symbol}` });
    }
    throw new UsageError(`${shown} has ${fraction.length} decimal places: ${token.symbol} has ${token.decimals} decimals`, {
      hint: `The smallest amount of ${token.symbol} is ${formatTokenAmount(1n, token.decimals)}; e.g. ${whole}.${fraction.slice(0, token.decimals)}`,
    });
  }
  const fractions = BigInt(whole + fraction.padEnd(token.decimals, '0'));
  if (fractions > MAX_SCRIPT_INTEGER) throw new UsageError(`${shown} is too large: no token amount on Neo N3 exceeds 2^255 - 1 of its smallest unit`, { hint: `e.g. neosl chain transfer <to> ${example(token)}` });
  return fractions;
}

/** 150000000n of an 8-decimal token → "1.5"; whole amounts have no decimal point ("1000"). */
export function formatTokenAmount(fractions: bigint | string, decimals: number): string {
  const value = BigInt(fractions);
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return sign + digits;
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return sign + (fraction ? `${whole}.${fraction}` : whole);
}
