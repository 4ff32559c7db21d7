// Binding a method's params (by position or by name) to its declared parameters, and the checks of
// the plain values (flags, block heights) that the chain does not validate itself.
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

/** The params as an array in declaration order; null and absent optional ones are undefined. */
export function bindParams(method: string, specs: readonly ParamSpec[], params: JsonRpcCall['params']): unknown[] {
  let values: unknown[];
  if (params === undefined) values = [];
  else if (Array.isArray(params)) {
    if (params.length > specs.length) throw RpcError.invalidParams(`${signature(method, specs)}, got ${params.length} parameter${params.length === 1 ? '' : 's'}`);
    values = params;
  } else {
    const names = specs.map((s) => s.name);
    const unknown = Object.keys(params).filter((key) => !names.includes(key));
    if (unknown.length > 0) {
      throw RpcError.invalidParams(`${signature(method, specs)}; unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
    }
    values = names.map((name) => params[name]);
  }
  return specs.map((spec, index) => {
    const value = values[index] ?? undefined;
    if (value === undefined && !spec.optional) {
      const problem = values[index] === null ? 'is null' : 'is missing';
      throw RpcError.invalidParams(`${signature(method, specs)}; parameter ${index + 1} "${spec.name}" ${problem}: expected ${spec.form}`);
    }
    return value;
  });
}

export const FLAG_FORM = 'true or false (or 1 / 0)';

/** A verbose-style flag as the node reads it: a boolean or 0 / 1; absent is false. */
export function parseFlag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw RpcError.invalidParams(`Invalid ${name} ${show(value)}: expected ${FLAG_FORM}`);
}

export const HEIGHT_FORM = 'a block index: an integer from 0';

/** A block index given as a number or a decimal string (the node's uint.Parse). */
export function parseHeight(value: unknown, name: string): number {
  const height = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof height === 'number' && Number.isInteger(height) && height >= 0 && height <= 0xffffffff) return height;
  throw RpcError.invalidParams(`Invalid ${name} ${show(value)}: expected ${HEIGHT_FORM}`);
}
