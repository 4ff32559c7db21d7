// Several `neosl serve` replicas on one PostgreSQL store: which of them runs the schedules and the
// blockchain triggers. One replica leads (leader-lease.ts: a session advisory lock, taken over
// within seconds when its holder dies); it claims each schedule tick in the tick ledger
// (tick-ledger.ts) before running it, so that a tick runs once across the cluster. The others
// serve HTTP only. This is the host's TriggerGate (src/host/schedules.ts).
//
// Missed ticks, reported and never run late (as cron does; no catch-up): when a replica takes
// the lead it reports (1) ticks another replica claimed and did not finish (it died mid-run: the
// run may have done part of its work, so running it again could do it twice), and (2) ticks that
// fell while no replica led (between the latest tick recorded for a schedule and the moment it
// took the lead). Each is recorded as 'missed' and shown as a warning naming the function and the
// time (code SCHEDULE_TICK_MISSED), and as a log line.
import type { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { HostEventMap } from '../../host/events.js';
import type { ScheduledJob, TickClaim, TickOutcome, TriggerGate } from '../../host/schedules.js';
import { LeaderLease } from './leader-lease.js';
import { TickLedger, type TickKey } from './tick-ledger.js';
import { plannedTick, scheduleKey, ticksBetween } from './tick-times.js';

export interface ClusterCoordinatorOptions {
  /** The store's postgres:// URL. */
  url: string;
  events: EventEmitter<HostEventMap>;
  /** Default: host name, process id and a random suffix. */
  replicaId?: string;
  /** How often a follower tries to take the lead (and a leader checks its connection). Default 1000 ms. */
  retryMs?: number;
  /** Another lock, for tests that run several clusters on one database. */
  lock?: readonly [number, number];
}

export interface ClusterStatus {
  replica: string;
  leader: boolean;
  /** ISO time this replica took the lead. */
  leaderSince?: string;
}

/** The most missed ticks of one schedule counted at a takeover; past it the report says "at least". */
const MISSED_LIMIT = 10_000;
/** Missed ticks of one schedule shown one by one; the rest are summed up in one line. */
const MISSED_SHOWN = 5;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

const jobId = (job: ScheduledJob) => `${job.functionName}\u0000${scheduleKey(job)}`;

export class ClusterCoordinator implements TriggerGate {
  readonly replicaId: string;
  private readonly lease: LeaderLease;
  private readonly ledger: TickLedger;
  private tracked: ScheduledJob[] = [];
  /** Schedules whose missed ticks were looked for since this replica took the lead. */
  private readonly scanned = new Set<string>();
  /** Per schedule, the latest tick this replica claimed while leading (to see ticks its timer skipped). */
  private readonly lastClaimed = new Map<string, Date>();
  /** Outcomes not yet written (the connection was down): written when it is back. */
  private readonly unsettled: [TickKey, TickOutcome][] = [];
  private flushing: Promise<void> | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ClusterCoordinatorOptions) {
    this.replicaId = options.replicaId ?? `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
    this.lease = new LeaderLease({
      url: options.url,
      replicaId: this.replicaId,
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(options.lock !== undefined ? { lock: options.lock } : {}),
      onGained: (since) => this.gained(since),
      onLost: (reason) => {
        this.scanned.clear();
        this.log('warn', `replica ${this.replicaId} no longer leads the cluster (${reason}): schedules and blockchain triggers stop here until it leads again`);
      },
      onProblem: (message) => {
        if (message !== undefined) this.log('warn', `cluster coordination: ${message}; retrying every ${options.retryMs ?? 1000} ms`);
        else void this.flushUnsettled();
      },
    });
    this.ledger = new TickLedger((text, values) => this.lease.query(text, values), this.replicaId);
  }

  start(): void {
    this.lease.start();
  }

  /** Writes what is left to write, gives up the lead (another replica takes it within seconds). */
  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.flushUnsettled();
    await this.lease.stop();
  }

  get leading(): boolean {
    return this.lease.leading;
  }

  status(): ClusterStatus {
    const since = this.lease.since;
    return { replica: this.replicaId, leader: since !== undefined, ...(since !== undefined ? { leaderSince: since.toISOString() } : {}) };
  }

  runsChainTriggers(): boolean {
    return this.lease.leading;
  }

  track(jobs: readonly ScheduledJob[]): void {
    this.tracked = [...jobs];
    // Schedules new to this leader (a first deploy, a changed cron): ticks missed up to now.
    if (this.lease.leading) void this.reportGaps(new Date()).catch((error: unknown) => this.log('warn', `cluster: could not look for missed schedule ticks: ${(error as Error).message}`));
  }

  claim(job: ScheduledJob, firedAt: Date): Promise<TickClaim | undefined> {
    if (!this.lease.leading) return Promise.resolve(undefined);
    const tick: TickKey = { functionName: job.functionName, schedule: scheduleKey(job), scheduledAt: plannedTick(job, firedAt) };
    this.reportSkipped(job, tick);
    // Issued at once: the claim is queued on the lease's connection before anything issued later.
    return this.ledger.claim(tick).then(
      (owned) => (owned ? { scheduledAt: tick.scheduledAt, settled: (outcome: TickOutcome) => this.settle(tick, outcome) } : undefined),
      (error: unknown) => {
        this.options.events.emit('error', {
          type: 'error',
          time: Date.now(),
          message: `${job.functionName}: the schedule tick of ${tick.scheduledAt.toISOString()} (${tick.schedule}) was not run: it could not be claimed (${(error as Error).message}); the next leader reports it missed`,
          functionName: job.functionName,
          code: 'SCHEDULE_TICK_UNCLAIMED',
        });
        return undefined;
      },
    );
  }

  /**
   * Ticks between this one and the last this leader claimed that its timer never fired for (its event
   * loop was busy past them): reported missed, not run late, as ticks that fell with no leader are.
   */
  private reportSkipped(job: ScheduledJob, tick: TickKey): void {
    const id = jobId(job);
    const last = this.lastClaimed.get(id);
    if (last !== undefined && last.getTime() >= tick.scheduledAt.getTime()) return;
    this.lastClaimed.set(id, tick.scheduledAt);
    if (last === undefined) return;
    const { ticks, truncated } = ticksBetween(job, last, new Date(tick.scheduledAt.getTime() - 1), 1000);
    if (ticks.length === 0) return;
    this.missed(job.functionName, tick.schedule, ticks, `this leader's timer fired late, past them (a busy event loop)${truncated ? ' (at least these: counting stopped there)' : ''}`);
    // Recorded too (queued before the claim on the lease's connection), so the ledger holds every tick.
    void this.ledger.recordMissed(job.functionName, tick.schedule, ticks).catch(() => undefined);
  }

  private settle(tick: TickKey, outcome: TickOutcome): void {
    this.unsettled.push([tick, outcome]);
    void this.flushUnsettled();
  }

  private flushUnsettled(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        while (this.unsettled.length > 0 && this.lease.connected) {
          const [tick, outcome] = this.unsettled[0]!;
          await this.ledger.settle(tick, outcome);
          this.unsettled.shift();
        }
      } catch {
        // Written when the connection is back (onProblem(undefined)).
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private async gained(since: Date): Promise<void> {
    this.scanned.clear();
    try {
      await this.ledger.ensureTable();
    } catch (error) {
      this.log('error', `cluster: cannot create the neosl_ticks table: ${(error as Error).message}`);
      throw error;
    }
    this.log('info', `replica ${this.replicaId} leads the cluster: schedules and blockchain triggers run here`);
    for (const tick of await this.ledger.takeOverAbandoned()) {
      this.missed(tick.functionName, tick.schedule, [tick.scheduledAt], `replica ${tick.claimedBy} claimed it and stopped before it finished: not run again (it may have run in part)`);
    }
    this.lastClaimed.clear(); // gaps before this lead are reportGaps' to tell
    await this.reportGaps(since);
    await this.ledger.prune().catch(() => undefined);
    clearInterval(this.pruneTimer);
    this.pruneTimer = setInterval(() => void this.ledger.prune().catch(() => undefined), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  /** Ticks after each schedule's latest recorded one, up to `until`, that no replica recorded: missed. */
  private async reportGaps(until: Date): Promise<void> {
    for (const job of this.tracked) {
      const id = jobId(job);
      if (this.scanned.has(id)) continue;
      this.scanned.add(id);
      const schedule = scheduleKey(job);
      const latest = await this.ledger.latest(job.functionName, schedule);
      if (latest === undefined) continue;
      const { ticks, truncated } = ticksBetween(job, latest, until, MISSED_LIMIT);
      const recorded = await this.ledger.recordMissed(job.functionName, schedule, ticks);
      if (recorded.length > 0) this.missed(job.functionName, schedule, recorded, `no replica led the cluster then${truncated ? ` (at least ${recorded.length}: counting stopped there)` : ''}`);
    }
  }

  private missed(functionName: string, schedule: string, ticks: readonly Date[], why: string): void {
    const shown = ticks.length > MISSED_SHOWN ? ticks.slice(-MISSED_SHOWN) : ticks;
    if (ticks.length > shown.length) {
      this.warnMissed(functionName, `${ticks.length} schedule ticks (${schedule}) from ${ticks[0]!.toISOString()} to ${ticks.at(-1)!.toISOString()} were missed: ${why}`);
      return;
    }
    for (const tick of shown) this.warnMissed(functionName, `the schedule tick of ${tick.toISOString()} (${schedule}) was missed: ${why}`);
  }

  private warnMissed(functionName: string, text: string): void {
    const time = Date.now();
    this.options.events.emit('error', { type: 'error', time, message: `${functionName}: ${text}`, functionName, code: 'SCHEDULE_TICK_MISSED', warning: true });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.events.emit('log', { type: 'log', record: { level, message, time: Date.now(), requestId: '', functionName: 'cluster', fields: { replica: this.replicaId } } });
  }
}
