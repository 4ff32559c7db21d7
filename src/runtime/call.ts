// One request on its way through a pool: queued, waiting for an instance to start, or sent.
import type { LogRecord } from '../sdk/context.js';
import type { InvocationError, InvokeOutcome } from './types.js';

const NO_LOGS: LogRecord[] = [];

export class Call {
  /** The invoke id on the instance it was sent to (0 until sent). */
  id = 0;
  /** Set when the call is assigned to an instance that was still starting. */
  coldStart = false;
  initDurationMs: number | undefined;
  /** performance.now() when sent to the instance; the timeout counts from there. */
  sentAt = 0;
  deadline = 0;
  logs: LogRecord[] = NO_LOGS;
  settled = false;
  readonly receivedAt = performance.now();

  constructor(
    readonly input: unknown,
    readonly requestId: string,
    readonly traceId: string | undefined,
    private readonly settleWith: (call: Call, outcome: InvokeOutcome) => void,
  ) {}

  addLog(record: LogRecord): void {
    if (this.logs === NO_LOGS) this.logs = [];
    this.logs.push(record);
  }

  succeed(value: unknown, durationMs: number): void {
    if (this.settled) return;
    this.settled = true;
    const outcome: InvokeOutcome = { ok: true, value, durationMs, coldStart: this.coldStart, requestId: this.requestId, logs: this.logs };
    if (this.initDurationMs !== undefined) outcome.initDurationMs = this.initDurationMs;
    this.settleWith(this, outcome);
  }

  /** durationMs: the instance's measure; default, the time since the call was sent (or received). */
  fail(error: InvocationError, durationMs = performance.now() - (this.sentAt || this.receivedAt)): void {
    if (this.settled) return;
    this.settled = true;
    const outcome: InvokeOutcome = { ok: false, error, durationMs, coldStart: this.coldStart, requestId: this.requestId, logs: this.logs };
    if (this.initDurationMs !== undefined) outcome.initDurationMs = this.initDurationMs;
    this.settleWith(this, outcome);
  }
}
