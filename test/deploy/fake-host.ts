// Small node:http servers standing in for a host (or for something that is not one), and a command
// context whose output is captured, for the tests of the host client and the host commands.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { CommandContext } from '../../src/command-context.js';
import { createOutput } from '../../src/output/output.js';
export { closedPort } from '../helpers/closed-port.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
}

type Handler = (request: SeenRequest, res: ServerResponse) => void;

const servers: { close(): void }[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server on a free port that records each request (with its body) and answers with `handle`. */
export async function fakeServer(handle: Handler): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(seen);
      handle(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}


export const GOOD_TOKEN = 'nsl_secret-token-value-123';

/**
 * A host that knows one token (GOOD_TOKEN, named "ci") and keeps secrets in memory, answering the
 * routes of docs/host-api.md that login, whoami and secrets use.
 */
export async function fakeHost(): Promise<FakeServer & { secrets: Map<string, { value: string; updatedAt: string }> }> {
  const secrets = new Map<string, { value: string; updatedAt: string }>();
  const host = await fakeServer((request, res) => {
    const path = request.url;
    if (request.method === 'GET' && path === '/_neosl/health') return sendJson(res, 200, { status: 'ok', kind: 'serve', neosl: '9.9.9', uptimeMs: 1 });
    if (request.headers.authorization !== `Bearer ${GOOD_TOKEN}`) return sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'unauthorized' } });
    if (request.method === 'GET' && path === '/_neosl/whoami') return sendJson(res, 200, { token: 'ci', project: 'my-app', active: 'v3', neosl: '9.9.9' });
    if (request.method === 'GET' && path === '/_neosl/secrets') {
      return sendJson(res, 200, { secrets: [...secrets].map(([name, { updatedAt }]) => ({ name, updatedAt })) });
    }
    const secret = /^\/_neosl\/secrets\/([^/]+)$/.exec(path);
    if (secret) {
      const name = decodeURIComponent(secret[1]!);
      if (request.method === 'PUT') {
        const created = !secrets.has(name);
        const updatedAt = '2030-01-02T03:04:05.000Z';
        secrets.set(name, { value: (JSON.parse(request.body.toString()) as { value: string }).value, updatedAt });
        return sendJson(res, 200, { name, updatedAt, created });
      }
      if (request.method === 'DELETE') {
        if (!secrets.delete(name)) return sendJson(res, 404, { error: { code: 'SECRET_NOT_FOUND', message: `no secret named ${name}` } });
        return sendJson(res, 200, { name });
      }
    }
    sendJson(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: `no route ${path}` } });
  });
  return { ...host, secrets };
}

export interface CapturedContext extends CommandContext {
  stdout(): string;
  stderr(): string;
}

/** A command context with its output captured (no colour). */
export function testContext(cwd: string, env: NodeJS.ProcessEnv, options: { json?: boolean } = {}): CapturedContext {
  let stdout = '';
  let stderr = '';
  const out = createOutput(
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: { NO_COLOR: '1' } },
    { json: options.json === true, color: false },
  );
  return { cwd, env, out, stdout: () => stdout, stderr: () => stderr };
}
