// `neosl logs --follow` against a small fake host (GET /_neosl/logs and the /_neosl/events
// WebSocket): events filtered, a restart bridged with the gap filled once, a host that stays gone,
// a refused token, and a connection that goes silent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { isUserError, UserError } from '../../src/errors.js';
import type { HostClient } from '../../src/deploy/host-client.js';
import type { LogStreamEvent } from '../../src/deploy/log-format.js';
import { followLogs, type FollowLogsOptions, type LogFollower } from '../../src/deploy/log-stream.js';

const TOKEN = 'test-token-not-a-secret';

/** The parts of `neosl serve` the stream talks to, with a buffer of recent events it keeps across restarts. */
class FakeHost {
  readonly buffer: LogStreamEvent[] = [];
  upgrades = 0;
  /** Answer the WebSocket upgrade 401 (GET /_neosl/logs still works). */
  refuseUpgrade = false;
  /** Answer no pings: a connection that went silent. */
  autoPong = true;
  port = 0;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly clients = new Set<WebSocket>();

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get connected(): number {
    return this.clients.size;
  }

  async start(): Promise<void> {
    this.wss = new WebSocketServer({ noServer: true, autoPong: this.autoPong });
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'unauthorized' } }));
        return;
      }
      if (url.pathname !== '/_neosl/logs') return void res.writeHead(404).end('{}');
      const since = Number(url.searchParams.get('since'));
      const events = this.buffer.filter((event) => (event.type === 'request' ? event.time : event.record.time) >= since);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events }));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrades++;
      if (this.refuseUpgrade || req.headers.authorization !== `Bearer ${TOKEN}`) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss!.handleUpgrade(req, socket, head, (ws) => {
        this.clients.add(ws);
        ws.on('close', () => this.clients.delete(ws));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Gone at once, as a killed process: connections cut without a close frame. */
  async stop(): Promise<void> {
    for (const client of this.clients) client.terminate();
    this.clients.clear();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.wss?.close();
  }

  /** An event happens: kept for /_neosl/logs and sent to every connected client. */
  emit(event: LogStreamEvent): void {
    this.buffer.push(event);
    for (const client of this.clients) client.send(JSON.stringify(event));
  }
}

let requestCount = 0;
function requestEvent(functionName: string, status = 200): LogStreamEvent {
  requestCount++;
  return { type: 'request', time: Date.now(), requestId: `r${requestCount}`, functionName, method: 'GET', path: `/${functionName}`, status, durationMs: 1, coldStart: false };
}

function logEvent(functionName: string, message: string, level: 'info' | 'error' = 'info'): LogStreamEvent {
  requestCount++;
  return { type: 'log', record: { level, message, time: Date.now(), requestId: `r${requestCount}`, functionName, fields: {} } };
}

/** What host-client.ts does, in the few lines this test needs: JSON over fetch, 401 as UNAUTHORIZED. */
function fakeClient(host: FakeHost): HostClient {
  return {
    url: host.url,
    async request<T>(method: string, path: string): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${host.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      } catch {
        throw new UserError(`no host answers at ${host.url}`, { code: 'HOST_UNREACHABLE' });
      }
      if (response.status === 401) throw new UserError('unauthorized', { code: 'UNAUTHORIZED' });
      return (await response.json()) as T;
    },
  } as HostClient;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Followed {
  follower: LogFollower;
  events: LogStreamEvent[];
  notices: string[];
  /** The request ids and messages received, in order. */
  ids(): string[];
}

const hosts: FakeHost[] = [];
const followers: LogFollower[] = [];

async function startHost(setup: (host: FakeHost) => void = () => {}): Promise<FakeHost> {
  const host = new FakeHost();
  setup(host);
  await host.start();
  hosts.push(host);
  return host;
}

function follow(host: FakeHost, options: Partial<FollowLogsOptions> = {}): Followed {
  const events: LogStreamEvent[] = [];
  const notices: string[] = [];
  const follower = followLogs({
    target: { url: host.url, token: TOKEN, tokenSource: 'NEOSL_TOKEN' },
    client: fakeClient(host),
    since: Date.now() - 60_000,
    filter: {},
    onEvent: (event) => events.push(event),
    onNotice: (text) => notices.push(text),
    backoffInitialMs: 50,
    backoffMaxMs: 200,
    ...options,
  });
  followers.push(follower);
  // A failure is asserted by the tests that expect one; the others stop the follower at the end.
  follower.done.catch(() => {});
  return { follower, events, notices, ids: () => events.map((event) => (event.type === 'request' ? event.requestId : event.record.message)) };
}

afterEach(async () => {
  for (const follower of followers.splice(0)) follower.stop();
  for (const host of hosts.splice(0)) await host.stop();
});

describe('neosl logs --follow', () => {
  it('shows the recent events, then the live ones, keeping only the function asked for', async () => {
    const host = await startHost();
    const before = requestEvent('hello');
    host.emit(before);
    host.emit(requestEvent('other'));
    const followed = follow(host, { filter: { functionName: 'hello' } });
    await waitFor(() => host.connected === 1, 'the stream to connect');

    const live = [requestEvent('hello', 500), requestEvent('other'), logEvent('hello', 'computed'), logEvent('other', 'elsewhere')];
    for (const event of live) host.emit(event);
    await waitFor(() => followed.events.length >= 3, 'the live events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(followed.ids()).toEqual([before.type === 'request' ? before.requestId : '', (live[0] as { requestId: string }).requestId, 'computed']);
    expect(followed.notices).toEqual([]);
  });

  it('keeps only errors with status "error": 5xx requests and error logs', async () => {
    const host = await startHost();
    const followed = follow(host, { filter: { status: 'error' } });
    await waitFor(() => host.connected === 1, 'the stream to connect');
    const failed = requestEvent('hello', 503);
    host.emit(requestEvent('hello', 200));
    host.emit(requestEvent('hello', 404));
    host.emit(failed);
    host.emit(logEvent('hello', 'fine'));
    host.emit(logEvent('hello', 'broken', 'error'));
    await waitFor(() => followed.events.length >= 2, 'the error events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(followed.ids()).toEqual([(failed as { requestId: string }).requestId, 'broken']);
  });

  it('reconnects to a restarted host, says so, and fills the gap without repeating a line', async () => {
    const host = await startHost();
    const followed = follow(host);
    await waitFor(() => host.connected === 1, 'the stream to connect');
    host.emit(logEvent('hello', 'before the restart'));
    await waitFor(() => followed.events.length === 1, 'the first event');

    await host.stop();
    await waitFor(() => followed.notices.length === 1, 'the lost-connection notice');
    expect(followed.notices[0]).toBe(`connection to ${host.url} lost; reconnecting…`);
    // While it is gone, the host serves a request: the restarted host's /_neosl/logs has it.
    host.buffer.push(logEvent('hello', 'during the gap'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await host.start();

    await waitFor(() => followed.notices.length === 2 && host.connected === 1, 'the reconnect');
    expect(followed.notices[1]).toBe(`reconnected to ${host.url}`);
    await waitFor(() => followed.events.length === 2, 'the missed event');
    host.emit(logEvent('hello', 'after the restart'));
    await waitFor(() => followed.events.length === 3, 'a live event after the reconnect');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(followed.ids()).toEqual(['before the restart', 'during the gap', 'after the restart']);
  });

  it('ends with an error when the host stays unreachable past the limit', async () => {
    const host = await startHost();
    const followed = follow(host, { unreachableLimitMs: 1_000 });
    await waitFor(() => host.connected === 1, 'the stream to connect');
    await host.stop();
    const lost = Date.now();
    const error = await followed.follower.done.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    const waited = Date.now() - lost;
    expect(isUserError(error) && error.code).toBe('HOST_UNREACHABLE');
    expect((error as Error).message).toBe(`the host at ${host.url} stayed unreachable for 1 s`);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(4_000);
    expect(followed.notices).toEqual([`connection to ${host.url} lost; reconnecting…`]);
  });

  it('fails at once, without retrying, when the host refuses the token (401)', async () => {
    const host = await startHost((fake) => (fake.refuseUpgrade = true));
    const followed = follow(host);
    const error = await followed.follower.done.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isUserError(error) && error.code).toBe('UNAUTHORIZED');
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as UserError).hint).toContain('NEOSL_TOKEN');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.upgrades).toBe(1);
    expect(followed.notices).toEqual([]);
  });

  it('treats a connection that stops answering pings as dropped, and reconnects', async () => {
    const host = await startHost((fake) => (fake.autoPong = false));
    const followed = follow(host, { pingIntervalMs: 50 });
    await waitFor(() => host.upgrades === 1, 'the first connection');
    await waitFor(() => followed.notices.length >= 2, 'the drop and the reconnect', 3_000);
    expect(followed.notices.slice(0, 2)).toEqual([`connection to ${host.url} lost; reconnecting…`, `reconnected to ${host.url}`]);
    expect(host.upgrades).toBeGreaterThanOrEqual(2);
  });

  it('keeps a connection whose pings are answered', async () => {
    const host = await startHost();
    const followed = follow(host, { pingIntervalMs: 30 });
    await waitFor(() => host.connected === 1, 'the stream to connect');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(followed.notices).toEqual([]);
    expect(host.upgrades).toBe(1);
  });

  it('stops cleanly when asked (Ctrl-C)', async () => {
    const host = await startHost();
    const followed = follow(host);
    await waitFor(() => host.connected === 1, 'the stream to connect');
    followed.follower.stop();
    await expect(followed.follower.done).resolves.toBeUndefined();
    await waitFor(() => host.connected === 0, 'the socket to close');
  });
});
