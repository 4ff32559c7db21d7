// What an instance sends the host on the hot path, batched per turn of its event loop: the answers
// finished during a turn leave together in one AnswerBatch (flushed in setImmediate, after the
// handlers of the requests that arrived together have run and their promises settled), carrying
// the log records, spans and metric updates gathered meanwhile and the deltas of the cache reads
// and metric values. Events with no answer to ride on (logged after an answer, in a timer) leave
// after a short delay, so that a busy function does not post one message per log line.
//
// Isolation: a batch that structured clone refuses is sent again one answer at a time, so that the
// one value that cannot be copied fails its own request (as JSON, else UNSERIALIZABLE_RESULT) and
// never its batch-mates.
import type { MessagePort } from 'node:worker_threads';
import type { AnswerBatch, EventsPayload, InvokeResponse, WorkerEvent, WorkerMessage } from '../protocol.js';
import type { CacheReads } from './cache-reads.js';
import type { MetricDeltas } from './metric-deltas.js';
import { jsonCopy, unsendableError } from './sendable.js';

/** Longest an event or a delta waits for an answer to ride on. */
export const EVENT_FLUSH_MS = 10;
/** Events (or histogram samples) this many are sent at once (a logging loop must not grow them without bound). */
const MAX_PENDING = 1000;

export class Outbox {
  private answers: InvokeResponse[] = [];
  private events: WorkerEvent[] = [];
  private flushScheduled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly port: MessagePort,
    private readonly cacheReads: CacheReads,
    readonly metricDeltas: MetricDeltas,
  ) {}

  /** An answer: sent with the others of this turn. */
  answer(response: InvokeResponse): void {
    this.answers.push(response);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  push(event: WorkerEvent): void {
    this.events.push(event);
    if (this.events.length >= MAX_PENDING) this.flush();
    else this.arm();
  }

  /** A metric value was recorded: it leaves with the next message, at the latest after EVENT_FLUSH_MS. */
  metricRecorded(): void {
    if (this.metricDeltas.samples >= MAX_PENDING) this.flush();
    else this.arm();
  }

  /**
   * Sends everything pending now: the answers with their events, or the events alone. Also called
   * before the thread ends (a stop, a fault, process.exit), so that finished answers still leave.
   */
  readonly flush = (): void => {
    this.flushScheduled = false;
    const payload = this.takePayload();
    if (this.answers.length === 0) {
      if (payload !== undefined) this.sendEvents(payload);
      return;
    }
    const batch: AnswerBatch = { answers: this.answers, ...payload };
    this.answers = [];
    try {
      this.port.postMessage(batch);
    } catch {
      this.sendApart(batch);
    }
  };

  // A timer that is not cleared by a flush: it fires at most once per EVENT_FLUSH_MS, so that a
  // function logging on every request does not arm and clear one per request.
  private arm(): void {
    if (this.timer === undefined) {
      this.timer = setTimeout(this.timerFlush, EVENT_FLUSH_MS);
      this.timer.unref();
    }
  }

  private readonly timerFlush = (): void => {
    this.timer = undefined;
    this.flush();
  };

  private takePayload(): EventsPayload | undefined {
    const cache = this.cacheReads.take();
    const metrics = this.metricDeltas.take();
    if (this.events.length === 0 && cache === undefined && metrics === undefined) return undefined;
    const payload: EventsPayload = {};
    if (this.events.length > 0) {
      payload.events = this.events;
      this.events = [];
    }
    if (cache !== undefined) payload.cache = cache;
    if (metrics !== undefined) payload.metrics = metrics;
    return payload;
  }

  private sendEvents(payload: EventsPayload): void {
    try {
      this.port.postMessage({ type: 'events', ...payload } satisfies WorkerMessage);
    } catch {
      // Records are plain data (the logger serializes fields); one that is not is dropped alone.
      const { events = [], ...deltas } = payload;
      this.post({ type: 'events', ...deltas });
      for (const event of events) this.post({ type: 'events', events: [event] });
    }
  }

  /** Structured clone refused the batch: the events first (a request's logs before its answer), then each answer alone. */
  private sendApart({ answers, ...payload }: AnswerBatch): void {
    if (payload.events !== undefined || payload.cache !== undefined || payload.metrics !== undefined) this.sendEvents(payload);
    for (const answer of answers) this.sendAlone(answer);
  }

  private sendAlone(answer: InvokeResponse): void {
    if (this.post({ answers: [answer] })) return;
    if (answer.ok) {
      // Structured clone refused something JSON accepts (a WeakMap, a Promise …): send what JSON makes of it.
      let copy: unknown;
      try {
        copy = jsonCopy(answer.value);
      } catch (error) {
        return this.sendFailure({ id: answer.id, ok: false, error: unsendableError((error as Error).message), durationMs: answer.durationMs });
      }
      if (this.post({ answers: [{ ...answer, value: copy }] })) return;
      return this.sendFailure({ id: answer.id, ok: false, error: unsendableError('it cannot be copied'), durationMs: answer.durationMs });
    }
    this.sendFailure(answer);
  }

  private sendFailure(answer: Extract<InvokeResponse, { ok: false }>): void {
    if (this.post({ answers: [answer] })) return;
    // Details that structured clone refuses: the error without them.
    delete answer.error.details;
    this.post({ answers: [answer] });
  }

  private post(message: WorkerMessage): boolean {
    try {
      this.port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  }
}
