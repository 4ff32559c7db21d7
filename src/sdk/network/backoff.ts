// Retry delays shared by HttpClient (retries) and WebSocketManager (background reconnects).
import type { BackoffKind } from '../network-types.js';

/** The largest delay before retry number `retry` (1 = the first retry), before jitter. */
export function backoffCap(kind: BackoffKind, initialDelay: number, maxDelay: number, retry: number): number {
  const growth = kind === 'exponential' ? 2 ** (retry - 1) : kind === 'linear' ? retry : 1;
  return Math.min(maxDelay, initialDelay * growth);
}

/** "Full jitter": a delay drawn uniformly from [0, cap), so that many clients retrying at once spread out. */
export function jitteredDelay(cap: number, random: () => number = Math.random): number {
  return Math.floor(random() * cap);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A positive finite number (or >= 0 with allowZero), or the fallback when absent; without a fallback the
 * option is required. Anything else is a RangeError naming the option.
 */
export function positiveNumber(name: string, value: number | undefined, fallback: number | undefined, options: { allowZero?: boolean; integer?: boolean } = {}): number {
  if (value === undefined) {
    if (fallback === undefined) throw new RangeError(`${name} is required`);
    return fallback;
  }
  const ok = typeof value === 'number' && Number.isFinite(value) && (options.allowZero ? value >= 0 : value > 0)
    && (!options.integer || Number.isInteger(value));
  if (!ok) {
    const kind = options.integer ? 'a whole number' : 'a number';
    throw new RangeError(`${name} must be ${kind} ${options.allowZero ? '>= 0' : '> 0'}, got ${String(value)}`);
  }
  return value;
}

/** setTimeout's largest delay; longer ones would fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
