// NEO and GAS amounts between what people type ("1.5") and the chain's smallest unit ("150000000").

export const ASSET_DECIMALS = { NEO: 0, GAS: 8 } as const;
export type NativeAsset = keyof typeof ASSET_DECIMALS;

/** "1.5" with 8 decimals → "150000000"; undefined when it is not a positive amount with at most that many decimals. */
export function toSmallestUnit(text: string, decimals: number): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return undefined;
  const units = BigInt(match[1]! + fraction.padEnd(decimals, '0'));
  return units > 0n ? units.toString() : undefined;
}

/** "150000000" with 8 decimals → "1.5". */
export function fromSmallestUnit(units: string, decimals: number): string {
  if (!/^-?\d+$/.test(units)) return units;
  const negative = units.startsWith('-');
  const digits = (negative ? units.slice(1) : units).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
