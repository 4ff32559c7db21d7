// Which functions a new block or a contract notification runs: `blockchain: { event: block }`, and
// `blockchain: { contract, event, filters }` where each filter names a state item by its position
// ("0", "1" …) or, for an event whose parameters are known (the native contracts' ABI, any NEP-17
// Transfer: from, to, amount), by name, and must equal it. Addresses and script hashes compare as the same account.
import { addressToScriptHash, isValidAddress, isValidScriptHash, normalizeScriptHash } from '../backends/chain/address.js';
import { nativeContractByHash } from '../backends/chain/native-contracts.js';
import type { NotificationEvent } from '../sdk/blockchain-types.js';
import type { FunctionConfig } from '../config/types.js';

/** The NEP-17 Transfer event of any token, as the standard names its parameters. */
const NEP17_TRANSFER = ['from', 'to', 'amount'];

/** Parameter names for filters by name: the native contract's ABI, else NEP-17's Transfer. */
function parameterNames(event: NotificationEvent): string[] {
  const declared = nativeContractByHash(event.contract)?.events.find((descriptor) => descriptor.name === event.eventName);
  if (declared) return declared.parameters.map((parameter) => parameter.name);
  return event.eventName === 'Transfer' ? NEP17_TRANSFER : [];
}

function comparable(value: unknown): string {
  if (typeof value === 'string') {
    if (isValidAddress(value)) return addressToScriptHash(value);
    if (isValidScriptHash(value)) return normalizeScriptHash(value);
    return value;
  }
  return value === null || value === undefined ? 'null' : String(value);
}

export function matchesFilters(event: NotificationEvent, filters: Record<string, unknown>): boolean {
  const names = parameterNames(event);
  for (const [key, wanted] of Object.entries(filters)) {
    const index = /^\d+$/.test(key) ? Number(key) : names.indexOf(key);
    if (index < 0 || index >= event.decoded.length) return false;
    if (comparable(event.decoded[index]) !== comparable(wanted)) return false;
  }
  return true;
}

/** The functions with a block trigger. */
export function blockSubscribers(functions: Iterable<FunctionConfig>): string[] {
  const names: string[] = [];
  for (const fn of functions) if (fn.triggers.some((trigger) => trigger.kind === 'block')) names.push(fn.name);
  return names;
}

/** The functions a notification runs (each at most once, even with two matching triggers). */
export function notificationSubscribers(functions: Iterable<FunctionConfig>, event: NotificationEvent): string[] {
  const names: string[] = [];
  for (const fn of functions) {
    const runs = fn.triggers.some(
      (trigger) => trigger.kind === 'contract-event' && trigger.contract === event.contract && trigger.event === event.eventName && matchesFilters(event, trigger.filters),
    );
    if (runs) names.push(fn.name);
  }
  return names;
}
