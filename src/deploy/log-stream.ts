// `neosl logs`' reading of a host's events: GET /_neosl/logs for the recent ones and, with --follow,
// the /_neosl/events WebSocket, which reconnects with backoff when it drops (pings find a silent
// drop), fills the gap from /_neosl/logs without repeating a line, and gives up when the host stays gone.
import { WebSocket, type RawData } from 'ws';
import { isUserError, UserError } from '../errors.js';
import type { HostClient } from './host-client.js';
import { describeTokenSource, type HostTarget } from './target.js';
import { eventFunction, eventTime, isErrorEvent, type LogStreamEvent } from './log-format.js';

export interface EventFilter {
  functionName?: string;
  status?: 'error' | 'ok';
}

export interface FollowLogsOptions {
  /** The host's URL and token (sent as `Authorization: Bearer`, never shown). */
  target: HostTarget;
  /** For GET /_neosl/logs: the recent events, then the ones missed while disconnected. */
  client: HostClient;
  /** Epoch ms: the first events to show. */
  since: number;
  filter: EventFilter;
  onEvent(event: LogStreamEvent): void;
  /** A line about the connection (lost, reconnected), for stderr. */
  onNotice(text: string): void;
  /** How long the host may stay unreachable before the stream fails (default 30 s). */
  unreachableLimitMs?: number;
  /** How often a ping checks the connection (default 15 s). */
  pingIntervalMs?: number;
  /** Pings left unanswered after which the connection counts as dropped (default 2). */
  missedPongLimit?: number;
  /** The first wait before a reconnect (default 0.5 s), doubled each failed attempt up to backoffMaxMs (default 5 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

export interface LogFollower {
  /** Resolves after stop(); rejects with a UserError (HOST_UNREACHABLE, UNAUTHORIZED, …). */
  done: Promise<void>;
  stop(): void;
}

export const DEFAULT_UNREACHABLE_LIMIT_MS = 30_000;
const DEFAULT_PING_INTERVAL_MS = 15_000;
/** The gap fill asks from a little before the newest event seen: events of concurrent requests do not arrive in time order. */
const GAP_OVERLAP_MS = 2_000;
/** How long a failed gap fill waits to see whether the connection closes too (see fillGap). */
const GAP_FAILURE_GRACE_MS = 1_000;
/** How long an event's key is kept to recognise it again (must exceed GAP_OVERLAP_MS). */
const SEEN_RETENTION_MS = 60_000;
/** Statuses that will not change by asking again: the stream fails at once rather than retry. */
const RETRYABLE_REFUSALS = new Set([408, 429]);

/** Whether an event passes `[function]` and `--status`. */
export function matchesFilter(event: LogStreamEvent, filter: EventFilter): boolean {
  if (filter.functionName !== undefined && eventFunction(event) !== filter.functionName) return false;
  if (filter.status !== undefined && isErrorEvent(event) !== (filter.status === 'error')) return false;
  return true;
}

/** `/_neosl/logs?since=…&function=…&status=…`. */
export function logsPath(since: number, filter: EventFilter): string {
  const query = new URLSearchParams({ since: String(Math.floor(since)) });
  if (filter.functionName !== undefined) query.set('function', filter.functionName);
  if (filter.status !== undefined) query.set('status', filter.status);
  return `/_neosl/logs?${query.toString()}`;
}

function isStreamEvent(value: unknown): value is LogStreamEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as { type?: unknown; time?: unknown; status?: unknown; record?: { time?: unknown } | null };
  if (event.type === 'request') return typeof event.time === 'number' && typeof event.status === 'number';
  if (event.type === 'log') return typeof event.record === 'object' && event.record !== null && typeof event.record.time === 'number';
  return false;
}

/** The host's recent request and log events since `since` (oldest first) that pass the filter. */
export async function fetchLogEvents(client: HostClient, since: number, filter: EventFilter): Promise<LogStreamEvent[]> {
  const answer = await client.request<{ events?: unknown }>('GET', logsPath(since, filter));
  if (!Array.isArray(answer?.events)) {
    throw new UserError(`${client.url}/_neosl/logs answered without an events list: is it a neosl serve host?`, { code: 'NOT_A_NEOSL_HOST' });
  }
  return answer.events.filter(isStreamEvent).filter((event) => matchesFilter(event, filter));
}

