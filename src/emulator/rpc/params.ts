// Binding a method's params (by position) to its declared parameters, and the checks of the plain
// values (flags, block heights) that the chain does not validate itself, read as a node reads them.
import { RpcError } from '../../backends/chain/rpc-error.js';
import type { JsonRpcCall } from './json-rpc.js';

export interface ParamSpec {
  name: string;
  /** The expected form, as error messages show it. */
  form: string;
  optional?: boolean;
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function signature(method: string, specs: readonly ParamSpec[]): string {
  if (specs.length === 0) return `${method} takes no parameters`;
  return `${method} takes [${specs.map((s) => (s.optional ? `${s.name}?` : s.name)).join(', ')}]`;
}

/**
 * The params in declaration order; null and absent optional ones are undefined. Params past the
 * declared ones are ignored, as a node ignores them.
 */
export function bindParams(method: string, specs: readonly ParamSpec[], params: JsonRpcCall['params']): unknown[] {
  return specs.map((spec, index) => {
    const value = params[index] ?? undefined;
    if (value === undefined && !spec.optional) {
      const problem = params[index] === null ? 'is null' : 'is missing';
      throw RpcError.invalidParams(`${signature(method, specs)}; parameter ${index + 1} "${spec.name}" ${problem}: expected ${spec.form}`);
    }
    return value;
  });
}

export const FLAG_FORM = 'true or false';

/**
 * A verbose-style flag as the node reads it (Neo.Json's AsBoolean): a boolean as it is, a number
 * true unless 0, a string true unless empty ("false" is true, as on a node), an array or object
 * true; absent or null is false.
 */
export function parseFlag(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  return true;
}

export const HEIGHT_FORM = 'a block index: an integer from 0';

/** A block index given as a number or a decimal string (the node's uint.Parse). */
export function parseHeight(value: unknown, name: string): number {
  const height = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof height === 'number' && Number.isInteger(height) && height >= 0 && height <= 0xffffffff) return height;
  throw RpcError.invalidParams(`Invalid ${name} ${show(value)}: expected ${HEIGHT_FORM}`);
}
