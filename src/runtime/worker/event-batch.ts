// Logs, spans and metric updates leave the instance in batches: with the next invocation response
// when one is about to be sent (the common case: a request's logs ride on its answer), else after a
// short delay, so that a busy function does not post one message per log line. A batch sent on its
// own also carries the cache reads counted since the last message.
import type { MessagePort } from 'node:worker_threads';
import type { WorkerEvent, WorkerMessage } from '../protocol.js';
import type { CacheReads } from './cache-reads.js';

/** Longest a record waits for a response to ride on. */
export const EVENT_FLUSH_MS = 10;
/** A batch this long is sent at once (a logging loop must not grow it without bound). */
const MAX_BATCH = 1000;

export class EventBatch {
  private events: WorkerEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly port: MessagePort,
    private readonly cacheReads?: CacheReads,
  ) {}

  push(event: WorkerEvent): void {
    this.events.push(event);
    if (this.events.length >= MAX_BATCH) this.flush();
    else if (this.timer === undefined) this.timer = setTimeout(this.flush, EVENT_FLUSH_MS);
  }

  /** The pending events (for a response to carry), or undefined when there are none. */
  take(): WorkerEvent[] | undefined {
    if (this.events.length === 0) return undefined;
    const events = this.events;
    this.events = [];
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return events;
  }

  readonly flush = (): void => {
    this.timer = undefined;
    const events = this.take();
    const cache = this.cacheReads?.take();
    if (events === undefined && cache === undefined) return;
    const message: WorkerMessage = { type: 'events', events: events ?? [] };
    if (cache !== undefined) message.cache = cache;
    this.port.postMessage(message);
  };
}
