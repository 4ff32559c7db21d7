// The load generator: a child process of `neosl bench` running autocannon, so that generating load
// does not take the CPU of the process that serves it or draws the dashboard. It reports each
// second's numbers (a LoadTick) and the summary over IPC; a `stop` message ends the load early
// with the partial result. It ignores SIGINT (the parent decides) and ends with its parent.
import autocannon from 'autocannon';
import type { LoadTick, ResponseCounts } from './events.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { ChildMessage, LoadPlan, LoadSummary, ParentMessage } from './load-protocol.js';

const send = (message: ChildMessage): void => {
  if (process.connected) process.send!(message);
};

function emptyCounts(): ResponseCounts {
  return { requests: 0, errors: 0, timeouts: 0, non2xx: 0, statusCodes: {} };
}

function addCounts(into: ResponseCounts, from: ResponseCounts): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.timeouts += from.timeouts;
  into.non2xx += from.non2xx;
  for (const [code, count] of Object.entries(from.statusCodes)) into.statusCodes[code] = (into.statusCodes[code] ?? 0) + count;
}

let current: autocannon.Instance | undefined;
/** Every response of the phase running: the summary's latency (finer than autocannon's whole ms). */
const runLatency = new LatencyHistogram();
let stopRequested = false;

/** One autocannon run (the warm-up or the measured one), its seconds reported as ticks. */
function runPhase(plan: LoadPlan, phase: 'warmup' | 'run', seconds: number): Promise<autocannon.Result> {
  runLatency.reset();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        method: plan.method as autocannon.Request['method'],
        headers: plan.headers,
        body: plan.body,
        connections: plan.connections,
        duration: seconds,
        timeout: plan.timeoutSec,
        ...(plan.rate !== undefined ? { overallRate: plan.rate } : {}),
      },
      (error, result) => {
        current = undefined;
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
    current = instance;
    let second = 0;
    const secondLatency = new LatencyHistogram();
    let counts = emptyCounts();
    const total = emptyCounts();
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      counts.requests++;
      const code = String(statusCode);
      counts.statusCodes[code] = (counts.statusCodes[code] ?? 0) + 1;
      if (statusCode < 200 || statusCode > 299) counts.non2xx++;
      secondLatency.record(responseTime);
    });
    instance.on('reqError', (error: Error) => {
      counts.errors++;
      if (error?.message === 'request timed out') counts.timeouts++;
    });
    instance.on('tick', () => {
      // autocannon's last tick comes as it stops, with the answers still in flight at the end: they
      // count in the totals, not as a second of their own.
      addCounts(total, counts);
      runLatency.add(secondLatency);
      if (second < seconds) {
        second++;
        const tick: LoadTick = {
          second,
          phase,
          latency: secondLatency.summary(),
          ...counts,
          total: { ...total, statusCodes: { ...total.statusCodes }, latency: runLatency.summary() },
        };
        send({ type: 'tick', tick });
      }
      secondLatency.reset();
      counts = emptyCounts();
    });
    if (stopRequested) instance.stop();
  });
}

function statusCodesOf(result: autocannon.Result): Record<string, number> {
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number | string }> }).statusCodeStats ?? {};
  return Object.fromEntries(Object.entries(stats).map(([code, { count }]) => [code, Number(count)]));
}

function summaryOf(result: autocannon.Result): LoadSummary {
  return {
    requests: result.requests.total,
    averageRate: result.requests.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: statusCodesOf(result),
    latency: runLatency.summary(),
    durationSec: result.duration,
  };
}

async function run(plan: LoadPlan): Promise<void> {
  try {
    if (plan.warmupSec > 0 && !stopRequested) {
      send({ type: 'phase', phase: 'warmup' });
      await runPhase(plan, 'warmup', plan.warmupSec);
    }
    if (stopRequested) {
      send({ type: 'done', summary: { ...emptyCounts(), averageRate: 0, latency: new LatencyHistogram().summary(), durationSec: 0 }, interrupted: true });
    } else {
      send({ type: 'phase', phase: 'run' });
      const result = await runPhase(plan, 'run', plan.durationSec);
      send({ type: 'done', summary: summaryOf(result), interrupted: stopRequested });
    }
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
  }
  process.disconnect?.();
}

process.on('SIGINT', () => undefined);
process.on('disconnect', () => {
  stopRequested = true;
  current?.stop();
  setTimeout(() => process.exit(0), 200).unref();
});
process.on('message', (message: ParentMessage) => {
  if (message.type === 'start') void run(message.plan);
  else if (message.type === 'stop') {
    stopRequested = true;
    current?.stop();
  }
});
