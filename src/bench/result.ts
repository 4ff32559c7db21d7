// The result of one `neosl bench` run: what --json prints, what --save-baseline stores.
import type { LatencySummary, ServerSnapshot } from './events.js';
import type { LoadPlan, LoadSummary } from './load-protocol.js';

export interface BenchResult {
  function: string;
  url: string;
  method: string;
  connections: number;
  /** The measured run's length (shorter than asked when interrupted). */
  durationSec: number;
  /** Seconds of load sent before the measured run and not counted in it (--warmup). */
  warmupSec: number;
  /** --rate; null = as fast as possible. */
  rate: number | null;
  /** `average`: the mean of the measured run's per-second counts, as autocannon computes it (the warm-up is not in it). */
  requests: { total: number; average: number };
  latency: LatencySummary;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Responses that were not 2xx, plus connection errors, over everything sent. */
  errorRate: number;
  /** The first failing answer seen, when there was one: status and body (trimmed). */
  firstError: { status: number; body: string } | null;
  server: ServerSnapshot | null;
  interrupted: boolean;
}

export function benchResult(
  functionName: string,
  plan: LoadPlan,
  summary: LoadSummary,
  extra: { server: ServerSnapshot | null; interrupted: boolean; firstError: BenchResult['firstError'] },
): BenchResult {
  const attempts = summary.requests + summary.errors;
  return {
    function: functionName,
    url: plan.url,
    method: plan.method,
    connections: plan.connections,
    durationSec: summary.durationSec,
    warmupSec: plan.warmupSec,
    rate: plan.rate ?? null,
    requests: { total: summary.requests, average: summary.averageRate },
    latency: summary.latency,
    errors: summary.errors,
    timeouts: summary.timeouts,
    non2xx: summary.non2xx,
    statusCodes: summary.statusCodes,
    errorRate: attempts === 0 ? 0 : (summary.non2xx + summary.errors) / attempts,
    firstError: extra.firstError,
    server: extra.server,
    interrupted: extra.interrupted,
  };
}

/** Nothing succeeded: every request failed or errored (or none was answered at all). */
export function onlyErrors(result: BenchResult): boolean {
  return result.requests.total + result.errors > 0 && result.errorRate >= 1;
}
