// Property test over the request line and headers: random methods, paths, percent-encodings, Host
// and Origin values, framing headers and bodies, sent as raw bytes to a real dev session (its
// function routes, triggers, admin, chain and RPC routes). Whatever comes, the server answers (or
// Node's parser closes a request it cannot read), never with a fault of its own, and stays up.
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevSession, type DevSession } from '../../src/dev/session.js';
import { copyFixture } from '../helpers/dev-process.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

/** A small seeded PRNG (mulberry32): a failure names its seed and replays exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.NEOSL_FUZZ_SEED ?? Date.now() % 1_000_000);
const next = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const some = (max: number) => Math.floor(next() * (max + 1));

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'FOO', 'get', 'P0ST', 'M-SEARCH', ''];
const PREFIXES = ['/functions/', '/_neosl/trigger/', '/_neosl/', '/_neosl/chain/', '/_neosl/rpc', '/_neosl/events', '/api/items', '/', '', '*', 'http://localhost/functions/', '//', '/functions'];
const SEGMENTS = ['hello', 'api', 'nope', 'throws', 'state', '%', '%2', '%zz', '%E0%A4%A', '%C0%80', '%FF', '%00', '%2F', '%252F', '..', '.', '%2e%2e', '\u00e9', '\u{1F600}', 'a'.repeat(3000), '?', '#x', ';a=b', '%u0041', 'mine', 'transfer', 'health', 'functions', 'metrics'];
const HOSTS = ['127.0.0.1', 'localhost:8700', '[::1]', 'evil.example.com', '', 'localhost:abc', '[::1', 'a'.repeat(300), '127.0.0.1, evil.com', undefined];
const ORIGINS = [undefined, undefined, 'http://localhost:3000', 'https://evil.example.com', 'null', '', 'http://[::1', '%%%'];
const TYPES = [undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'];
const BODIES = ['', '{}', '{"name":"neo"}', '{"count":2}', '{"to":"x","amount":"1","asset":"GAS"}', '[1,2', 'null', '\u0000\u0001', '{"jsonrpc":"2.0","id":1,"method":"getblockcount"}', '[' + '{"jsonrpc":"2.0","id":1,"method":"getblockcount"},'.repeat(150) + '{}]', 'x'.repeat(70_000)];

function randomRequest(): string {
  const method = pick(METHODS);
  let path = pick(PREFIXES);
  for (let i = some(3); i > 0; i--) path += (path.endsWith('/') || path === '' ? '' : '/') + pick(SEGMENTS);
  if (next() < 0.2) path += `?${pick(SEGMENTS)}=${pick(SEGMENTS)}`;
  const version = pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra']);
  const body = pick(BODIES);
  const lines = [`${method} ${path} ${version}`];
  const host = pick(HOSTS);
  if (host !== undefined) lines.push(`Host: ${host}`);
  const origin = pick(ORIGINS);
  if (origin !== undefined) lines.push(`Origin: ${origin}`);
  const type = pick(TYPES);
  if (type !== undefined) lines.push(`Content-Type: ${type}`);
  const framing = pick(['length', 'length', 'wrong-length', 'chunked', 'bad-chunked', 'none', 'both']);
  if (framing === 'length') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  if (framing === 'wrong-length') lines.push(`Content-Length: ${pick(['-1', '1e3', 'abc', String(Buffer.byteLength(body) + 5), '99999999999999999999'])}`);
  if (framing === 'both') lines.push(`Content-Length: ${Buffer.byteLength(body)}`, 'Transfer-Encoding: chunked');
  if (framing === 'chunked' || framing === 'bad-chunked') lines.push('Transfer-Encoding: chunked');
  if (next() < 0.2) lines.push(pick(['Expect: 100-continue', 'Connection: upgrade', 'Upgrade: websocket', 'Access-Control-Request-Method: POST', 'X-Bad\u0001: x', 'Cookie: ' + 'c'.repeat(20_000)]));
  const head = `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`;
  if (framing === 'chunked') return `${head}${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  if (framing === 'bad-chunked') return `${head}zz\r\n${body}\r\n`;
  return head + body;
}

/** Sends raw bytes; resolves with what came back before the server closed (or '' after 3 s). */
function send(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.end(bytes, 'utf8'));
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

let session: DevSession;

beforeAll(async () => {
  session = await startDevSession({ cwd: copyFixture(), env: { ...process.env }, port: 0, persistTo: ':memory:' });
}, 60_000);
afterAll(async () => {
  await session?.close();
  removeTempDirs();
});

describe(`requests from a hostile client (seed ${SEED}; replay with NEOSL_FUZZ_SEED=${SEED})`, () => {
  it('answers every request (never with a fault of its own) and keeps serving', async () => {
    const statuses = new Map<string, number>();
    const faults: string[] = [];
    for (let round = 0; round < 20; round++) {
      const requests = Array.from({ length: 20 }, randomRequest);
      const answers = await Promise.all(requests.map((request) => send(session.port, request)));
      answers.forEach((answer, i) => {
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 'closed';
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (answer.includes('EMULATOR_ERROR') || status === 'closed') faults.push(`${status}: ${JSON.stringify(requests[i]!.slice(0, 300))}\n  → ${answer.slice(0, 300)}`);
      });
      const health = await fetch(`${session.url}/_neosl/health`);
      expect(health.status).toBe(200);
      const hello = await fetch(`${session.url}/functions/hello`, { method: 'POST', body: '{"name":"fuzz"}' });
      expect(await hello.json()).toEqual({ message: 'Hello, fuzz!' });
    }
    expect(faults, faults.join('\n')).toEqual([]);
    // The mix reached the routes, not only the parser's refusals.
    expect([...statuses.keys()].filter((status) => status !== '400').length).toBeGreaterThan(3);
  }, 120_000);
  it('answers a request whose client closes its side right after sending it (a FIN before the function has answered)', async () => {
    // send() ends its side with the request (socket.end); the api function answers from a worker, later.
    for (const request of [
      'POST /api/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"count":2}',
      'POST /functions/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 14\r\n\r\n{"name":"fin"}',
    ]) {
      const answer = await send(session.port, request);
      expect(answer, request).toMatch(/^HTTP\/1\.1 20[01] /);
    }
  });
});
