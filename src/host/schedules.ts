// The `schedule` triggers of a session: one croner job per trigger, started with the session (and
// on each config change), stopped on close. Each run invokes with a ScheduleEvent.
//
// Several hosts sharing one store (a cluster, src/serve/cluster/) pass a TriggerGate: each tick
// is claimed through it first and runs only where the claim succeeds; without one (neosl dev, a
// single neosl serve) this host runs every tick, as it always did.
import { Cron } from 'croner';
import type { FunctionConfig, ScheduleTriggerConfig } from '../config/types.js';
import type { ScheduleEvent } from '../sdk/function.js';

/** How a claimed run ended: ran to an answer (ok or failed), or never ran (host closing, queue full, function gone). */
export type TickOutcome = 'done' | 'failed' | 'unrun';

/**
 * `trigger`: the schedule that fired (its retry and concurrency apply to the run). `settled`, when
 * given, must be called once when the run ends (after its retries), or at once when it is not run.
 */
export type ScheduleRun = (functionName: string, event: ScheduleEvent, trigger: ScheduleTriggerConfig, settled?: (outcome: TickOutcome) => void) => void;

/** A schedule of a function, as a gate tracks it (to tell the ticks it should have seen). */
export interface ScheduledJob {
  functionName: string;
  cron: string;
  timezone?: string;
}

/** A tick this host was granted: its planned time, and the call to make when its run ends. */
export interface TickClaim {
  scheduledAt: Date;
  settled(outcome: TickOutcome): void;
}

/** Which host runs schedule ticks and blockchain triggers where several share the work. */
export interface TriggerGate {
  /** The schedules now configured (on each apply). */
  track(jobs: readonly ScheduledJob[]): void;
  /** Resolves to a claim when this host runs the tick fired at `firedAt`, undefined when it does not. Never rejects. */
  claim(job: ScheduledJob, firedAt: Date): Promise<TickClaim | undefined>;
  /** Whether blockchain triggers (blocks, contract events) run on this host now. */
  runsChainTriggers(): boolean;
}

export class Schedules {
  private jobs: Cron[] = [];

  constructor(
    private readonly run: ScheduleRun,
    private readonly gate?: TriggerGate,
  ) {}

  /** Replaces every job with the schedules of these functions. */
  apply(functions: readonly FunctionConfig[]): void {
    this.stop();
    const tracked: ScheduledJob[] = [];
    for (const fn of functions) {
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'schedule') continue;
        const scheduled: ScheduledJob = { functionName: fn.name, cron: trigger.cron, ...(trigger.timezone !== undefined ? { timezone: trigger.timezone } : {}) };
        tracked.push(scheduled);
        const job = new Cron(trigger.cron, { timezone: trigger.timezone, protect: true }, (self: Cron) => {
          const due = self.currentRun() ?? new Date();
          const event = (time: Date): ScheduleEvent => ({ type: 'schedule', cron: trigger.cron, scheduledTime: time.toISOString() });
          if (this.gate === undefined) return this.run(fn.name, event(due), trigger);
          void this.gate.claim(scheduled, due).then((claim) => {
            // Run even if apply() replaced this job meanwhile: the host finds the trigger again (or settles it unrun).
            if (claim !== undefined) this.run(fn.name, event(claim.scheduledAt), trigger, (outcome) => claim.settled(outcome));
          });
        });
        this.jobs.push(job);
      }
    }
    this.gate?.track(tracked);
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }
}
