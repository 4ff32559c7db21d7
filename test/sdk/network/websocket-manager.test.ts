import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket as ServerSideSocket } from 'ws';
import { WebSocket, WebSocketManager } from '../../../src/sdk/network.js';
import type { ManagedWebSocket } from '../../../src/sdk/network.js';
import { freePort, startSilentServer } from './servers.js';

// ws's WebSocket satisfies ManagedWebSocket (a compile-time check).
const typeCheck: (socket: WebSocket) => ManagedWebSocket = (socket) => socket;
void typeCheck;

const managers: WebSocketManager[] = [];
const cleanups: Array<() => Promise<void>> = [];

function manager(options?: ConstructorParameters<typeof WebSocketManager>[0]): WebSocketManager {
  const m = new WebSocketManager(options);
  managers.push(m);
  return m;
}

async function wsServer(): Promise<{ url: string; sockets: ServerSideSocket[] }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const sockets: ServerSideSocket[] = [];
  server.on('connection', (socket) => sockets.push(socket));
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const client of server.clients) client.terminate();
    server.close(() => resolve());
  }));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/feed`, sockets };
}

afterEach(async () => {
  for (const m of managers.splice(0)) m.closeAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('WebSocketManager', () => {
  it('opens one socket per URL, shared by concurrent callers, and resolves only once it is open', async () => {
    const { url, sockets } = await wsServer();
    const m = manager();
    const all = await Promise.all(Array.from({ length: 5 }, () => m.getConnection(url)));
    expect(new Set(all).size).toBe(1);
    expect(all[0]!.readyState).toBe(WebSocket.OPEN);
    expect(all[0]).toBeInstanceOf(WebSocket);
    expect(await m.getConnection(url)).toBe(all[0]);
    expect(sockets).toHaveLength(1);
    // It is a working socket.
    const received = new Promise<string>((resolve) => sockets[0]!.once('message', (data) => resolve(String(data))));
    all[0]!.send('hello');
    expect(await received).toBe('hello');
  });

  it('rejects, naming the URL, when nothing listens there', async () => {
    const url = `ws://127.0.0.1:${await freePort()}/`;
    const m = manager();
    const error = await m.getConnection(url).then(() => null, (e: Error) => e);
    expect(error?.message).toContain(url);
    expect(error?.message).toMatch(/ECONNREFUSED/);
    // A later call tries again instead of sharing the failure.
    await expect(m.getConnection(url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects after connectTimeout when the server never answers, and drops the half-open socket', async () => {
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    const url = `ws://127.0.0.1:${silent.port}/`;
    const started = Date.now();
    const error = await manager({ connectTimeout: 100 }).getConnection(url).then(() => null, (e: Error) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error?.message).toContain(url);
    expect(error?.message).toContain('timed out after 100 ms');
    await vi.waitFor(() => expect(silent.closed).toBe(1), { timeout: 1000, interval: 5 });
  });

  it('replaces a socket the server closed on the next getConnection', async () => {
    const { url, sockets } = await wsServer();
    const m = manager();
    const first = await m.getConnection(url);
    const closed = new Promise((resolve) => first.on('close', resolve));
    sockets[0]!.close(1001, 'going away');
    await closed;
    const second = await m.getConnection(url);
    expect(second).not.toBe(first);
    expect(second.readyState).toBe(WebSocket.OPEN);
    expect(sockets).toHaveLength(2);
  });

  it('with reconnect: reopens in the background after the server closes it', async () => {
    const { url, sockets } = await wsServer();
    const m = manager({ reconnect: true, reconnectDelay: 20 });
    const first = await m.getConnection(url);
    sockets[0]!.close();
    await vi.waitFor(() => expect(sockets).toHaveLength(2), { timeout: 1000, interval: 5 });
    await vi.waitFor(() => expect(sockets[1]!.readyState).toBe(WebSocket.OPEN), { timeout: 1000, interval: 5 });
    const second = await m.getConnection(url);
    expect(second).not.toBe(first);
    expect(second.readyState).toBe(WebSocket.OPEN);
    expect(sockets).toHaveLength(2); // the background socket, not a third
  });

  it('closeAll() closes the sockets and stops reconnecting', async () => {
    const { url, sockets } = await wsServer();
    const m = manager({ reconnect: true, reconnectDelay: 10 });
    const socket = await m.getConnection(url);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    m.closeAll();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sockets).toHaveLength(1);
    // The manager can still be used afterwards.
    expect((await m.getConnection(url)).readyState).toBe(WebSocket.OPEN);
  });

  it('closeAll() cancels a connection still opening', async () => {
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    const m = manager({ connectTimeout: 5000 });
    const pending = m.getConnection(`ws://127.0.0.1:${silent.port}/`);
    await vi.waitFor(() => expect(silent.sockets.size).toBe(1), { timeout: 1000, interval: 5 });
    m.closeAll();
    await expect(pending).rejects.toThrow(/cancelled by closeAll/);
  });
});
