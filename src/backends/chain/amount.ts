// Token amounts in the asset's smallest unit (NEO: whole NEO; GAS: 10^-8 GAS), as bigint.
import { RpcError } from './rpc-error.js';

const FORM = 'a non-negative integer in the asset\'s smallest unit, as a decimal string, a number or a bigint (e.g. "100000000" for 1 GAS)';

export function parseAmount(value: unknown, what = 'amount'): bigint {
  if (typeof value === 'bigint') {
    if (value >= 0n) return value;
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  } else if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return BigInt(value);
  }
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw RpcError.invalidParams(`Invalid ${what} ${shown}: expected ${FORM}`);
}
