// Responses registered with onInvoke(scriptHash, operation, result): validated, normalised, JSON-serialisable.
import type { InvokeResult, Notification, StackItem } from '../../sdk/blockchain-types.js';
import { normalizeScriptHash } from './address.js';
import { isBase64 } from './bytes.js';
import { RpcError } from './rpc-error.js';

export type InvokeOverrideInput = StackItem[] | Partial<InvokeResult>;

/** A registered response, normalised: everything but `script` may be absent (defaults apply when used). */
export interface InvokeOverride {
  state?: 'HALT' | 'FAULT';
  exception?: string | null;
  gasconsumed?: string;
  stack?: StackItem[];
  notifications?: Notification[];
}

export interface InvokeOverrideEntry {
  scriptHash: string;
  operation: string;
  result: InvokeOverride;
}

const ITEM_TYPES = 'Any, Pointer, Boolean, Integer, ByteString, Buffer, Array, Struct, Map or InteropInterface';

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

function invalid(path: string, detail: string): RpcError {
  return RpcError.invalidParams(`onInvoke ${path}: ${detail}`);
}

/** A stack item checked against the node's JSON form; Integer values given as numbers or bigints become strings. */
export function normalizeStackItem(item: unknown, path: string): StackItem {
  const it = item as { type?: unknown; value?: unknown; interface?: unknown; id?: unknown } | null;
  if (!it || typeof it !== 'object' || typeof it.type !== 'string') {
    throw invalid(path, `expected a stack item { type, value } with type one of ${ITEM_TYPES}, got ${show(item)}`);
  }
  const { type, value } = it;
  switch (type) {
    case 'Any':
      return { type: 'Any' };
    case 'Pointer':
      if (typeof value === 'number' && Number.isInteger(value)) return { type, value };
      throw invalid(path, `a Pointer's value is an integer, got ${show(value)}`);
    case 'Boolean':
      if (typeof value === 'boolean') return { type, value };
      throw invalid(path, `a Boolean's value is true or false, got ${show(value)}`);
    case 'Integer':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) return { type, value: value.toString() };
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return { type, value };
      throw invalid(path, `an Integer's value is a decimal string (e.g. "100000000"), got ${show(value)}`);
    case 'ByteString':
    case 'Buffer':
      if (typeof value === 'string' && isBase64(value)) return { type, value };
      throw invalid(path, `a ${type}'s value is base64 (e.g. "R0FT" for "GAS"), got ${show(value)}`);
    case 'Array':
    case 'Struct':
      if (Array.isArray(value)) return { type, value: value.map((v, i) => normalizeStackItem(v, `${path}.value[${i}]`)) };
      throw invalid(path, `an ${type}'s value is an array of stack items, got ${show(value)}`);
    case 'Map':
      if (Array.isArray(value)) {
        return {
          type,
          value: value.map((entry, i) => {
            const e = entry as { key?: unknown; value?: unknown } | null;
            if (!e || typeof e !== 'object') throw invalid(`${path}.value[${i}]`, `expected { key, value }, got ${show(entry)}`);
            return { key: normalizeStackItem(e.key, `${path}.value[${i}].key`), value: normalizeStackItem(e.value, `${path}.value[${i}].value`) };
          }),
        };
      }
      throw invalid(path, `a Map's value is an array of { key, value } stack items, got ${show(value)}`);
    case 'InteropInterface': {
      const out: StackItem = { type };
      if (typeof it.interface === 'string') out.interface = it.interface;
      if (typeof it.id === 'string') out.id = it.id;
      return out;
    }
    default:
      throw invalid(path, `unknown stack item type ${show(type)}; expected one of ${ITEM_TYPES}`);
  }
}

function normalizeNotification(n: unknown, path: string, scriptHash: string): Notification {
  const it = n as { contract?: unknown; eventname?: unknown; state?: unknown } | null;
  if (!it || typeof it !== 'object' || typeof it.eventname !== 'string' || it.eventname === '') {
    throw invalid(path, `expected a notification { contract?, eventname, state }, got ${show(n)}`);
  }
  return {
    contract: it.contract === undefined ? scriptHash : normalizeScriptHash(it.contract, `${path}.contract`),
    eventname: it.eventname,
    state: it.state === undefined ? { type: 'Array', value: [] } : normalizeStackItem(it.state, `${path}.state`),
  };
}

export function normalizeOverride(result: unknown, scriptHash: string): InvokeOverride {
  if (Array.isArray(result)) return { stack: result.map((item, i) => normalizeStackItem(item, `result[${i}]`)) };
  if (!result || typeof result !== 'object') {
    throw invalid('result', `expected a stack (an array of stack items) or a partial invoke result { state, stack, … }, got ${show(result)}`);
  }
  const r = result as Record<string, unknown>;
  const out: InvokeOverride = {};
  if (r.state !== undefined) {
    if (r.state !== 'HALT' && r.state !== 'FAULT') throw invalid('result.state', `expected "HALT" or "FAULT", got ${show(r.state)}`);
    out.state = r.state;
  }
  if (r.exception !== undefined) {
    if (r.exception !== null && typeof r.exception !== 'string') throw invalid('result.exception', `expected a string or null, got ${show(r.exception)}`);
    out.exception = r.exception;
  }
  if (r.gasconsumed !== undefined) {
    const gas = r.gasconsumed;
    const text = typeof gas === 'bigint' || typeof gas === 'number' ? gas.toString() : gas;
    if (typeof text !== 'string' || !/^\d+$/.test(text)) throw invalid('result.gasconsumed', `expected a non-negative integer string, got ${show(gas)}`);
    out.gasconsumed = text;
  }
  if (r.stack !== undefined) {
    if (!Array.isArray(r.stack)) throw invalid('result.stack', `expected an array of stack items, got ${show(r.stack)}`);
    out.stack = r.stack.map((item, i) => normalizeStackItem(item, `result.stack[${i}]`));
  }
  if (r.notifications !== undefined) {
    if (!Array.isArray(r.notifications)) throw invalid('result.notifications', `expected an array of notifications, got ${show(r.notifications)}`);
    out.notifications = r.notifications.map((n, i) => normalizeNotification(n, `result.notifications[${i}]`, scriptHash));
  }
  return out;
}

export class InvokeOverrides {
  private readonly entries = new Map<string, InvokeOverrideEntry>();

  private static key(scriptHash: string, operation: string): string {
    return `${scriptHash} ${operation}`;
  }

  /** Validates before storing anything. */
  set(scriptHash: unknown, operation: unknown, result: unknown): void {
    const hash = normalizeScriptHash(scriptHash, 'onInvoke script hash');
    if (typeof operation !== 'string' || operation === '') {
      throw invalid('operation', `expected a method name such as "balanceOf", got ${show(operation)}`);
    }
    const normalized = normalizeOverride(result, hash);
    this.entries.set(InvokeOverrides.key(hash, operation), { scriptHash: hash, operation, result: normalized });
  }

  get(scriptHash: string, operation: string): InvokeOverride | undefined {
    return this.entries.get(InvokeOverrides.key(scriptHash, operation))?.result;
  }

  toJSON(): InvokeOverrideEntry[] {
    return structuredClone([...this.entries.values()]);
  }

  static fromJSON(entries: InvokeOverrideEntry[]): InvokeOverrides {
    const overrides = new InvokeOverrides();
    for (const entry of entries) overrides.set(entry.scriptHash, entry.operation, entry.result);
    return overrides;
  }
}
