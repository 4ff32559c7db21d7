// One function's bench run: a probe request, the server monitor, the load, the result. Shared by
// `neosl bench` and the `b` key of the `neosl dev` dashboard.
import type { EventEmitter } from 'node:events';
import type { BenchEventMap } from './events.js';
import type { LoadPlan } from './load-protocol.js';
import { probe } from './probe.js';
import { benchResult, onlyErrors, type BenchResult } from './result.js';
import { runLoad } from './run-load.js';
import { monitorServer } from './server-monitor.js';

export interface BenchJob {
  name: string;
  plan: LoadPlan;
  /** Where /_neosl/events and /_neosl/metrics are (a target that is not neosl just has none). */
  serverBase: string;
}

export interface RunningJob {
  /** Rejects when the target cannot be reached or the load generator fails. */
  result: Promise<BenchResult>;
  /** Ends the load early; `result` then holds what was measured. */
  stop(): void;
}

export function startBenchJob(job: BenchJob, events: EventEmitter<BenchEventMap>): RunningJob {
  let stopRequested = false;
  let stopLoad: (() => void) | undefined;

  async function run(): Promise<BenchResult> {
    let firstError = await probe(job.plan);
    const monitor = monitorServer(job.serverBase, job.name, events);
    events.emit('start', {
      type: 'start',
      functionName: job.name,
      url: job.plan.url,
      method: job.plan.method,
      connections: job.plan.connections,
      durationMs: job.plan.durationSec * 1000,
      warmupMs: job.plan.warmupSec * 1000,
      ...(job.plan.rate !== undefined ? { rate: job.plan.rate } : {}),
    });
    const load = runLoad(job.plan, events);
    stopLoad = load.stop;
    if (stopRequested) load.stop();
    let outcome;
    let server;
    try {
      outcome = await load.done;
      server = await monitor.refresh();
    } finally {
      stopLoad = undefined;
      monitor.stop();
    }
    const result = benchResult(job.name, job.plan, outcome.summary, { server, interrupted: outcome.interrupted, firstError: firstError ?? null });
    // Every request failed but the probe did not: show what the failures answered.
    if (onlyErrors(result) && firstError === undefined) {
      firstError = await probe(job.plan).catch(() => undefined);
      result.firstError = firstError ?? null;
    }
    events.emit('done', { type: 'done', interrupted: outcome.interrupted });
    return result;
  }

  return {
    result: run(),
    stop() {
      stopRequested = true;
      stopLoad?.();
    },
  };
}