/** What tells two deliveries of one event apart from two events (a gap fill overlaps what the stream gave). */
function eventKey(event: LogStreamEvent): string {
  return event.type === 'request'
    ? `request ${event.requestId} ${event.time} ${event.status}`
    : `log ${event.record.requestId} ${event.record.time} ${event.record.level} ${event.record.message}`;
}

/** The keys of recent events, so that an event delivered twice is shown once. */
class SeenEvents {
  private readonly keys = new Map<string, number>();
  private pruneAt = 4096;
  /** The newest event time seen. */
  latest: number | undefined;

  /** True the first time an event is offered. */
  firstTime(event: LogStreamEvent): boolean {
    const key = eventKey(event);
    if (this.keys.has(key)) return false;
    const time = eventTime(event);
    this.keys.set(key, time);
    this.latest = this.latest === undefined ? time : Math.max(this.latest, time);
    if (this.keys.size > this.pruneAt) {
      for (const [old, oldTime] of this.keys) if (oldTime < this.latest - SEEN_RETENTION_MS) this.keys.delete(old);
      this.pruneAt = Math.max(4096, this.keys.size * 2);
    }
    return true;
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function describeSocketError(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/** As host-client.ts says it for a 401 on a request. */
function tokenHint(target: HostTarget): string {
  const create = 'create a token on the host with "neosl serve token create NAME"';
  if (target.token === undefined) return `log in with "neosl login ${target.url}" (or set NEOSL_TOKEN); ${create}`;
  const renew = target.tokenSource === 'NEOSL_TOKEN' ? 'then set NEOSL_TOKEN to it' : target.tokenSource === 'neosl.yaml' ? `then update the token of deploy target "${target.name}"` : `then "neosl login ${target.url}"`;
  return `${create}, ${renew}`;
}

type Outcome = { kind: 'dropped' } | { kind: 'failed'; reason: string } | { kind: 'refused'; error: UserError } | { kind: 'stopped' };

/** Streams the host's events: the recent ones, then live ones, across dropped connections. */
export function followLogs(options: FollowLogsOptions): LogFollower {
  const { target, client, filter } = options;
  const limitMs = options.unreachableLimitMs ?? DEFAULT_UNREACHABLE_LIMIT_MS;
  const pingIntervalMs = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  const missedPongLimit = options.missedPongLimit ?? 2;
  const backoffInitialMs = options.backoffInitialMs ?? 500;
  const backoffMaxMs = options.backoffMaxMs ?? 5_000;
  const socketUrl = `${target.url.replace(/^http/i, 'ws')}/_neosl/events?types=request,log`;
  const headers: Record<string, string> = target.token !== undefined ? { authorization: `Bearer ${target.token}` } : {};

  const seen = new SeenEvents();
  let stopped = false;
  let socket: WebSocket | undefined;
  let wake: (() => void) | undefined;
  /** When the connection was lost (or the first attempt failed); undefined while connected. */
  let downSince: number | undefined;
  let delayMs = backoffInitialMs;

  const deliver = (event: LogStreamEvent) => {
    if (stopped || !matchesFilter(event, filter) || !seen.firstTime(event)) return;
    options.onEvent(event);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const connectOnce = (handshakeTimeout: number) =>
    new Promise<Outcome>((resolve) => {
      const ws = new WebSocket(socketUrl, { headers, handshakeTimeout });
      socket = ws;
      let opened = false;
      let refused: UserError | undefined;
      let reason = 'the connection closed';
      let unansweredPings = 0;
      let pingTimer: NodeJS.Timeout | undefined;
      /** Events that arrive while the gap is being filled: shown after it, in order. */
      let held: LogStreamEvent[] | undefined = [];

      const onEvent = (event: LogStreamEvent) => (held !== undefined ? held.push(event) : deliver(event));

      const fillGap = async () => {
        let failure: Error | undefined;
        try {
          const missed = await fetchLogEvents(client, seen.latest === undefined ? options.since : seen.latest - GAP_OVERLAP_MS, filter);
          for (const event of missed) deliver(event);
        } catch (error) {
          if (isUserError(error) && error.code === 'UNAUTHORIZED') {
            refused = error;
            ws.terminate();
            return;
          }
          failure = error as Error;
        }
        const queued = held ?? [];
        held = undefined;
        for (const event of queued) deliver(event);
        if (failure === undefined) return;
        // A host going down fails the fetch just before the socket closes: then the next connection
        // fills the gap. Only a connection that stays open is missing those events for good.
        await new Promise((resolve) => setTimeout(resolve, GAP_FAILURE_GRACE_MS).unref());
        if (!stopped && ws.readyState === WebSocket.OPEN) options.onNotice(`some events may be missing: fetching them from /_neosl/logs failed (${failure.message})`);
      };

      ws.on('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        if (status === 401) {
          const message = target.token === undefined ? `the host at ${target.url} needs a token, and none was given` : `the host at ${target.url} refused the token from ${describeTokenSource(target)}: it is wrong or was revoked`;
          refused = new UserError(message, { code: 'UNAUTHORIZED', hint: tokenHint(target) });
        } else if (status >= 400 && status < 500 && !RETRYABLE_REFUSALS.has(status)) {
          refused = new UserError(`the host at ${target.url} refused the event stream (HTTP ${status} for /_neosl/events)`, {
            code: 'EVENTS_REFUSED',
            hint: 'Is it a neosl serve host? "neosl whoami" shows what it answers.',
          });
        } else reason = `HTTP ${status}`;
        ws.terminate();
      });
      ws.on('open', () => {
        opened = true;
        if (downSince !== undefined) options.onNotice(`reconnected to ${target.url}`);
        downSince = undefined;
        delayMs = backoffInitialMs;
        pingTimer = setInterval(() => {
          if (unansweredPings >= missedPongLimit) {
            reason = `no answer to ${missedPongLimit} pings`;
            ws.terminate();
            return;
          }
          unansweredPings++;
          ws.ping();
        }, pingIntervalMs);
        void fillGap();
      });
      ws.on('pong', () => (unansweredPings = 0));
      ws.on('message', (data: RawData, isBinary: boolean) => {
        unansweredPings = 0;
        if (isBinary) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(data));
        } catch {
          return;
        }
        if (isStreamEvent(parsed)) onEvent(parsed);
      });
      ws.on('error', (error) => (reason = describeSocketError(error)));
      ws.on('close', () => {
        clearInterval(pingTimer);
        if (socket === ws) socket = undefined;
        if (stopped) resolve({ kind: 'stopped' });
        else if (refused) resolve({ kind: 'refused', error: refused });
        else if (opened) resolve({ kind: 'dropped' });
        else resolve({ kind: 'failed', reason });
      });
    });

