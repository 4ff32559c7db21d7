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
  /** Unsent bytes past which a client is dropped (default 8 MiB). */
  maxBufferedBytes?: number;
}

const DEFAULT_MAX_BUFFERED = 8 * 1024 * 1024;


export function attachEventsSocket(server: Server, events: EventEmitter<HostEventMap>, options: EventsSocketOptions): EventsSocket {
  const path = options.path ?? '/_neosl/events';
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  const wss = new WebSocketServer({ noServer: true });
  /** Each client with the event types it asked for (undefined: all). */
  const clients = new Map<WebSocket, ReadonlySet<string> | undefined>();
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
  function removeClient(client: WebSocket): void {
    clients.delete(client);
    if (clients.size === 0) subscribe(false);
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
    if (options.authorize && !options.authorize(req)) return answerOnSocket(socket, unauthorized());
    const asked = new URL(url, 'http://localhost').searchParams.get('types');
    const types = asked ? new Set(asked.split(',').map((type) => type.trim())) : undefined;
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.set(ws, types);
      subscribe(true);
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
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
