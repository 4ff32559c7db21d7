// The WebSocket at /_neosl/events: every HostEvent as one JSON text message, to every client; a client
// that asks for some types only (`/_neosl/events?types=metrics,error`) gets those, so a monitor under
// load (neosl bench) does not cost the emulator a message per request. An upgrade from a Host or web
// Origin that the access policy refuses is answered 403 (a page the user visits must not read the
// stream); a client that stops reading is dropped once its unsent messages pass a limit, so that
// it cannot make the emulator buffer without end.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostEvent, HostEventMap } from '../host/events.js';
import type { AccessPolicy } from './access-policy.js';
import { hostNotAllowed, originNotAllowed, unauthorized } from './errors.js';
import { answerOnSocket } from './socket-answer.js';

const EVENT_TYPES = ['request', 'log', 'build', 'reload', 'error', 'metrics', 'ready'] as const;

export interface EventsSocket {
  close(): Promise<void>;
}

export interface EventsSocketOptions {
  /** The policy in force (it changes with neosl.yaml). */
  access(): AccessPolicy;
  path?: string;
  /** A host with tokens: false answers the handshake 401. */
  authorize?(req: IncomingMessage): boolean;
  /**
   * A host with tokens: checks a token a browser offers as the subprotocol `neosl-token.<token>`
   * beside `neosl` (a page cannot set Authorization on a WebSocket). Absent: such a token is not taken.
   */
  authorizeToken?(token: string): boolean;
  /**
   * Told how many clients watch requests: those that take request events, and those that ask for the request
   * log (`?requestLog=1`, the web console, which takes only the summaries it charts and reads the log by its
   * route). The request log captures while there is one.
   */
  onRequestWatchers?(count: number): void;
  /** Unsent bytes past which a client is dropped (default 8 MiB). */
  maxBufferedBytes?: number;
}

const DEFAULT_MAX_BUFFERED = 8 * 1024 * 1024;
/** The subprotocol the server selects for a client that offers it (the token beside it is never echoed). */
export const EVENTS_SUBPROTOCOL = 'neosl';
export const TOKEN_SUBPROTOCOL_PREFIX = 'neosl-token.';

/** The token offered as a subprotocol (`neosl-token.<token>`) in a handshake, if any. */
function offeredToken(req: IncomingMessage): string | undefined {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  for (const protocol of header.split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) return trimmed.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  }
  return undefined;
}

export function attachEventsSocket(server: Server, events: EventEmitter<HostEventMap>, options: EventsSocketOptions): EventsSocket {
  const path = options.path ?? '/_neosl/events';
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  // Only `neosl` is ever selected: ws would otherwise echo the first offered, which may be the token.
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(EVENTS_SUBPROTOCOL) ? EVENTS_SUBPROTOCOL : false) });
  /** Each client with the event types it asked for (undefined: all). */
  const clients = new Map<WebSocket, ReadonlySet<string> | undefined>();
  /** Clients that asked for the request log without taking request events. */
  const logReaders = new Set<WebSocket>();
  const broadcast = (event: HostEvent) => {
    if (clients.size === 0) return;
    let text: string | undefined;
    for (const [client, types] of clients) {
      if (client.readyState !== client.OPEN || (types !== undefined && !types.has(event.type))) continue;
      if (client.bufferedAmount > maxBuffered) {
        // It stopped reading: holding more for it would grow the emulator's memory without bound.
        removeClient(client);
        client.terminate();
        continue;
      }
      text ??= JSON.stringify(event);
      client.send(text);
    }
  };
  // Subscribed only while a client is connected: the host sends a function's log events across the
  // worker boundary only when someone listens to them (the hot path, issue 15).
  const listeners = EVENT_TYPES.map((type) => [type, (event: HostEvent) => broadcast(event)] as const);
  let subscribed = false;
  const subscribe = (on: boolean) => {
    if (subscribed === on) return;
    subscribed = on;
    for (const [type, listener] of listeners) {
      if (on) events.on(type, listener as never);
      else events.off(type, listener as never);
    }
  };
  let requestWatchers = 0;
  const countWatchers = () => {
    if (options.onRequestWatchers === undefined) return;
    let count = 0;
    for (const [client, types] of clients) if (types === undefined || types.has('request') || logReaders.has(client)) count++;
    if (count !== requestWatchers) options.onRequestWatchers((requestWatchers = count));
  };
  function removeClient(client: WebSocket): void {
    if (!clients.delete(client)) return;
    logReaders.delete(client);
    if (clients.size === 0) subscribe(false);
    countWatchers();
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(req, socket, head);
    } catch {
      // A handshake it cannot make sense of: drop that connection, keep serving.
      socket.destroy();
    }
  };
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '';
    if (url !== path && !url.startsWith(`${path}?`)) {
      answerOnSocket(socket, { status: 404, code: 'ROUTE_NOT_FOUND', message: `no WebSocket at ${url.slice(0, 200)}: the events stream is ${path}` });
      return;
    }
    const access = options.access();
    const { host, origin } = req.headers;
    if (!access.hostAllowed(host)) return answerOnSocket(socket, hostNotAllowed(host ?? ''));
    // Browsers send an Origin with every WebSocket handshake; a cross-site page must not read the stream.
    if (!access.originAllowed(origin, host)) return answerOnSocket(socket, originNotAllowed(origin ?? ''));
    if (options.authorize && !options.authorize(req)) {
      const token = options.authorizeToken ? offeredToken(req) : undefined;
      if (token === undefined || !options.authorizeToken!(token)) return answerOnSocket(socket, unauthorized());
    }
    const query = new URL(url, 'http://localhost').searchParams;
    const asked = query.get('types');
    const readsLog = query.get('requestLog') === '1';
    const types = asked ? new Set(asked.split(',').map((type) => type.trim())) : undefined;
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.set(ws, types);
      if (readsLog) logReaders.add(ws);
      subscribe(true);
      countWatchers();
      ws.on('close', () => removeClient(ws));
      ws.on('error', () => removeClient(ws));
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    close() {
      server.off('upgrade', onUpgrade);
      subscribe(false);
      for (const client of clients.keys()) client.terminate();
      clients.clear();
      logReaders.clear();
      countWatchers();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
