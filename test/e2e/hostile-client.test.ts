// `neosl dev` attacked as a hostile client and a careless user would: malformed requests, other web
// sites (forged origins, DNS rebinding), hostile bodies and connections, and functions that
// misbehave in every way we know. After each blow the emulator must still answer its health check
// and a normal request.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { wsHandshake as handshake } from '../helpers/ws-handshake.js';
import { copyFixture, errorOf, killDevProcesses, post, startDev, until, type Dev } from '../helpers/dev-process.js';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/hostile-project', import.meta.url));
const EVIL = 'https://evil.example.com';

let dev: Dev;
let project: string;
let port = 0;

beforeAll(async () => {
  project = copyFixture(fixture);
  dev = await startDev(project);
  port = Number(new URL(dev.url).port);
}, 60_000);

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

afterEach(async () => {
  const health = await fetch(`${dev.url}/_neosl/health`);
  expect(health.status, 'health after the case').toBe(200);
  const hello = await post(`${dev.url}/functions/hello`, { name: 'still here' });
  expect(await hello.json(), 'a normal request after the case').toEqual({ message: 'Hello, still here!' });
});

/** Sends raw bytes; resolves with everything answered until the server closes (or `waitMs` passes). */
function raw(bytes: string | Buffer, { end = true, waitMs = 10_000 } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (end ? socket.end(bytes) : socket.write(bytes)));
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    // A reset after the server answered and closed (it stops reading a request it refuses).
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

async function chainStatus(): Promise<{ height: number; accounts: { address: string; gas: string; neo: string }[] }> {
  return (await (await fetch(`${dev.url}/_neosl/chain`)).json()) as never;
}

async function functionErrors(name: string): Promise<number> {
  const { functions } = (await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: { name: string; errors: number }[] };
  return functions.find((fn) => fn.name === name)!.errors;
}

const wsHandshake = (headers: Record<string, string>, path = '/_neosl/events') => handshake(`${dev.url.replace('http', 'ws')}${path}`, headers);

