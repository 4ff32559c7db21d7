// The times of a schedule's ticks, as the cluster's tick ledger keys them: the planned time of the
// tick a job fired for (croner hands its callback the moment it ran, a few ms late), and the ticks
// that fell between two moments (those a leader reports missed).
import { Cron } from 'croner';
import type { ScheduledJob } from '../../host/schedules.js';

const SECOND_MS = 1000;
/** How far back a late firing is matched to its planned tick. */
const LATE_LIMIT_MS = 60 * 60 * 1000;

function pattern(job: ScheduledJob): Cron {
  return new Cron(job.cron, { ...(job.timezone !== undefined ? { timezone: job.timezone } : {}), paused: true });
}

/** The planned tick a job that fired at `firedAt` ran for: the last match of its cron at or before then. */
export function plannedTick(job: ScheduledJob, firedAt: Date): Date {
  const cron = pattern(job);
  const fired = firedAt.getTime();
  const second = Math.floor(fired / SECOND_MS) * SECOND_MS;
  // On time (the usual case): the tick is the second it fired in.
  const onTime = cron.nextRun(new Date(second - SECOND_MS));
  if (onTime !== null && onTime.getTime() <= fired) return onTime;
  // Late past a second boundary (a busy event loop): the latest match before it fired.
  let latest: Date | undefined;
  for (let next = cron.nextRun(new Date(fired - LATE_LIMIT_MS)); next !== null && next.getTime() <= fired; next = cron.nextRun(next)) latest = next;
  return latest ?? new Date(second);
}

/** The ticks after `after` up to and including `until`, at most `limit` of them (the earliest). */
export function ticksBetween(job: ScheduledJob, after: Date, until: Date, limit: number): { ticks: Date[]; truncated: boolean } {
  const cron = pattern(job);
  const ticks: Date[] = [];
  for (let next = cron.nextRun(after); next !== null && next.getTime() <= until.getTime(); next = cron.nextRun(next)) {
    if (ticks.length === limit) return { ticks, truncated: true };
    ticks.push(next);
  }
  return { ticks, truncated: false };
}

/** How a job is named in the ledger's `schedule` column: its cron, and its time zone when it has one. */
export function scheduleKey(job: ScheduledJob): string {
  return job.timezone !== undefined ? `${job.cron} (${job.timezone})` : job.cron;
}
