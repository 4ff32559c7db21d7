// The `schedule` triggers of a session: one croner job per trigger, started with the session (and
// on each config change), stopped on close. Each run invokes with a ScheduleEvent.
import { Cron } from 'croner';
import type { FunctionConfig, ScheduleTriggerConfig } from '../config/types.js';
import type { ScheduleEvent } from '../sdk/function.js';

/** `trigger`: the schedule that fired (its retry and concurrency apply to the run). */
export type ScheduleRun = (functionName: string, event: ScheduleEvent, trigger: ScheduleTriggerConfig) => void;

export class Schedules {
  private jobs: Cron[] = [];

  constructor(private readonly run: ScheduleRun) {}

  /** Replaces every job with the schedules of these functions. */
  apply(functions: readonly FunctionConfig[]): void {
    this.stop();
    for (const fn of functions) {
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'schedule') continue;
        const job = new Cron(trigger.cron, { timezone: trigger.timezone, protect: true }, (self: Cron) => {
          const due = self.currentRun() ?? new Date();
          this.run(fn.name, { type: 'schedule', cron: trigger.cron, scheduledTime: due.toISOString() }, trigger);
        });
        this.jobs.push(job);
      }
    }
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }
}
