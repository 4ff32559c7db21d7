// The messages between `neosl bench` and its load generator child process (IPC, JSON).
import type { LatencySummary, LoadTick, ResponseCounts } from './events.js';

export interface LoadPlan {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Requests per second over all connections; undefined = as fast as possible. */
  rate?: number;
  /** Seconds before a request counts as timed out. */
  timeoutSec: number;
}

/** What the measured run produced: autocannon's own aggregates (the numbers a standalone run prints). */
export interface LoadSummary extends ResponseCounts {
  /** Requests per second: the mean of the per-second counts, as autocannon reports it. */
  averageRate: number;
  latency: LatencySummary;
  durationSec: number;
}

export type ParentMessage = { type: 'start'; plan: LoadPlan } | { type: 'stop' };

export type ChildMessage =
  | { type: 'phase'; phase: 'warmup' | 'run' }
  | { type: 'tick'; tick: LoadTick }
  | { type: 'done'; summary: LoadSummary; interrupted: boolean }
  | { type: 'failed'; message: string };
