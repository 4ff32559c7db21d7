// Checks of what the project talks to: the dev port free, and Redis, PostgreSQL and a Neo node
// reachable when neosl.yaml (or NEOSL_REDIS_URL) points at them. Each waits at most `timeoutMs`;
// URLs are shown without their credentials.
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { fail, networkReason, ok, warn, type CheckResult } from './check.js';
import { requestJson, RequestTimeoutError, type JsonAnswer } from './http-json.js';
import { displayUrl, scrubUrlSecrets } from './redact.js';

const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Whether a running `neosl dev` answers on this address. */
async function isNeoslDev(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  try {
    const { body } = await requestJson(`http://${hostPort(local, port)}/_neosl/health`, { method: 'GET', timeoutMs });
    const health = body as { status?: unknown; functions?: unknown } | undefined;
    return health?.status === 'ok' && typeof health.functions === 'number';
  } catch {
    return false;
  }
}

export async function devPortCheck(host: string, port: number, source: string, timeoutMs: number): Promise<CheckResult> {
  const name = 'dev port';
  if (port === 0) return ok(name, `${source} is 0: neosl dev takes any free port`);
  const where = hostPort(host, port);
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = createServer();
    server.once('error', (problem: NodeJS.ErrnoException) => resolve(problem));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (error === undefined) return ok(name, `${where} is free for neosl dev`);
  const elsewhere = `start neosl dev elsewhere: "neosl dev --port 0" (any free port), or set dev.port in neosl.yaml`;
  if (error.code === 'EADDRINUSE') {
    if (await isNeoslDev(host, port, timeoutMs)) return ok(name, `${where} is in use by a running neosl dev`);
    return warn(name, `${where} is in use by another program`, `stop that program, or ${elsewhere}`);
  }
  if (error.code === 'EACCES') return warn(name, `${where} needs privileges to listen on`, `use a port above 1023: ${elsewhere}`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return fail(name, `${host} is not an address of this machine`, 'set dev.host in neosl.yaml to 127.0.0.1 (or an address this machine has)');
  }
  return warn(name, `cannot listen on ${where}: ${error.message}`, elsewhere);
}

const requireModule = createRequire(import.meta.url);

export async function redisCheck(url: string, source: string, timeoutMs: number): Promise<CheckResult> {
  const name = 'redis';
  const shown = displayUrl(url);
  const fix = `start Redis ("redis-server"), or correct ${source}`;
  const RedisClient = requireModule('ioredis') as new (url: string, options: RedisOptions) => Redis;
  // No retries, no queue, no ready check: one attempt, and INFO is the question (bounded by commandTimeout).
  const client = new RedisClient(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    retryStrategy: () => null,
    // Its default 2 s timer outlives a refused connection and keeps the process alive.
    disconnectTimeout: 20,
  });
  // The cause of a failed connect() (a refusal, a wrong password) arrives as an 'error' event.
  let emitted: unknown;
  client.on('error', (error: unknown) => (emitted ??= error));
  let deadline: NodeJS.Timeout | undefined;
  try {
    const answer = (async () => {
      await client.connect();
      return client.info('server');
    })();
    const timedOut = new Promise<never>((_resolve, reject) => {
      deadline = setTimeout(() => reject(new Error('Command timed out')), timeoutMs);
    });
    const info = await Promise.race([answer, timedOut]);
    answer.catch(() => {});
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    return ok(name, `${shown} (${source}) answers${version ? `: Redis ${version}` : ''}`);
  } catch (error) {
    const problem = emitted ?? error;
    const text = String((problem as Error | undefined)?.message ?? problem);
    if (/NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(text)) {
      return fail(name, `${shown} (${source}): authentication failed`, `correct the user and password in ${source}`);
    }
    const reason = /timed out/i.test(text) ? `no answer within ${timeoutMs / 1000} s` : networkReason(problem);
    return fail(name, scrubUrlSecrets(`${shown} (${source}): ${reason}`, url), fix);
  } finally {
    clearTimeout(deadline);
    client.disconnect();
  }
}

/** A TCP connection is enough to tell that PostgreSQL listens; the login is not tried (no driver needed). */
export async function postgresCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  const name = 'postgresql';
  const shown = displayUrl(url);
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = Number(parsed.port || 5432);
  const fix = 'start PostgreSQL, or correct database.url in neosl.yaml';
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (result: CheckResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(ok(name, `${shown} accepts connections (TCP only; the login is not tried)`)));
    socket.once('timeout', () => done(fail(name, `${shown}: no answer within ${timeoutMs / 1000} s`, fix)));
    socket.once('error', (error) => done(fail(name, scrubUrlSecrets(`${shown}: ${networkReason(error)}`, url), fix)));
  });
}

interface GetVersionAnswer {
  result?: { useragent?: string; protocol?: { network?: number } };
  error?: { code?: number; message?: string };
}

/** A `getversion` JSON-RPC call: what every Neo N3 node answers. */
export async function neoNodeCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  const name = 'neo node';
  const shown = displayUrl(url);
  const fix = 'start the node (neo-express: "neoxp run"), or correct blockchain.rpcUrl in neosl.yaml';
  let response: JsonAnswer;
  try {
    response = await requestJson(url, { method: 'POST', body: { jsonrpc: '2.0', id: 1, method: 'getversion', params: [] }, timeoutMs });
  } catch (error) {
    const reason = error instanceof RequestTimeoutError ? error.message : networkReason(error);
    return fail(name, scrubUrlSecrets(`${shown}: ${reason}`, url), fix);
  }
  const answer = response.body as GetVersionAnswer | undefined;
  if (typeof answer !== 'object' || answer === null) {
    return fail(name, `${shown} answered HTTP ${response.status} without JSON: not a Neo JSON-RPC endpoint`, fix);
  }
  if (answer.error || !answer.result) {
    const error = answer.error ? `error ${answer.error.code}: ${answer.error.message}` : `HTTP ${response.status} without a result`;
    return fail(name, scrubUrlSecrets(`${shown} answered getversion with ${error}`, url), fix);
  }
  const network = answer.result.protocol?.network;
  return ok(name, `${shown} answers: ${answer.result.useragent ?? 'a Neo node'}${network !== undefined ? `, network ${network}` : ''}`);
}
