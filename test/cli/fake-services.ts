// Small stand-ins for the services `neosl doctor` checks: a Redis that speaks enough RESP for a
// client to connect (with a password), a Neo node that answers getversion, servers that accept a
// connection and never answer, and a port nothing listens on.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
export { closedPort } from '../helpers/closed-port.js';

const servers: (Server | HttpServer)[] = [];
const sockets = new Set<Socket>();

async function listen<T extends Server | HttpServer>(server: T): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function closeFakeServices(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}

/** Reads RESP arrays of bulk strings ("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n") as they arrive. */
function commands(socket: Socket, onCommand: (args: string[]) => void): void {
  let buffer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      const lines = buffer.split('\r\n');
      const count = Number(/^\*(\d+)$/.exec(lines[0] ?? '')?.[1]);
      if (!Number.isInteger(count) || lines.length < 1 + count * 2 + 1) return;
      const args = Array.from({ length: count }, (_, index) => lines[2 + index * 2]!);
      buffer = lines.slice(1 + count * 2).join('\r\n');
      onCommand(args);
    }
  });
}

/** A Redis that wants `password` and reports version 7.2.4. */
export function fakeRedis(password: string): Promise<number> {
  const server = createServer((socket) => {
    let authenticated = false;
    commands(socket, ([name = '', ...args]) => {
      const command = name.toUpperCase();
      if (command === 'AUTH') {
        authenticated = args.at(-1) === password;
        socket.write(authenticated ? '+OK\r\n' : '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      } else if (!authenticated) {
        socket.write('-NOAUTH Authentication required.\r\n');
      } else if (command === 'INFO') {
        const info = '# Server\r\nredis_version:7.2.4\r\nloading:0\r\n';
        socket.write(`$${Buffer.byteLength(info)}\r\n${info}\r\n`);
      } else {
        socket.write('+OK\r\n');
      }
    });
  });
  return listen(server);
}

/** A Neo node: getversion answers like neo-express. */
export function fakeNeoNode(): Promise<number> {
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const call = JSON.parse(body) as { id: number; method: string };
      const answer =
        call.method === 'getversion'
          ? { jsonrpc: '2.0', id: call.id, result: { tcpport: 0, nonce: 1, useragent: '/Neo:3.7.4/', protocol: { network: 894710606 } } }
          : { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return listen(server);
}

/** An HTTP server that answers every request with a 404 page. */
export function fakeWebPage(): Promise<number> {
  return listen(createHttpServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>')));
}

/** Accepts connections and never says a word. */
export function silentServer(): Promise<number> {
  return listen(createServer(() => {}));
}

