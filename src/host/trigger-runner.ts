// Runs of event triggers (schedules, blocks, contract notifications) with their `retry` and
// `concurrency`: a failed run is tried again after a backoff, and a trigger runs at most
// `concurrency` runs at once while further events wait in a bounded queue. Free of any one host:
// it takes the invoke function and reports through callbacks (neosl dev and a production host).
//
// A run holds its concurrency slot through its retries and their waits, so that concurrency 1
// processes events one at a time, in order, each to its last attempt. The queue keeps the newest
// `queueLimit` events of a trigger; past that the oldest is dropped and reported (onDrop), never
// lost silently.
import type { FunctionConfig, RetryConfig, TriggerConfig } from '../config/types.js';
import { backoffCap, MAX_TIMER_MS } from '../sdk/network/backoff.js';

export interface TriggerPolicy {
  /** Runs in flight at once (retries and their waits included); undefined: no limit. */
  concurrency?: number;
  retry?: RetryConfig;
}

/** The policy of a trigger's runs: its own concurrency, and its retry, else the function's. */
export function triggerPolicy(fn: FunctionConfig, trigger: TriggerConfig): TriggerPolicy {
  const retry = trigger.retry ?? fn.retry;
  return { ...(trigger.concurrency !== undefined ? { concurrency: trigger.concurrency } : {}), ...(retry ? { retry } : {}) };
}

/** The wait before retry number `retry` (1 = the first retry), capped at maxDelay. */
export function retryDelay(config: RetryConfig, retry: number): number {
  return Math.min(MAX_TIMER_MS, backoffCap(config.backoff, config.initialDelayMs, config.maxDelayMs, retry));
}

export const DEFAULT_QUEUE_LIMIT = 1000;

export interface TriggerRunnerOptions<P, R extends { ok: boolean }> {
  /** Runs the function once; `attempt` 1 is the first run, 2 the first retry. Should not reject. */
  invoke(payload: P, attempt: number): Promise<R>;
  /** Whether a failed outcome is worth another attempt (e.g. not when the function is gone). Default: yes. */
  retryable?(outcome: R): boolean;
  /** A failed attempt will be retried after delayMs. */
  onRetry?(payload: P, outcome: R, attempt: number, delayMs: number): void;
  /** The last attempt of a run failed; `attempts` counts them all (1 = no retry was made). */
  onGiveUp?(payload: P, outcome: R, attempts: number): void;
  /** An event dropped unrun: its trigger's queue was full (the oldest goes). */
  onDrop?(payload: P, lane: string, info: { queueLimit: number; concurrency: number }): void;
  /** invoke rejected: the run ends without a retry. */
  onError?(payload: P, error: unknown): void;
  /** Once per submitted event, when it is over: 'done'/'failed' by its last attempt, 'unrun' when dropped or stopped before it ran. */
  onSettled?(payload: P, outcome: 'done' | 'failed' | 'unrun'): void;
  /** Events waiting per lane before the oldest is dropped. Default 1000. */
  queueLimit?: number;
}

interface Lane<P> {
  policy: TriggerPolicy;
  running: number;
  queue: P[];
}

export class TriggerRunner<P, R extends { ok: boolean }> {
  private readonly lanes = new Map<string, Lane<P>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly queueLimit: number;
  private stopped = false;

  constructor(private readonly options: TriggerRunnerOptions<P, R>) {
    this.queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
  }

  /**
   * Runs `payload` now, or queues it while `lane` (one trigger: a function and one of its
   * triggers) has `policy.concurrency` runs in flight. The latest policy of a lane applies.
   */
  submit(lane: string, policy: TriggerPolicy, payload: P): void {
    if (this.stopped) return this.options.onSettled?.(payload, 'unrun');
    let state = this.lanes.get(lane);
    if (state === undefined) this.lanes.set(lane, (state = { policy, running: 0, queue: [] }));
    state.policy = policy;
    if (state.running < (policy.concurrency ?? Infinity)) {
      this.start(lane, state, payload);
      return;
    }
    state.queue.push(payload);
    if (state.queue.length > this.queueLimit) {
      const dropped = state.queue.shift()!;
      this.options.onDrop?.(dropped, lane, { queueLimit: this.queueLimit, concurrency: policy.concurrency ?? Infinity });
      this.options.onSettled?.(dropped, 'unrun');
    }
  }

  /** Runs in flight and events waiting, per lane (lanes with neither are left out). */
  pending(): Record<string, { running: number; queued: number }> {
    const result: Record<string, { running: number; queued: number }> = {};
    for (const [lane, state] of this.lanes) result[lane] = { running: state.running, queued: state.queue.length };
    return result;
  }

  /** No new runs, retries or queued events from now on; runs in flight finish without retry. */
  stop(): void {
    this.stopped = true;
    for (const state of this.lanes.values()) {
      const unrun = state.queue.splice(0);
      for (const payload of unrun) this.options.onSettled?.(payload, 'unrun');
    }
    for (const [timer, wake] of this.waits) {
      clearTimeout(timer);
      wake();
    }
    this.waits.clear();
  }

  private start(lane: string, state: Lane<P>, payload: P): void {
    state.running++;
    void this.run(state, payload).then((outcome) => {
      state.running--;
      const next = state.queue.shift();
      if (next !== undefined && !this.stopped) this.start(lane, state, next);
      else if (state.running === 0 && state.queue.length === 0) this.lanes.delete(lane);
      this.options.onSettled?.(payload, outcome);
    });
  }

  /** Every attempt of one event; how the last one ended. */
  private async run(state: Lane<P>, payload: P): Promise<'done' | 'failed'> {
    for (let attempt = 1; ; attempt++) {
      let outcome: R;
      try {
        outcome = await this.options.invoke(payload, attempt);
      } catch (error) {
        this.options.onError?.(payload, error);
        return 'failed';
      }
      if (outcome.ok) return 'done';
      if (this.stopped) return 'failed';
      const { retry } = state.policy;
      const again = retry !== undefined && attempt <= retry.attempts && (this.options.retryable?.(outcome) ?? true);
      if (!again) {
        this.options.onGiveUp?.(payload, outcome, attempt);
        return 'failed';
      }
      const delayMs = retryDelay(retry, attempt);
      this.options.onRetry?.(payload, outcome, attempt, delayMs);
      await this.wait(delayMs);
      if (this.stopped) return 'failed';
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      this.waits.set(timer, resolve);
    });
  }
}
