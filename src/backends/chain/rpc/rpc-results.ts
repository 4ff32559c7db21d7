// Shape checks of a node's results: a result of the wrong kind is a NEO_RPC_BAD_RESPONSE naming the method.
import { RpcClientError } from './rpc-client-error.js';

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function badResult(url: string, method: string, expected: string, value: unknown): RpcClientError {
  return new RpcClientError('NEO_RPC_BAD_RESPONSE', `Neo RPC ${url}: the result of ${method} is not ${expected}: ${shown(value)}`, { url, method });
}

export function resultObject<T>(url: string, method: string, value: unknown, keys: string[]): T {
  const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && keys.every((key) => key in value);
  if (!ok) throw badResult(url, method, `an object with ${keys.join(', ')}`, value);
  return value as T;
}

export function resultInteger(url: string, method: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw badResult(url, method, 'a non-negative integer', value);
  return value;
}

export function resultHash(url: string, method: string, value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw badResult(url, method, 'a 0x-prefixed 256-bit hash', value);
  return value;
}

export function resultHashes(url: string, method: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badResult(url, method, 'an array of hashes', value);
  return value as string[];
}

/** An amount of GAS in its smallest unit, as the decimal string (or number) nodes send. */
export function resultAmount(url: string, method: string, field: string, value: unknown): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw badResult(url, method, `${field}: a decimal amount`, value);
  return BigInt(text);
}
