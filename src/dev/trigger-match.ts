// Which functions a new block or a contract notification runs: `blockchain: { event: block }`, and
// `blockchain: { contract, event, filters }` where each filter names a state item by its position
// ("0", "1" …) or, for an event whose parameters are known (NEP-17 Transfer: from, to, amount), by
// name, and must equal it. Addresses and script hashes compare as the same account.
import { addressToScriptHash, isValidAddress, isValidScriptHash, normalizeScriptHash } from '../backends/chain/address.js';
import type { NotificationEvent } from '../sdk/blockchain-types.js';
import type { FunctionConfig } from '../config/types.js';

/** Parameter names of well-known events, for filters by name. */
const EVENT_PARAMETERS: Record<string, string[]> = {
  Transfer: ['from', 'to', 'amount'],
};

function comparable(value: unknown): string {
  if (typeof value === 'string') {
    if (isValidAddress(value)) return addressToScriptHash(value);
    if (isValidScriptHash(value)) return normalizeScriptHash(value);
    return value;
  }
  return value === null || value === undefined ? 'null' : String(value);
}

export function matchesFilters(event: NotificationEvent, filters: Record<string, unknown>): boolean {
  const names = EVENT_PARAMETERS[event.eventName] ?? [];
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
