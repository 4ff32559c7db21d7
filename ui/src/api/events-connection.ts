// The live WebSocket to /_neosl/events. On a drop it says "reconnecting" and tries again with
// backoff (at most 5 s apart) until the host answers, then says "live" and calls `onOpen` so the
// pages refetch what they missed (a restarted host has new counters, versions, builds).
// Messages are parsed as they come and handed over in batches, at most every 50 ms (a timer, not an
// animation frame: a background tab gets no frames, and its batch would grow unseen).
import { parseHostEvent, type ConnectionStatus } from '../state/console-store.js';
import type { HostEvent } from '../state/host-types.js';
import { reconnectDelay } from '../state/reconnect-backoff.js';
import { currentToken } from './session-token.js';

export interface EventsConnectionHandlers {
  onEvents(events: HostEvent[]): void;
  onStatus(status: ConnectionStatus): void;
  onOpen(): void;
}

export interface EventsConnection {
  close(): void;
}

/**
 * What the pages chart and show live: per-function summaries (metrics), builds, reloads, errors. Not one
 * message per request or log line: under load those would cost the host a message each (and the browser a
 * core); the request log is read from its route instead, while the host keeps it (`requestLog=1`).
 */
const LIVE_TYPES = 'metrics,build,reload,error,ready';

function eventsUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/_neosl/events?types=${LIVE_TYPES}&requestLog=1`;
}

/** The token travels as a subprotocol (a browser cannot set headers on a WebSocket, and a URL would log it). */
function subprotocols(): string[] {
  const token = currentToken();
  return token === undefined ? [] : ['neosl', `neosl-token.${token}`];
}

export function connectEvents(handlers: EventsConnectionHandlers): EventsConnection {
  let socket: WebSocket | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let pending: HostEvent[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const FLUSH_MS = 50;

  const flush = () => {
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length > 0) handlers.onEvents(batch);
  };

  const scheduleReconnect = () => {
    if (closed || timer !== undefined) return;
    handlers.onStatus('reconnecting');
    timer = setTimeout(() => {
      timer = undefined;
      open();
    }, reconnectDelay(attempt++));
  };

  function open(): void {
    if (closed) return;
    let next: WebSocket;
    try {
      next = new WebSocket(eventsUrl(), subprotocols());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = next;
    next.onopen = () => {
      attempt = 0;
      handlers.onStatus('live');
      handlers.onOpen();
    };
    next.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      const event = parseHostEvent(message.data);
      if (event === undefined) return;
      pending.push(event);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    next.onclose = () => {
      if (socket !== next) return;
      socket = undefined;
      scheduleReconnect();
    };
    // An error is followed by close, which reconnects.
    next.onerror = () => undefined;
  }

  open();
  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      const current = socket;
      socket = undefined;
      current?.close();
    },
  };
}
