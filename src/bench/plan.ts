// What a bench run sends: command-line flags first, then the function's neosl.yaml `bench:` block,
// then the defaults (50 connections, 10 s, a 2 s warm-up, a JSON body of {} for methods with one).
import type { FunctionConfig } from '../config/types.js';
import type { LoadPlan } from './load-protocol.js';

export const DEFAULT_WARMUP_SEC = 2;
const REQUEST_TIMEOUT_SEC = 10;

export interface PlanFlags {
  connections?: number;
  durationSec?: number;
  warmupSec: number;
  rate?: number;
}

export function planFor(fn: FunctionConfig | undefined, flags: PlanFlags, url: string, method: string, body: string | undefined): LoadPlan {
  const bodyText = body ?? (fn?.bench.data !== undefined ? JSON.stringify(fn.bench.data) : method === 'GET' || method === 'HEAD' ? undefined : '{}');
  return {
    url,
    method,
    headers: bodyText !== undefined ? { 'content-type': 'application/json' } : {},
    body: bodyText,
    connections: flags.connections ?? fn?.bench.connections ?? 50,
    durationSec: flags.durationSec ?? (fn ? fn.bench.durationMs / 1000 : 10),
    warmupSec: flags.warmupSec,
    rate: flags.rate ?? fn?.bench.rate,
    timeoutSec: REQUEST_TIMEOUT_SEC,
  };
}
