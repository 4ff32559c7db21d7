// The cluster's hooks in the host, without PostgreSQL: Schedules asks a TriggerGate before each
// tick and runs only the ticks it is granted, at their planned time, reporting how each ended;
// TriggerRunner reports the end of every event it was given (run, dropped or stopped); the tick
// times a leader keys its ledger by.
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/config/types.js';
import { Schedules, type ScheduledJob, type TickClaim, type TickOutcome, type TriggerGate } from '../../src/host/schedules.js';
import { TriggerRunner } from '../../src/host/trigger-runner.js';
import { plannedTick, scheduleKey, ticksBetween } from '../../src/serve/cluster/tick-times.js';

const everySecond = { name: 'tick', triggers: [{ kind: 'schedule', cron: '* * * * * *' }] } as unknown as FunctionConfig;

/** A gate that grants every other tick and records what it was asked and told. */
function alternatingGate() {
  const asked: Date[] = [];
  const settled: [string, TickOutcome][] = [];
  let tracked: ScheduledJob[] = [];
  const gate: TriggerGate = {
    track: (jobs) => void (tracked = [...jobs]),
    claim: async (_job, firedAt): Promise<TickClaim | undefined> => {
      asked.push(firedAt);
      if (asked.length % 2 === 0) return undefined;
      const scheduledAt = new Date(Math.floor(firedAt.getTime() / 1000) * 1000);
      return { scheduledAt, settled: (outcome) => settled.push([scheduledAt.toISOString(), outcome]) };
    },
    runsChainTriggers: () => false,
  };
  return { gate, asked, settled, tracked: () => tracked };
}

let schedules: Schedules | undefined;
afterEach(() => schedules?.stop());

describe('Schedules with a TriggerGate', () => {
  it('runs only the ticks the gate grants, with the planned time, and passes on how each ended', async () => {
    const { gate, asked, settled, tracked } = alternatingGate();
    const runs: string[] = [];
    schedules = new Schedules((name, event, _trigger, done) => {
      runs.push(event.scheduledTime);
      done?.('done');
    }, gate);
    schedules.apply([everySecond]);
    expect(tracked()).toEqual([{ functionName: 'tick', cron: '* * * * * *' }]);
    await new Promise((resolve) => setTimeout(resolve, 3300));
    schedules.stop();
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBe(Math.ceil(asked.length / 2));
    for (const time of runs) expect(time).toMatch(/:\d\d\.000Z$/);
    expect(settled).toEqual(runs.map((time) => [time, 'done']));
  });

  it('without a gate runs every tick and passes no settle callback (as before clusters)', async () => {
    const calls: boolean[] = [];
    schedules = new Schedules((_name, _event, _trigger, done) => calls.push(done === undefined));
    schedules.apply([everySecond]);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every(Boolean)).toBe(true);
  });
});

describe('TriggerRunner onSettled', () => {
  it('reports each event once: done, failed after its retries, unrun when dropped or stopped', async () => {
    const ended: [string, string][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const runner = new TriggerRunner<string, { ok: boolean }>({
      invoke: async (payload) => {
        if (payload === 'slow') await held;
        return { ok: payload !== 'bad' };
      },
      queueLimit: 1,
      onSettled: (payload, outcome) => ended.push([payload, outcome]),
    });
    runner.submit('a', {}, 'good');
    runner.submit('b', {}, 'bad');
    runner.submit('c', { concurrency: 1 }, 'slow');
    runner.submit('c', { concurrency: 1 }, 'queued-1');
    runner.submit('c', { concurrency: 1 }, 'queued-2'); // queue of 1: queued-1 is dropped
    await new Promise((resolve) => setTimeout(resolve, 20));
    runner.stop(); // queued-2 never runs
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    runner.submit('d', {}, 'after-stop');
    expect(Object.fromEntries(ended)).toEqual({ good: 'done', bad: 'failed', 'queued-1': 'unrun', 'queued-2': 'unrun', slow: 'done', 'after-stop': 'unrun' });
    expect(ended).toHaveLength(6);
  });
});

describe('tick times', () => {
  const minutely: ScheduledJob = { functionName: 'f', cron: '* * * * *' };
  it('keys a firing a few ms late by its planned tick, and a firing seconds late too', () => {
    expect(plannedTick(minutely, new Date('2026-01-01T10:05:00.004Z')).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    expect(plannedTick(minutely, new Date('2026-01-01T10:05:02.300Z')).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    expect(plannedTick({ functionName: 'f', cron: '*/5 * * * * *' }, new Date('2026-01-01T10:05:07.001Z')).toISOString()).toBe('2026-01-01T10:05:05.000Z');
  });

  it('lists the ticks between two moments, the end included, up to a limit', () => {
    const between = ticksBetween(minutely, new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T10:03:00Z'), 10);
    expect(between.ticks.map((tick) => tick.toISOString())).toEqual(['2026-01-01T10:01:00.000Z', '2026-01-01T10:02:00.000Z', '2026-01-01T10:03:00.000Z']);
    expect(between.truncated).toBe(false);
    expect(ticksBetween(minutely, new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T11:00:00Z'), 2)).toMatchObject({ truncated: true });
    expect(scheduleKey({ functionName: 'f', cron: '0 9 * * *', timezone: 'Europe/Berlin' })).toBe('0 9 * * * (Europe/Berlin)');
  });
});
