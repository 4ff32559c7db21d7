// The cluster's record of schedule ticks, a table in the store's PostgreSQL database: one row per
// (function, schedule, planned time), inserted by the leader before the tick runs. The primary key
// makes a tick run at most once across replicas (a second claim finds the row); the state says
// how it ended, and rows left 'running' by a replica that died are what the next leader reports
// as missed (they are never run again: the run may have done part of its work).
import type pg from 'pg';

export type TickState = 'running' | 'done' | 'failed' | 'unrun' | 'missed';

export type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

export const TICKS_TABLE = 'neosl_ticks';

/** How long ticks are kept (the latest of each schedule is always kept: missed ticks are counted from it). */
const KEEP_DAYS = 7;

export interface TickKey {
  functionName: string;
  /** The cron, and its time zone when it has one (tick-times.ts scheduleKey). */
  schedule: string;
  scheduledAt: Date;
}

export interface AbandonedTick extends TickKey {
  claimedBy: string;
}

export class TickLedger {
  constructor(
    private readonly query: Query,
    private readonly replicaId: string,
  ) {}

  /** Creates the table when it is missing (only the leader writes it, so no two create it at once). */
  async ensureTable(): Promise<void> {
    await this.query(`CREATE TABLE IF NOT EXISTS ${TICKS_TABLE} (
      function text NOT NULL,
      schedule text NOT NULL,
      scheduled_at timestamptz NOT NULL,
      claimed_by text NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'done', 'failed', 'unrun', 'missed')),
      claimed_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (function, schedule, scheduled_at)
    )`);
  }

  /** True when this replica now owns the tick (no replica claimed or recorded it before). */
  async claim(tick: TickKey): Promise<boolean> {
    const result = await this.query(
      `INSERT INTO ${TICKS_TABLE} (function, schedule, scheduled_at, claimed_by, state) VALUES ($1, $2, $3, $4, 'running') ON CONFLICT DO NOTHING`,
      [tick.functionName, tick.schedule, tick.scheduledAt, this.replicaId],
    );
    return result.rowCount === 1;
  }

  /** Records how this replica's run of a tick ended (nothing when another replica already marked it missed). */
  async settle(tick: TickKey, state: Exclude<TickState, 'running' | 'missed'>): Promise<void> {
    await this.query(
      `UPDATE ${TICKS_TABLE} SET state = $5, finished_at = now() WHERE function = $1 AND schedule = $2 AND scheduled_at = $3 AND claimed_by = $4 AND state = 'running'`,
      [tick.functionName, tick.schedule, tick.scheduledAt, this.replicaId, state],
    );
  }

  /** Ticks another replica claimed and never finished: marked missed, and returned to be reported. */
  async takeOverAbandoned(): Promise<AbandonedTick[]> {
    const result = await this.query<{ function: string; schedule: string; scheduled_at: Date; claimed_by: string }>(
      `UPDATE ${TICKS_TABLE} SET state = 'missed', finished_at = now() WHERE state = 'running' AND claimed_by <> $1 RETURNING function, schedule, scheduled_at, claimed_by`,
      [this.replicaId],
    );
    return result.rows
      .map((row) => ({ functionName: row.function, schedule: row.schedule, scheduledAt: row.scheduled_at, claimedBy: row.claimed_by }))
      .sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  }

  /** The latest tick recorded for a schedule (run, failed or missed), if any. */
  async latest(functionName: string, schedule: string): Promise<Date | undefined> {
    const result = await this.query<{ latest: Date | null }>(`SELECT max(scheduled_at) AS latest FROM ${TICKS_TABLE} WHERE function = $1 AND schedule = $2`, [functionName, schedule]);
    return result.rows[0]?.latest ?? undefined;
  }

  /** Records these ticks as missed; returns those that were not recorded already (in order). */
  async recordMissed(functionName: string, schedule: string, ticks: readonly Date[]): Promise<Date[]> {
    if (ticks.length === 0) return [];
    const result = await this.query<{ scheduled_at: Date }>(
      `INSERT INTO ${TICKS_TABLE} (function, schedule, scheduled_at, claimed_by, state, finished_at)
       SELECT $1, $2, tick, $3, 'missed', now() FROM unnest($4::timestamptz[]) AS tick
       ON CONFLICT DO NOTHING RETURNING scheduled_at`,
      [functionName, schedule, this.replicaId, ticks],
    );
    return result.rows.map((row) => row.scheduled_at).sort((a, b) => a.getTime() - b.getTime());
  }

  /** Drops ticks older than a week, but the latest of each schedule. */
  async prune(): Promise<void> {
    await this.query(
      `DELETE FROM ${TICKS_TABLE} AS old WHERE old.scheduled_at < now() - interval '${KEEP_DAYS} days'
       AND old.scheduled_at < (SELECT max(recent.scheduled_at) FROM ${TICKS_TABLE} AS recent WHERE recent.function = old.function AND recent.schedule = old.schedule)`,
    );
  }
}
