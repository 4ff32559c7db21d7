// The host's recent requests and function logs, for `neosl logs` (GET /_neosl/logs) and for the
// gap a `neosl logs --follow` fills after a reconnect: a bounded ring, oldest dropped first.
//
// Under load it keeps samples of the successful requests, as the printers show them: every log,
// every request answered 4xx or 5xx, and successful ones in bursts of up to 100, then 100 a second.
// Keeping each of 30,000 request events a second alive for the ring cost more server CPU than the
// rest of the request path, and a person reading `neosl logs` of a busy host reads samples anyway.
import type { EventEmitter } from 'node:events';
import { LineBudget } from '../dev/line-budget.js';
import type { HostEventMap, LogEvent, RequestEvent } from '../host/events.js';

export type RecentEvent = RequestEvent | LogEvent;

export interface RecentEventQuery {
  /** Epoch ms: events at or after it. */
  since?: number;
  functionName?: string;
  status?: 'error' | 'ok';
  limit?: number;
}

const DEFAULT_CAPACITY = 5000;
/** Successful requests kept a second under load (and back to back before that). */
export const KEPT_OK_REQUESTS_PER_SECOND = 100;

const eventTime = (event: RecentEvent): number => (event.type === 'request' ? event.time : event.record.time);
const eventFunction = (event: RecentEvent): string | undefined => (event.type === 'request' ? event.functionName : event.record.functionName);
/** An error: a 5xx answer, a request that failed with a code, or a log line at level error. */
const isError = (event: RecentEvent): boolean => (event.type === 'request' ? event.status >= 500 : event.record.level === 'error');

export class RecentEvents {
  private readonly ring: RecentEvent[] = [];
  private next = 0;
  private readonly okRequests = new LineBudget({ perSecond: KEPT_OK_REQUESTS_PER_SECOND, burst: KEPT_OK_REQUESTS_PER_SECOND });

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Keeps the request and log events of a host from now on; returns the unsubscribe. */
  follow(events: EventEmitter<HostEventMap>): () => void {
    const onRequest = (event: RequestEvent) => this.add(event);
    const onLog = (event: LogEvent) => this.add(event);
    events.on('request', onRequest);
    events.on('log', onLog);
    return () => {
      events.off('request', onRequest);
      events.off('log', onLog);
    };
  }

  add(event: RecentEvent): void {
    if (event.type === 'request' && event.status < 400 && !this.okRequests.take(event.time)) return;
    if (this.ring.length < this.capacity) this.ring.push(event);
    else this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first; with a limit, the newest `limit` of those that match. */
  query(query: RecentEventQuery = {}): RecentEvent[] {
    const ordered = this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    const matching = ordered.filter(
      (event) =>
        (query.since === undefined || eventTime(event) >= query.since) &&
        (query.functionName === undefined || eventFunction(event) === query.functionName) &&
        (query.status === undefined || isError(event) === (query.status === 'error')),
    );
    return query.limit !== undefined && matching.length > query.limit ? matching.slice(-query.limit) : matching;
  }
}
