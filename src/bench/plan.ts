// What a bench run sends: command-line flags first, then the function's neosl.yaml `bench:` block
// (and its `sample:` for the body), then the defaults (50 connections, 10 s, a 2 s warm-up, a JSON
// body of {} for methods with one).
// Every request carries the bench mark (host/bench-traffic.ts), so a `neosl dev` it loads counts it apart.
import type { FunctionConfig } from '../config/types.js';
import { BENCH_HEADERS } from '../host/bench-traffic.js';
import type { LoadPlan } from './load-protocol.js';

export const DEFAULT_WARMUP_SEC = 2;
const REQUEST_TIMEOUT_SEC = 10;

export interface PlanFlags {
  connections?: number;
  durationSec?: number;
  warmupSec: number;
  rate?: number;
}

/**
 * The body without --data: the function's bench.data, else its `sample:` (an http function's sample
 * body when the sample is for this method), else {} for methods with a body.
 */
function defaultBody(fn: FunctionConfig | undefined, method: string): string | undefined {
  if (fn?.bench.data !== undefined) return JSON.stringify(fn.bench.data);
  const sample = fn?.sample;
  if (sample?.kind === 'input') return JSON.stringify(sample.input);
  if (sample?.kind === 'http' && sample.request.body !== undefined && (sample.request.method ?? method) === method) return JSON.stringify(sample.request.body);
  return method === 'GET' || method === 'HEAD' ? undefined : '{}';
}

export function planFor(fn: FunctionConfig | undefined, flags: PlanFlags, url: string, method: string, body: string | undefined): LoadPlan {
  const bodyText = body ?? defaultBody(fn, method);
  return {
    url,
    method,
    headers: { ...BENCH_HEADERS, ...(bodyText !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: bodyText,
    connections: flags.connections ?? fn?.bench.connections ?? 50,
    durationSec: flags.durationSec ?? (fn ? fn.bench.durationMs / 1000 : 10),
    warmupSec: flags.warmupSec,
    rate: flags.rate ?? fn?.bench.rate,
    timeoutSec: REQUEST_TIMEOUT_SEC,
  };
}
