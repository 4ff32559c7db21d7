// The bench dashboard's model: subscribes to a bench run's events, aggregates them, and tells the
// view at most `maxPerSecond` times a second, so the dashboard costs the load generator next to nothing.
import type { EventEmitter } from 'node:events';
import type {
  BenchDoneEvent,
  BenchEventMap,
  BenchPhaseEvent,
  BenchServerEvent,
  BenchStartEvent,
  BenchTickEvent,
  LatencySummary,
  LoadTick,
  ResponseCounts,
  ServerSnapshot,
} from '../bench/events.js';
import { createThrottledStore, listen } from './throttled-store.js';

export type BenchDashboardPhase = 'starting' | 'warmup' | 'run' | 'stopping' | 'done';

/** Responses by status class, from the status codes counted so far. */
export interface StatusClassCounts {
  '1xx': number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
}

export interface BenchDashboardSnapshot {
  /** Undefined until the start event arrives. */
  start?: BenchStartEvent;
  phase: BenchDashboardPhase;
  /** Set by the done event: Ctrl-C stopped the load early. */
  interrupted: boolean;
  /** The latest warm-up tick's second (0 before any). */
  warmupSecond: number;
  /** Of the measured run, clamped to its duration: the later of the ticks' seconds and wall time. */
  elapsedMs: number;
  /** The measured run's ticks, oldest first, at most `maxSeconds`. Warm-up ticks never appear. */
  ticks: readonly LoadTick[];
  /** The latest run tick: the last second's numbers. */
  lastTick?: LoadTick;
  /** Since the run started (the latest run tick's `total`). */
  totals: ResponseCounts;
  statusClasses: StatusClassCounts;
  /** Mean requests per second over the run's seconds so far. */
  averageRate: number;
  peakRate: number;
  /** Over every response of the run so far (the latest run tick's `total.latency`); none before one. */
  runLatency?: LatencySummary;
  /** The latest server event. */
  server?: ServerSnapshot;
}

export interface BenchDashboardStoreOptions {
  /** Notifications per second at most (default 10, capped at 30). */
  maxPerSecond?: number;
  /** Run seconds kept for the chart (default 300); older ones are dropped. */
  maxSeconds?: number;
}

export interface BenchDashboardStore {
  /** For React's useSyncExternalStore: returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The same object until the next notification. */
  getSnapshot(): BenchDashboardSnapshot;
  /** Stops listening to the events and cancels a pending notification. */
  dispose(): void;
}

const emptyCounts = (): ResponseCounts => ({ requests: 0, errors: 0, timeouts: 0, non2xx: 0, statusCodes: {} });

export function countStatusClasses(statusCodes: Record<string, number>): StatusClassCounts {
  const classes: StatusClassCounts = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  for (const [code, count] of Object.entries(statusCodes)) {
    const key = `${code.charAt(0)}xx`;
    if (key in classes) classes[key as keyof StatusClassCounts] += count;
  }
  return classes;
}

export function createBenchDashboardStore(
  events: EventEmitter<BenchEventMap>,
  options: BenchDashboardStoreOptions = {},
): BenchDashboardStore {
  const maxPerSecond = Math.min(30, Math.max(1, options.maxPerSecond ?? 10));
  const maxSeconds = Math.max(1, options.maxSeconds ?? 300);

  let start: BenchStartEvent | undefined;
  let phase: BenchDashboardPhase = 'starting';
  let interrupted = false;
  let runStartedAt: number | undefined;
  let runStoppedAt: number | undefined;
  let warmupSecond = 0;
  let ticks: LoadTick[] = [];
  let lastTick: LoadTick | undefined;
  let peakRate = 0;
  let server: ServerSnapshot | undefined;

  const store = createThrottledStore(takeSnapshot, maxPerSecond);
  const { changed } = store;

  function elapsedMs(): number {
    const durationMs = start?.durationMs ?? Number.POSITIVE_INFINITY;
    const fromTicks = (lastTick?.second ?? 0) * 1000;
    const fromClock = runStartedAt === undefined ? 0 : (runStoppedAt ?? Date.now()) - runStartedAt;
    return Math.min(durationMs, Math.max(0, fromTicks, fromClock));
  }

  function takeSnapshot(): BenchDashboardSnapshot {
    const totals = lastTick?.total ?? emptyCounts();
    const seconds = lastTick?.second ?? 0;
    return {
      start,
      phase,
      interrupted,
      warmupSecond,
      elapsedMs: elapsedMs(),
      ticks: ticks.length > maxSeconds ? ticks.slice(-maxSeconds) : ticks.slice(),
      lastTick,
      totals,
      statusClasses: countStatusClasses(totals.statusCodes),
      averageRate: seconds > 0 ? totals.requests / seconds : 0,
      peakRate,
      runLatency: lastTick !== undefined && lastTick.total.requests > 0 ? lastTick.total.latency : undefined,
      server,
    };
  }

  function addRunTick(tick: LoadTick): void {
    ticks.push(tick);
    // Trim in chunks so a long run does not shift the array on every tick.
    if (ticks.length > maxSeconds * 2) ticks = ticks.slice(-maxSeconds);
    lastTick = tick;
    peakRate = Math.max(peakRate, tick.requests);
  }

  const onStart = (event: BenchStartEvent): void => {
    start = event;
    changed();
  };

  const onPhase = (event: BenchPhaseEvent): void => {
    if (phase === 'done') return;
    phase = event.phase;
    if (event.phase === 'run') runStartedAt = event.time;
    if (event.phase === 'stopping' && runStartedAt !== undefined) runStoppedAt = event.time;
    changed();
  };

  const onTick = (event: BenchTickEvent): void => {
    if (event.tick.phase === 'warmup') warmupSecond = event.tick.second;
    else addRunTick(event.tick);
    changed();
  };

  const onServer = (event: BenchServerEvent): void => {
    server = event.server;
    changed();
  };

  const onDone = (event: BenchDoneEvent): void => {
    phase = 'done';
    interrupted = event.interrupted;
    runStoppedAt ??= Date.now();
    changed();
  };

  const stopListening = listen(events, { start: onStart, phase: onPhase, tick: onTick, server: onServer, done: onDone });

  return {
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    dispose() {
      store.dispose();
      stopListening();
    },
  };
}
