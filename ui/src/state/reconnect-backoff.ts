// How long the console waits before reconnecting the events stream: doubling from 250 ms, capped at
// 5 s (a restarted host is picked up within 5 s of answering again), with a little jitter so that
// several open tabs do not knock at once.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** 0..1: the share of each delay that is random. */
  jitter?: number;
}

export const RECONNECT_INITIAL_MS = 250;
export const RECONNECT_MAX_MS = 5000;

/** The delay before reconnect attempt `attempt` (0 for the first after a drop). */
export function reconnectDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? RECONNECT_INITIAL_MS;
  const max = options.maxMs ?? RECONNECT_MAX_MS;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt, 30)));
  const delay = base * (1 - jitter) + base * jitter * random();
  return Math.min(max, Math.round(delay));
}
