// The cluster coordinator on a real PostgreSQL: one leader among replicas (advisory lock), taken
// over within seconds when the leader's session ends; ticks claimed once across replicas; ticks a
// dead leader left running, and ticks that fell while none led, reported missed and never run.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEvent, HostEventMap, LogEvent } from '../../src/host/events.js';
import { Schedules, type ScheduledJob } from '../../src/host/schedules.js';
import { ClusterCoordinator } from '../../src/serve/cluster/cluster-coordinator.js';
import { queryRows } from '../helpers/postgres-client.js';
import { realPostgresSkipReason, startPostgresServer, type PostgresServer } from '../helpers/postgres-server.js';
import { waitUntil } from '../helpers/wait-until.js';

const suite = realPostgresSkipReason === '' ? describe : describe.skip;

let server: PostgresServer;
let url: string;
let database = 0;
const started: ClusterCoordinator[] = [];

beforeAll(async () => {
  if (realPostgresSkipReason !== '') return;
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => server?.destroy());
afterEach(async () => {
  await Promise.all(started.splice(0).map((coordinator) => coordinator.stop()));
});

async function freshDatabase(): Promise<string> {
  url = await server.createDatabase(`cluster_${++database}`);
  return url;
}

function replica(name: string) {
  const events = new EventEmitter<HostEventMap>();
  const logs: string[] = [];
  const warnings: ErrorEvent[] = [];
  events.on('log', (event: LogEvent) => logs.push(event.record.message));
  events.on('error', (event) => warnings.push(event));
  const coordinator = new ClusterCoordinator({ url, events, replicaId: name, retryMs: 200 });
  started.push(coordinator);
  return { coordinator, logs, warnings };
}

/** The rows of one statement on the test's database. */
const sql = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => queryRows<R>(url, text, values);

const job: ScheduledJob = { functionName: 'report', cron: '* * * * *' };

suite(`cluster coordinator on PostgreSQL${realPostgresSkipReason}`, () => {
  it('one replica of three leads; when its session ends another takes over and says so', async () => {
    await freshDatabase();
    const replicas = [replica('a'), replica('b'), replica('c')];
    for (const { coordinator } of replicas) coordinator.start();
    await waitUntil(() => replicas.some(({ coordinator }) => coordinator.leading), 'a leader');
    await new Promise((resolve) => setTimeout(resolve, 600)); // several retries of the others
    const leaders = replicas.filter(({ coordinator }) => coordinator.leading);
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    expect(leader.logs.join('\n')).toContain(`replica ${leader.coordinator.replicaId} leads the cluster`);
    expect(leader.coordinator.status()).toMatchObject({ replica: leader.coordinator.replicaId, leader: true });
    expect(replicas.every(({ coordinator }) => coordinator.runsChainTriggers() === coordinator.leading)).toBe(true);
    // The query examples/cluster/README.md gives to see the leader from PostgreSQL.
    const holders = await sql<{ application_name: string }>(
      `SELECT application_name FROM pg_locks JOIN pg_stat_activity USING (pid) WHERE locktype = 'advisory' AND classid = 1852141427 AND objid = 1 AND objsubid = 2`,
    );
    expect(holders).toEqual([{ application_name: `neosl-replica ${leader.coordinator.replicaId}` }]);

    // The leader's connection is cut (as when its process is killed): PostgreSQL frees the lock.
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`neosl-replica ${leader.coordinator.replicaId}`]);
    await waitUntil(() => replicas.some(({ coordinator }) => coordinator !== leader.coordinator && coordinator.leading), 'a new leader');
    await waitUntil(() => leader.logs.some((line) => line.includes('no longer leads the cluster')), 'the old leader to notice');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(replicas.filter(({ coordinator }) => coordinator.leading)).toHaveLength(1);
  }, 60_000);

  it('a tick is claimed once: the leader runs it, a second claim of it is refused, and its end is recorded', async () => {
    await freshDatabase();
    const a = replica('a');
    const b = replica('b');
    a.coordinator.start();
    await waitUntil(() => a.coordinator.leading, 'a to lead');
    b.coordinator.start();
    const firedAt = new Date('2026-03-01T12:00:00.012Z');
    expect(await b.coordinator.claim(job, firedAt)).toBeUndefined(); // a follower runs nothing
    const claim = await a.coordinator.claim(job, firedAt);
    expect(claim?.scheduledAt.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(await a.coordinator.claim(job, new Date('2026-03-01T12:00:00.900Z'))).toBeUndefined(); // same tick again
    claim!.settled('done');
    await waitUntil(async () => (await sql(`SELECT state FROM neosl_ticks`))[0]?.state === 'done', 'the tick to be recorded done');
    expect(await sql('SELECT function, schedule, claimed_by, state FROM neosl_ticks')).toEqual([{ function: 'report', schedule: '* * * * *', claimed_by: 'a', state: 'done' }]);
  }, 60_000);

  it('a tick left running by a leader that died is reported missed by the next leader, and never run again', async () => {
    await freshDatabase();
    const a = replica('a');
    a.coordinator.start();
    await waitUntil(() => a.coordinator.leading, 'a to lead');
    const claim = await a.coordinator.claim(job, new Date('2026-03-01T12:05:00.003Z'));
    expect(claim).toBeDefined();
    // a dies mid-run: its session ends, the tick stays 'running'.
    const b = replica('b');
    b.coordinator.start();
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'neosl-replica a'`);
    await a.coordinator.stop(); // and never comes back
    await waitUntil(() => b.coordinator.leading, 'b to take over');
    await waitUntil(() => b.warnings.length > 0, 'the missed tick to be reported');
    expect(b.warnings[0]).toMatchObject({ code: 'SCHEDULE_TICK_MISSED', functionName: 'report', warning: true });
    expect(b.warnings[0]!.message).toBe('report: the schedule tick of 2026-03-01T12:05:00.000Z (* * * * *) was missed: replica a claimed it and stopped before it finished: not run again (it may have run in part)');
    expect(await b.coordinator.claim(job, new Date('2026-03-01T12:05:00.500Z'))).toBeUndefined();
    expect(await sql('SELECT state FROM neosl_ticks')).toEqual([{ state: 'missed' }]);
  }, 60_000);

  it('ticks that fell while no replica led are recorded and reported missed when one takes the lead (not run late)', async () => {
    await freshDatabase();
    const everySecond: ScheduledJob = { functionName: 'pulse', cron: '* * * * * *' };
    const a = replica('a');
    a.coordinator.track([everySecond]);
    a.coordinator.start();
    await waitUntil(() => a.coordinator.leading, 'a to lead');
    const last = new Date(Math.floor(Date.now() / 1000) * 1000 - 8000);
    await sql(`INSERT INTO neosl_ticks (function, schedule, scheduled_at, claimed_by, state) VALUES ('pulse', '* * * * * *', $1, 'gone', 'done')`, [last]);
    await a.coordinator.stop();
    const b = replica('b');
    b.coordinator.track([everySecond]);
    b.coordinator.start();
    await waitUntil(() => b.warnings.length > 0, 'the gap to be reported');
    expect(b.warnings).toHaveLength(1);
    expect(b.warnings[0]!.message).toMatch(/^pulse: \d+ schedule ticks \(\* \* \* \* \* \*\) from \S+ to \S+ were missed: no replica led the cluster then$/);
    const rows = await sql<{ missed: string; first: Date }>(`SELECT count(*) AS missed, min(scheduled_at) AS first FROM neosl_ticks WHERE state = 'missed'`);
    expect(Number(rows[0]!.missed)).toBeGreaterThanOrEqual(7);
    expect(rows[0]!.first.getTime()).toBe(last.getTime() + 1000);
  }, 60_000);
  it('ticks the leader\'s timer fired past (its event loop was busy) are reported and recorded missed, never run late', async () => {
    await freshDatabase();
    const everySecond: ScheduledJob = { functionName: 'pulse', cron: '* * * * * *' };
    const a = replica('a');
    a.coordinator.start();
    await waitUntil(() => a.coordinator.leading, 'a to lead');
    const first = await a.coordinator.claim(everySecond, new Date('2026-03-01T12:00:00.004Z'));
    first!.settled('done');
    // The timer meant for 12:00:01 fires only at 12:00:03.700: that firing runs 12:00:03, and 01 and 02 are gone.
    const late = await a.coordinator.claim(everySecond, new Date('2026-03-01T12:00:03.700Z'));
    expect(late?.scheduledAt.toISOString()).toBe('2026-03-01T12:00:03.000Z');
    expect(a.warnings.map((warning) => warning.message)).toEqual([
      "pulse: the schedule tick of 2026-03-01T12:00:01.000Z (* * * * * *) was missed: this leader's timer fired late, past them (a busy event loop)",
      "pulse: the schedule tick of 2026-03-01T12:00:02.000Z (* * * * * *) was missed: this leader's timer fired late, past them (a busy event loop)",
    ]);
    expect(a.warnings.every((warning) => warning.code === 'SCHEDULE_TICK_MISSED' && warning.warning === true)).toBe(true);
    const rows = await sql<{ at: Date; state: string }>(`SELECT scheduled_at AS at, state FROM neosl_ticks ORDER BY scheduled_at`);
    expect(rows.map(({ at, state }) => `${at.toISOString().slice(11, 19)} ${state}`)).toEqual(['12:00:00 done', '12:00:01 missed', '12:00:02 missed', '12:00:03 running']);
    // A firing for a tick already claimed (the timer catching up) reports nothing more.
    expect(await a.coordinator.claim(everySecond, new Date('2026-03-01T12:00:03.950Z'))).toBeUndefined();
    expect(a.warnings).toHaveLength(2);
  }, 60_000);

  it('a real schedule on a leader whose event loop stalls for 2.5 s: every tick after the first either ran once or was reported missed', async () => {
    await freshDatabase();
    const a = replica('a');
    a.coordinator.start();
    await waitUntil(() => a.coordinator.leading, 'a to lead');
    const ran: string[] = [];
    const schedules = new Schedules((_name, event, _trigger, settled) => {
      ran.push(event.scheduledTime);
      settled?.('done');
    }, a.coordinator);
    schedules.apply([{ name: 'pulse', triggers: [{ kind: 'schedule', cron: '* * * * * *' }] } as never]);
    try {
      await waitUntil(() => ran.length >= 1, 'a first tick to run');
      const stallUntil = Date.now() + 2500;
      while (Date.now() < stallUntil); // the event loop is busy: the timers of about two ticks cannot fire
      await new Promise((resolve) => setTimeout(resolve, 2200));
    } finally {
      schedules.stop();
    }
    const missed = a.warnings.filter((warning) => warning.code === 'SCHEDULE_TICK_MISSED').map((warning) => /tick of (\S+) /.exec(warning.message)![1]!);
    expect(missed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ran).size).toBe(ran.length); // none ran twice
    expect(missed.filter((tick) => ran.includes(tick))).toEqual([]); // none both ran and missed
    const accounted = [...ran, ...missed].map((tick) => Date.parse(tick)).sort((x, y) => x - y);
    for (let second = accounted[0]!; second <= accounted.at(-1)!; second += 1000) expect(accounted).toContain(second);
  }, 60_000);
});
