// Local servers for the network helpers' tests: 127.0.0.1 only, port 0.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  server: Server;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Requests seen. */
  hits: number;
  /** TCP connections accepted. */
  connections: number;
  /** Connections still open. */
  sockets: Set<Socket>;
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    state.hits++;
    handler(req, res, state.hits);
  });
  const state: TestServer = {
    server,
    url: '',
    hits: 0,
    connections: 0,
    sockets,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  server.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A port on 127.0.0.1 with nothing listening (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never answers (for connect timeouts). */
export async function startSilentServer(): Promise<{ port: number; sockets: Set<Socket>; closed: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = {
    port: 0,
    sockets,
    closed: 0,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.resume(); // read (and drop) what comes, so that the peer's close is seen
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      state.closed++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}
