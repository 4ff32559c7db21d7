// The function host with a TriggerGate (what a cluster replica passes): schedule ticks run only when
// claimed, at their planned time, and the gate hears how each ended (done, failed after its retries);
// blockchain triggers run only while the gate says this host leads. Without a gate (the other host
// tests) everything runs here, as before clusters.
import { describe, expect, it } from 'vitest';
import type { TriggerConfig } from '../../src/config/types.js';
import type { RequestEvent } from '../../src/host/events.js';
import type { FunctionHost, VersionDefinition } from '../../src/host/function-host.js';
import type { ScheduledJob, TickOutcome, TriggerGate } from '../../src/host/schedules.js';
import { useHostFixture } from '../host/host-fixture.js';
import { functionConfig, waitFor } from '../runtime/helpers.js';

const { bundle, createHost } = useHostFixture('neosl-cluster-host-');

function version(name: string, source: string, triggers: TriggerConfig[]): [string, VersionDefinition] {
  return [name, { key: name, definition: { config: { ...functionConfig(name), triggers }, bundleFile: bundle(name, source) } }];
}

/** A gate whose leadership the test switches; it grants every tick while leading. */
function testGate() {
  const settled: [string, string, TickOutcome][] = [];
  const state = { leading: false, tracked: [] as ScheduledJob[] };
  const gate: TriggerGate = {
    track: (jobs) => void (state.tracked = [...jobs]),
    claim: async (job, firedAt) => {
      if (!state.leading) return undefined;
      const scheduledAt = new Date(Math.floor(firedAt.getTime() / 1000) * 1000);
      return { scheduledAt, settled: (outcome) => settled.push([job.functionName, scheduledAt.toISOString(), outcome]) };
    },
    runsChainTriggers: () => state.leading,
  };
  return { gate, settled, state };
}

async function startHost(gate: TriggerGate): Promise<{ host: FunctionHost; runs: RequestEvent[] }> {
  const host = await createHost({ backends: { blockchain: { contracts: {}, blockIntervalMs: 200 } }, triggerGate: gate });
  const runs: RequestEvent[] = [];
  host.events.on('request', (event) => {
    if (event.method !== 'POST') runs.push(event);
  });
  return { host, runs };
}

const ok = 'export default async function () { return { ok: true }; }\n';
const fails = "export default async function () { throw new Error('always fails'); }\n";
const everySecond: TriggerConfig = { kind: 'schedule', cron: '* * * * * *' };

describe('function host with a trigger gate', () => {
  it('runs schedule ticks only while the gate grants them, at the planned time, and reports how each ended', async () => {
    const { gate, settled, state } = testGate();
    const { host, runs } = await startHost(gate);
    await host.activate(new Map([version('pulse', ok, [everySecond]), version('broken', fails, [{ ...everySecond, retry: { attempts: 1, backoff: 'none', initialDelayMs: 10, maxDelayMs: 10 } }])]), 'deploy');
    expect(state.tracked).toEqual([
      { functionName: 'pulse', cron: '* * * * * *' },
      { functionName: 'broken', cron: '* * * * * *' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(runs.filter((run) => run.method === 'SCHEDULE')).toEqual([]); // a follower runs no tick

    state.leading = true;
    await waitFor(() => settled.some(([name]) => name === 'pulse') && settled.some(([name]) => name === 'broken'), 10_000, 'a tick of each function to end');
    expect(settled.find(([name]) => name === 'pulse')?.[2]).toBe('done');
    expect(settled.find(([name]) => name === 'broken')?.[2]).toBe('failed');
    for (const [, time] of settled) expect(time).toMatch(/\.000Z$/);
    // The failed tick was tried twice (its retry), and ended once.
    const brokenTick = settled.find(([name]) => name === 'broken')![1];
    expect(settled.filter(([name, time]) => name === 'broken' && time === brokenTick)).toHaveLength(1);
    expect(runs.some((run) => run.functionName === 'broken' && run.path.endsWith('(attempt 2)'))).toBe(true);
  }, 30_000);

  it('runs blockchain triggers only while the gate says this host leads', async () => {
    const { gate, state } = testGate();
    const { host, runs } = await startHost(gate);
    await host.activate(new Map([version('onBlock', ok, [{ kind: 'block' }])]), 'deploy');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // several blocks at 200 ms
    expect(runs.filter((run) => run.method === 'BLOCK')).toEqual([]);
    state.leading = true;
    await waitFor(() => runs.some((run) => run.method === 'BLOCK'), 10_000, 'a block trigger run on the leader');
    state.leading = false;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = runs.filter((run) => run.method === 'BLOCK').length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(runs.filter((run) => run.method === 'BLOCK').length).toBe(count);
  }, 30_000);
});