  const run = async () => {
    for (const event of await fetchLogEvents(client, options.since, filter)) deliver(event);
    while (!stopped) {
      const left = downSince === undefined ? limitMs : downSince + limitMs - Date.now();
      const outcome = await connectOnce(Math.min(10_000, Math.max(1_000, left)));
      if (stopped || outcome.kind === 'stopped') return;
      if (outcome.kind === 'refused') throw outcome.error;
      if (outcome.kind === 'dropped') {
        options.onNotice(`connection to ${target.url} lost; reconnecting…`);
        downSince = Date.now();
        delayMs = backoffInitialMs;
      } else if (downSince === undefined) {
        options.onNotice(`cannot connect to ${target.url}/_neosl/events (${outcome.reason}); retrying…`);
        downSince = Date.now();
      }
      const remaining = downSince + limitMs - Date.now();
      if (remaining <= 0) {
        throw new UserError(`the host at ${target.url} stayed unreachable for ${seconds(limitMs)}`, {
          code: 'HOST_UNREACHABLE',
          hint: 'Check that neosl serve is running there and reachable from here, then run "neosl logs --follow" again.',
        });
      }
      await sleep(Math.min(delayMs, remaining));
      delayMs = Math.min(delayMs * 2, backoffMaxMs);
    }
  };

  const done = run().finally(() => {
    stopped = true;
    socket?.terminate();
    wake?.();
  });

  return {
    done,
    stop() {
      stopped = true;
      socket?.terminate();
      wake?.();
    },
  };
}
