// The WebSocket at /_neosl/events: every DevEvent as one JSON text message, to every client; a client
// that asks for some types only (`/_neosl/events?types=metrics,error`) gets those, so a monitor under
// load (neosl bench) does not cost the emulator a message per request.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DevEvent, DevEventMap } from '../dev/events.js';

const EVENT_TYPES = ['request', 'log', 'build', 'reload', 'error', 'metrics', 'ready'] as const;

export interface EventsSocket {
  close(): Promise<void>;
}

export function attachEventsSocket(server: Server, events: EventEmitter<DevEventMap>, path = '/_neosl/events'): EventsSocket {
  const wss = new WebSocketServer({ noServer: true });
  /** Each client with the event types it asked for (undefined: all). */
  const clients = new Map<WebSocket, ReadonlySet<string> | undefined>();
  const broadcast = (event: DevEvent) => {
    if (clients.size === 0) return;
    let text: string | undefined;
    for (const [client, types] of clients) {
      if (client.readyState !== client.OPEN || (types !== undefined && !types.has(event.type))) continue;
      text ??= JSON.stringify(event);
      client.send(text);
    }
  };
  const listeners = EVENT_TYPES.map((type) => {
    const listener = (event: DevEvent) => broadcast(event);
    events.on(type, listener as never);
    return [type, listener] as const;
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '';
    if (url !== path && !url.startsWith(`${path}?`)) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const asked = new URL(url, 'http://localhost').searchParams.get('types');
    const types = asked ? new Set(asked.split(',').map((type) => type.trim())) : undefined;
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.set(ws, types);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const [type, listener] of listeners) events.off(type, listener as never);
      for (const client of clients.keys()) client.terminate();
      clients.clear();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
