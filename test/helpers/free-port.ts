// A port on 127.0.0.1 where nothing listens (at the time of asking): for servers the tests and the
// benchmarks start (Redis, PostgreSQL, nginx, serve replicas) and for "nothing is there" cases.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
