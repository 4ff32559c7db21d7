// ContractParam (invokefunction's JSON parameters) → stack items, validated with errors naming the expected form.
import type { ContractParam, StackItem } from '../../sdk/blockchain-types.js';
import { HASH256_FORM, normalizeHash256, parseAccount } from './address.js';
import { isBase64, isHex } from './bytes.js';
import { RpcError } from './rpc-error.js';
import { anyItem, booleanItem, bytesItem, hash160Item, integerItem, textItem } from './stack-item.js';
import { hash256ToBytes } from './serialization.js';

const TYPES = 'Any, Boolean, Integer, ByteArray, Signature, String, Hash160, Hash256, PublicKey, Array or Map';

function invalid(path: string, detail: string): RpcError {
  return RpcError.invalidParams(`${path}: ${detail}`);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function toBytes(value: unknown, path: string, what: string): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string' && isBase64(value)) return Buffer.from(value, 'base64');
  throw invalid(path, `expected ${what} as a base64 string (or a Uint8Array), got ${show(value)}`);
}

function toInteger(value: unknown, path: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw invalid(path, `expected an Integer as a decimal string, a safe integer number or a bigint, got ${show(value)}`);
}

export function contractParamToStackItem(param: ContractParam, path = 'params[0]'): StackItem {
  if (param === null || typeof param !== 'object' || typeof (param as { type?: unknown }).type !== 'string') {
    throw invalid(path, `expected a parameter object { type, value } with type one of ${TYPES}, got ${show(param)}`);
  }
  const { type, value } = param;
  switch (type) {
    case 'Any':
      if (value !== undefined && value !== null && value !== '') {
        throw invalid(path, `an Any parameter has no value (null), got ${show(value)}`);
      }
      return anyItem();
    case 'Boolean':
      if (typeof value === 'boolean') return booleanItem(value);
      if (value === 'true' || value === 'false') return booleanItem(value === 'true');
      throw invalid(path, `expected a Boolean (true or false), got ${show(value)}`);
    case 'Integer':
      return integerItem(toInteger(value, path));
    case 'ByteArray':
      return bytesItem(toBytes(value, path, 'a ByteArray'));
    case 'Signature': {
      const bytes = toBytes(value, path, 'a Signature');
      if (bytes.length !== 64) throw invalid(path, `a Signature has 64 bytes, got ${bytes.length}`);
      return bytesItem(bytes);
    }
    case 'String':
      if (typeof value === 'string') return textItem(value);
      throw invalid(path, `expected a String, got ${show(value)}`);
    case 'Hash160':
      return hash160Item(parseAccount(value, `Hash160 value at ${path}`));
    case 'Hash256': {
      let hash: string;
      try {
        hash = normalizeHash256(value);
      } catch {
        throw invalid(path, `expected a Hash256: ${HASH256_FORM}, got ${show(value)}`);
      }
      return bytesItem(hash256ToBytes(hash));
    }
    case 'PublicKey':
      if (typeof value === 'string' && isHex(value) && value.length === 66 && /^0[23]/.test(value)) {
        return bytesItem(Buffer.from(value, 'hex'));
      }
      throw invalid(path, `expected a PublicKey: 66 hex digits of a compressed secp256r1 key (02… or 03…), got ${show(value)}`);
    case 'Array':
      if (!Array.isArray(value)) throw invalid(path, `expected an Array of parameters, got ${show(value)}`);
      return { type: 'Array', value: value.map((p, i) => contractParamToStackItem(p as ContractParam, `${path}.value[${i}]`)) };
    case 'Map':
      if (!Array.isArray(value)) throw invalid(path, `expected a Map as an array of { key, value } parameters, got ${show(value)}`);
      return {
        type: 'Map',
        value: value.map((entry, i) => {
          const e = entry as { key?: ContractParam; value?: ContractParam } | null;
          if (!e || typeof e !== 'object' || !e.key || !e.value) {
            throw invalid(`${path}.value[${i}]`, `expected { key, value } parameters, got ${show(entry)}`);
          }
          return {
            key: contractParamToStackItem(e.key, `${path}.value[${i}].key`),
            value: contractParamToStackItem(e.value, `${path}.value[${i}].value`),
          };
        }),
      };
    default:
      throw invalid(path, `parameter type ${show(type)} cannot be passed to a contract; expected one of ${TYPES}`);
  }
}

export function contractParamsToStackItems(params: unknown, what = 'params'): StackItem[] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) throw RpcError.invalidParams(`${what}: expected an array of { type, value } parameters, got ${show(params)}`);
  return params.map((p, i) => contractParamToStackItem(p as ContractParam, `${what}[${i}]`));
}