describe('malformed requests', () => {
  for (const path of ['/functions/%E0%A4%A', '/functions/%', '/functions/%C0%80', '/_neosl/trigger/%zz', '/_neosl/trigger/hello%']) {
    it(`a malformed percent-encoding (${path}) is a 400, not a crash`, async () => {
      const answer = await post(`${dev.url}${path}`, {});
      expect(answer.status).toBe(400);
      expect((await errorOf(answer)).code).toBe('MALFORMED_PATH');
    });
  }

  it('a request line that is not HTTP is refused by the parser with 400', async () => {
    expect(statusOf(await raw('GET /functions/hello HTTP/9.9 garbage\r\n\r\n'))).toBe(400);
  });

  it('CONNECT (a proxy tunnel) is answered 405 instead of a dropped connection', async () => {
    expect(statusOf(await raw('CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'))).toBe(405);
  });

  it('headers over 16 KB are refused with 431', async () => {
    expect(statusOf(await raw(`GET /_neosl/health HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`))).toBe(431);
  });

  it('a path of 8 KB to nowhere is a plain 404', async () => {
    expect((await post(`${dev.url}/${'a/'.repeat(4_000)}`, {})).status).toBe(404);
  });

  it('a body that is not JSON is a 400 naming the problem', async () => {
    const answer = await post(`${dev.url}/functions/hello`, '{"name":');
    expect(answer.status).toBe(400);
    expect((await errorOf(answer)).code).toBe('MALFORMED_JSON');
  });

  it('JSON nested 30 000 deep is answered, not a stack overflow of the emulator', async () => {
    const answer = await post(`${dev.url}/functions/hello`, `${'['.repeat(30_000)}${']'.repeat(30_000)}`);
    expect(answer.status).toBe(400);
    expect((await errorOf(answer)).code).toBe('INVALID_INPUT');
  });

  it('an unknown function and a wrong method keep their 404 and 405', async () => {
    expect((await post(`${dev.url}/functions/${encodeURIComponent('<script>')}`, {})).status).toBe(404);
    expect((await fetch(`${dev.url}/functions/hello`, { method: 'DELETE' })).status).toBe(405);
  });

  it('HEAD on a GET route answers like GET, without a body', async () => {
    const head = await fetch(`${dev.url}/web?x=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-web')).toBe('HEAD');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
  });
});

describe('other web sites', () => {
  it('a forged-origin POST to /_neosl/chain/transfer moves no funds', async () => {
    const before = await chainStatus();
    const [from, to] = before.accounts;
    const forged = await fetch(`${dev.url}/_neosl/chain/transfer`, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'text/plain' },
      body: JSON.stringify({ to: to!.address, amount: '100000000', asset: 'GAS', from: from!.address }),
    });
    expect(forged.status).toBe(403);
    expect((await errorOf(forged)).code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await post(`${dev.url}/_neosl/chain/mine`, { count: 1 })).status).toBe(200);
    const after = await chainStatus();
    expect(after.accounts).toEqual(before.accounts);
  });

  it('a forged-origin POST to /_neosl/chain/mine mines nothing', async () => {
    const { height } = await chainStatus();
    const forged = await fetch(`${dev.url}/_neosl/chain/mine`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{"count":5}' });
    expect(forged.status).toBe(403);
    expect((await chainStatus()).height).toBe(height);
  });

  it('a forged-origin POST to /_neosl/trigger/<fn> runs nothing', async () => {
    const answer = await fetch(`${dev.url}/_neosl/trigger/hello`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{}' });
    expect(answer.status).toBe(403);
  });

  it('a "simple" cross-origin POST to a function route is refused', async () => {
    const answer = await fetch(`${dev.url}/functions/hello`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{}' });
    expect(answer.status).toBe(403);
  });

  it('Origin: null (a sandboxed frame, a file: page) is refused', async () => {
    expect((await fetch(`${dev.url}/functions/hello`, { method: 'POST', headers: { origin: 'null' }, body: '{}' })).status).toBe(403);
  });

  it('a cross-origin read of /_neosl/functions is refused', async () => {
    expect((await fetch(`${dev.url}/_neosl/functions`, { headers: { origin: EVIL } })).status).toBe(403);
  });

  it('a WebSocket to /_neosl/events from another origin is refused', async () => {
    expect(await wsHandshake({ origin: EVIL })).toBe(403);
    expect(await wsHandshake({ origin: 'http://localhost:5173' })).toBe(101);
  });

  it('a WebSocket to another path is a 404', async () => {
    expect(await wsHandshake({}, '/_neosl/nope')).toBe(404);
  });

  it('an unknown Host (DNS rebinding) gets 403 on every route and on the WebSocket', async () => {
    for (const path of ['/functions/hello', '/_neosl/health', '/_neosl/chain/mine']) {
      const answer = await raw(`POST ${path} HTTP/1.1\r\nHost: rebind.evil.example.com:${port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      expect(statusOf(answer), path).toBe(403);
      expect(answer).toContain('HOST_NOT_ALLOWED');
    }
    expect(await wsHandshake({ host: `rebind.evil.example.com:${port}` })).toBe(403);
  });

  it('a local page may call a function and read the answer (CORS), preflight included', async () => {
    const preflight = await fetch(`${dev.url}/functions/hello`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    const answer = await fetch(`${dev.url}/functions/hello`, { method: 'POST', headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' }, body: '{}' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('/_neosl/rpc answers CORS as a Neo node does (any origin), preflight included', async () => {
    const preflight = await fetch(`${dev.url}/_neosl/rpc`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const answer = await fetch(`${dev.url}/_neosl/rpc`, { method: 'POST', headers: { origin: EVIL }, body: '{"jsonrpc":"2.0","id":1,"method":"getblockcount"}' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await answer.json()) as { result: number }).result).toBeGreaterThan(0);
  });
});

describe('hostile bodies and connections', () => {
  it('a body over the limit is a 413 (by Content-Length)', async () => {
    expect((await post(`${dev.url}/functions/hello`, 'x'.repeat(70_000))).status).toBe(413);
  });

  it('a chunked body over the limit is a 413 without reading it all', async () => {
    const chunk = `${(40_000).toString(16)}\r\n${'x'.repeat(40_000)}\r\n`;
    const answer = await raw(`POST /functions/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}`, { end: false, waitMs: 3000 });
    expect(statusOf(answer)).toBe(413);
  });

  it('a body that never finishes is cut after dev.bodyTimeout (408), not after 300 s', async () => {
    const started = Date.now();
    const answer = await raw('POST /functions/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na', { end: false, waitMs: 15_000 });
    expect(statusOf(answer)).toBe(408);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('a JSON-RPC batch over the cap is one Invalid Request', async () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'getblockcount' };
    const answer = (await (await post(`${dev.url}/_neosl/rpc`, Array.from({ length: 5000 }, () => call))).json()) as { error: { code: number } };
    expect(answer.error.code).toBe(-32600);
  });

  it('a JSON-RPC body that is not JSON is a Parse error', async () => {
    const answer = (await (await post(`${dev.url}/_neosl/rpc`, '{"jsonrpc":')).json()) as { error: { code: number } };
    expect(answer.error.code).toBe(-32700);
  });

  it('chain admin refuses absurd input: mining a billion blocks, a transfer without fields', async () => {
    expect((await post(`${dev.url}/_neosl/chain/mine`, { count: 1e9 })).status).toBe(400);
    expect((await post(`${dev.url}/_neosl/chain/transfer`, { amount: '1' })).status).toBe(400);
    expect((await post(`${dev.url}/_neosl/chain/transfer`, '[]')).status).toBe(400);
  });

  it('a transfer of more than the balance faults and moves nothing but its fees', async () => {
    const before = await chainStatus();
    const [from, to] = before.accounts;
    const sent = await post(`${dev.url}/_neosl/chain/transfer`, { from: from!.address, to: to!.address, amount: '1' + '0'.repeat(30), asset: 'GAS' });
    const { hash } = (await sent.json()) as { hash: string };
    await post(`${dev.url}/_neosl/chain/mine`, { count: 1 });
    const rpc = await post(`${dev.url}/_neosl/rpc`, { jsonrpc: '2.0', id: 1, method: 'getrawtransaction', params: [hash, true] });
    const { sysfee, netfee } = ((await rpc.json()) as { result: { sysfee: string; netfee: string } }).result;
    // The sender paid the fees (a node burns them whatever the outcome); nothing else moved.
    const paid = { ...from!, gas: String(BigInt(from!.gas) - BigInt(sysfee) - BigInt(netfee)) };
    expect((await chainStatus()).accounts).toEqual([paid, ...before.accounts.slice(1)]);
  });

  it('a client over its rate limit gets 429 with Retry-After', async () => {
    await post(`${dev.url}/functions/limited`, {});
    const limited = await post(`${dev.url}/functions/limited`, {});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a client that disconnects mid-request leaves nothing behind', async () => {
    await raw('POST /functions/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{"name"', { end: true, waitMs: 500 });
    const spins = raw('POST /functions/spins HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}', { end: false, waitMs: 200 });
    await spins;
    // The abandoned busy loop still ends at its timeout and its instance is terminated; a request sent
    // to that instance meanwhile would end with it (502), so the next tests wait for it to be gone.
    await until(async () => {
      const { functions } = (await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: { name: string; instances: number; errors: number }[] };
      const row = functions.find((fn) => fn.name === 'spins');
      return row !== undefined && row.errors > 0 && row.instances === 0 ? true : undefined;
    }, 'the abandoned busy loop to be ended and its instance terminated');
  });
});

describe('functions that misbehave', () => {
  it('an http function returning an invalid status code is its own 500', async () => {
    const answer = await post(`${dev.url}/bad-response`, { statusCode: 1000 });
    expect(answer.status).toBe(500);
    const error = await errorOf(answer);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('function "badResponse"');
  });

  it('an http function returning a header with a line break (response splitting) is its own 500', async () => {
    const answer = await post(`${dev.url}/bad-response`, { statusCode: 200, headers: { 'x-evil': 'a\r\nset-cookie: pwned=1' } });
    expect(answer.status).toBe(500);
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('an http function returning an invalid header name is its own 500', async () => {
    expect((await post(`${dev.url}/bad-response`, { statusCode: 200, headers: { 'bad header': 'x' } })).status).toBe(500);
  });

  it('a function holding Buffers past its memory is ended with 502 OUT_OF_MEMORY, and the next call starts fresh', async () => {
    const answer = await post(`${dev.url}/functions/hog`, { mb: 300 });
    expect(answer.status).toBe(502);
    expect((await errorOf(answer)).code).toBe('OUT_OF_MEMORY');
    const small = await post(`${dev.url}/functions/hog`, { mb: 1 });
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ kept: 1 });
  });

  it('a throw in a timer after the answer is reported with its TypeScript line and counted', async () => {
    const before = await functionErrors('lateThrow');
    expect((await post(`${dev.url}/functions/lateThrow`, {})).status).toBe(200);
    await until(() => (/late failure in a timer/.test(dev.stderr()) ? true : undefined), 'the late error on stderr');
    expect(dev.stderr()).toMatch(/functions\/late\.ts:\d+/);
    await until(async () => ((await functionErrors('lateThrow')) > before ? true : undefined), 'the error counted');
  });

  it('an unhandled rejection after the answer is reported and counted', async () => {
    const before = await functionErrors('lateReject');
    expect((await post(`${dev.url}/functions/lateReject`, {})).status).toBe(200);
    await until(() => (/a promise nobody awaited/.test(dev.stderr()) ? true : undefined), 'the rejection on stderr');
    await until(async () => ((await functionErrors('lateReject')) > before ? true : undefined), 'the error counted');
  });

  it('context.secrets.get without secrets:read is PERMISSION_DENIED, and the secret is nowhere in the answer', async () => {
    const answer = await post(`${dev.url}/functions/readsSecret`, {});
    const text = await answer.text();
    expect(text).not.toContain('super-secret-value');
    expect(JSON.parse(text).error.code).toBe('PERMISSION_DENIED');
    expect(JSON.parse(text).error.message).toContain('secrets:read');
  });

  it('a function can tell the refusal by its class (instanceof PermissionDeniedError)', async () => {
    expect(await (await post(`${dev.url}/functions/catchesDenial`, {})).json()).toEqual({ denied: true, code: 'PERMISSION_DENIED' });
  });

  it('blockchain.transfer without blockchain:transfer is PERMISSION_DENIED and moves nothing', async () => {
    const before = await chainStatus();
    const answer = await post(`${dev.url}/functions/transfers`, { to: before.accounts[1]!.address });
    expect((await errorOf(answer)).code).toBe('PERMISSION_DENIED');
    await post(`${dev.url}/_neosl/chain/mine`, { count: 1 });
    expect((await chainStatus()).accounts).toEqual(before.accounts);
  });

  it('context.functions.execute without functions:execute is PERMISSION_DENIED', async () => {
    const error = await errorOf(await post(`${dev.url}/functions/executes`, {}));
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain('functions:execute');
  });

  it('a busy loop is ended at its timeout with 504', async () => {
    const answer = await post(`${dev.url}/functions/spins`, {});
    expect(answer.status).toBe(504);
  });

  it('process.exit in a function is a 502 for that request only', async () => {
    const answer = await post(`${dev.url}/functions/exits`, {});
    expect(answer.status).toBe(502);
    expect((await errorOf(answer)).code).toBe('INSTANCE_CRASHED');
  });

  it('a result JSON cannot carry (a BigInt) is a 500 that says so', async () => {
    const answer = await post(`${dev.url}/functions/returnsBigInt`, {});
    expect(answer.status).toBe(500);
    expect((await errorOf(answer)).code).toBe('UNSERIALIZABLE_RESULT');
  });

  it('throwing a string is a 500 that shows it', async () => {
    const error = await errorOf(await post(`${dev.url}/functions/throwsString`, {}));
    expect(error.message).toContain('not an Error');
  });
});

describe('a careless neosl.yaml', () => {
  const edit = (change: (text: string) => string) => writeFileSync(join(project, 'neosl.yaml'), change(readFileSync(join(project, 'neosl.yaml'), 'utf8')));

  it('a timeout no timer can hold (25d) is refused with its line, and the previous config keeps serving', async () => {
    const original = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    edit((text) => text.replace('    timeout: 1s', '    timeout: 25d'));
    await until(() => (/neosl\.yaml:\d+:\d+: functions\.spins\.timeout: must be at most 15m/.test(dev.stderr()) ? true : undefined), 'the timeout error');
    // Still the 1 s timeout of before.
    expect((await post(`${dev.url}/functions/spins`, {})).status).toBe(504);
    writeFileSync(join(project, 'neosl.yaml'), original);
  });

  it('a handler outside the project is refused, and the previous config keeps serving', async () => {
    const original = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    edit((text) => text.replace('handler: functions/hello.ts\n', 'handler: ../../../etc/evil.ts\n'));
    await until(() => (/outside the project/.test(dev.stderr()) ? true : undefined), 'the handler error');
    writeFileSync(join(project, 'neosl.yaml'), original);
  });
});

describe('listening beyond this machine', () => {
  it('--host 0.0.0.0 serves, and says that the functions and admin routes are open to the network', async () => {
    const open = await startDev(copyFixture(fixture), ['--host', '0.0.0.0']);
    try {
      await until(() => (/▲ warning neosl dev listens on 0\.0\.0\.0, beyond this machine/.test(open.stderr()) ? true : undefined), 'the warning');
      expect(open.stderr()).toContain('/_neosl/');
      expect((await fetch(`${open.url}/_neosl/health`)).status).toBe(200);
    } finally {
      open.child.kill('SIGINT');
      await open.exited;
    }
  });

  it('on 127.0.0.1 it says nothing of the kind', () => {
    expect(dev.stderr()).not.toContain('beyond this machine');
  });
});
