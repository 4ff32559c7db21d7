// What a canary is judged on: the requests of the functions it changed, on each side of the split
// (the stable version and the canary), their errors (5xx) and p99 latency.
import type { CanarySideStats } from '../host/api-types.js';
import type { RequestEvent } from '../host/events.js';

/** Latencies kept per side: enough for a p99, bounded in memory. */
const MAX_SAMPLES = 20_000;

class Side {
  requests = 0;
  errors = 0;
  private readonly samples: number[] = [];

  record(event: RequestEvent): void {
    this.requests++;
    if (event.status >= 500) this.errors++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(event.durationMs);
    else this.samples[this.requests % MAX_SAMPLES] = event.durationMs;
  }

  summary(): CanarySideStats {
    if (this.samples.length === 0) return { requests: this.requests, errors: this.errors, p99Ms: null };
    const sorted = [...this.samples].sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
    return { requests: this.requests, errors: this.errors, p99Ms: Math.round(p99 * 100) / 100 };
  }
}

export class CanaryStats {
  private readonly stable = new Side();
  private readonly canary = new Side();

  constructor(
    private readonly versions: { stable: string; canary: string },
    private readonly functions: ReadonlySet<string>,
  ) {}

  record(event: RequestEvent): void {
    if (event.bench || event.functionName === undefined || !this.functions.has(event.functionName)) return;
    if (event.version === this.versions.canary) this.canary.record(event);
    else if (event.version === this.versions.stable) this.stable.record(event);
  }

  summary(): { stable: CanarySideStats; canary: CanarySideStats } {
    return { stable: this.stable.summary(), canary: this.canary.summary() };
  }
}

export interface CanaryLimits {
  maxErrorRate?: number;
  maxP99RegressionPct?: number;
}

/** The verdict at the end of the window, and why. */
export function judgeCanary(stats: { stable: CanarySideStats; canary: CanarySideStats }, limits: CanaryLimits): { promote: boolean; reason: string } {
  const { stable, canary } = stats;
  if (canary.requests === 0) return { promote: false, reason: 'no request reached the canary during the window, so nothing shows it is healthy' };
  const errorRate = (canary.errors / canary.requests) * 100;
  const rate = `${errorRate.toFixed(2)}% errors (${canary.errors} of ${canary.requests} requests)`;
  if (limits.maxErrorRate !== undefined && errorRate > limits.maxErrorRate) {
    return { promote: false, reason: `the canary had ${rate}, above the allowed ${limits.maxErrorRate}%` };
  }
  if (limits.maxP99RegressionPct !== undefined && canary.p99Ms !== null && stable.p99Ms !== null && stable.p99Ms > 0) {
    const regression = ((canary.p99Ms - stable.p99Ms) / stable.p99Ms) * 100;
    if (regression > limits.maxP99RegressionPct) {
      return { promote: false, reason: `the canary's p99 was ${canary.p99Ms} ms against ${stable.p99Ms} ms on the stable version (+${regression.toFixed(0)}%), above the allowed +${limits.maxP99RegressionPct}%` };
    }
  }
  const p99 = canary.p99Ms !== null && stable.p99Ms !== null ? `, p99 ${canary.p99Ms} ms against ${stable.p99Ms} ms` : '';
  return { promote: true, reason: `the canary stayed within its limits: ${rate}${p99}` };
}
