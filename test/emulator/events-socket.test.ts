// /_neosl/events: refused to other sites' pages and foreign Host names; a client that stops reading is dropped.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostEventMap } from '../../src/host/events.js';
import { AccessPolicy } from '../../src/emulator/access-policy.js';
import { attachEventsSocket, type EventsSocket } from '../../src/emulator/events-socket.js';
import { wsHandshake } from '../helpers/ws-handshake.js';

const events = new EventEmitter<HostEventMap>();
let server: Server;
let socket: EventsSocket;
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => res.end());
  const access = new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] });
  socket = attachEventsSocket(server, events, { access: () => access, maxBufferedBytes: 64 * 1024 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/_neosl/events`;
});
afterAll(async () => {
  await socket.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const handshake = (headers: Record<string, string>) => wsHandshake(url, headers);

describe('events socket access', () => {
  it('refuses a WebSocket from another web origin or for a foreign Host with 403', async () => {
    expect(await handshake({ origin: 'https://evil.example.com' })).toBe(403);
    expect(await handshake({ origin: 'null' })).toBe(403);
    expect(await handshake({ host: 'evil.example.com' })).toBe(403);
  });

  it('accepts local pages and clients without an Origin', async () => {
    expect(await handshake({})).toBe(101);
    expect(await handshake({ origin: 'http://localhost:5173' })).toBe(101);
  });

  it('drops a client that stops reading once its unsent messages pass the limit, and keeps serving the others', async () => {
    const slow = new WebSocket(url);
    const healthy = new WebSocket(url);
    await Promise.all([slow, healthy].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    let received = 0;
    healthy.on('message', () => received++);
    const closed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    const big = 'x'.repeat(256 * 1024);
    // Enough to fill the loopback buffers many times over, emitted over a few turns of the loop.
    for (let i = 0; i < 200 && slow.readyState === WebSocket.OPEN; i++) {
      events.emit('log', { type: 'log', record: { level: 'info', message: big, time: 0, requestId: '', functionName: 'f', fields: {} } } as never);
      await new Promise((resolve) => setImmediate(resolve));
    }
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    await expect.poll(() => received, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    healthy.close();
  });
});

describe('events socket subscription', () => {
  it('listens to the host\'s log events only while a client is connected (so nobody listening costs the hot path nothing)', async () => {
    await expect.poll(() => events.listenerCount('log'), { timeout: 10_000 }).toBe(0);
    const client = new WebSocket(url);
    await new Promise((resolve) => client.once('open', resolve));
    await expect.poll(() => events.listenerCount('log')).toBe(1);
    const received = new Promise<string>((resolve) => client.once('message', (data) => resolve(String(data))));
    events.emit('log', { type: 'log', record: { level: 'info', message: 'seen', time: 0, requestId: '', functionName: 'f', fields: {} } } as never);
    expect(JSON.parse(await received).record.message).toBe('seen');
    client.close();
    await expect.poll(() => events.listenerCount('log'), { timeout: 10_000 }).toBe(0);
  });
});
