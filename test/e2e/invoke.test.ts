// `neosl invoke` spawned as a user runs it, on a fixture project whose functions misbehave.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, killDevProcesses, post, startDev } from '../helpers/dev-process.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';

const fixture = fileURLToPath(new URL('../fixtures/invoke-project', import.meta.url));
let project: string;

beforeAll(() => {
  project = join(makeTempDir(), 'app');
  cpSync(fixture, project, { recursive: true });
});
afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

const invoke = (args: string[], input?: string) => spawnNeosl(['invoke', ...args], { cwd: project, input });

describe('neosl invoke', () => {
  it('prints the result, logs on stderr, and exit 0', async () => {
    const result = await invoke(['hello', '--data', '{"name":"neo"}']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ message: 'Hi, neo!' });
    expect(result.stderr).toMatch(/INFO\s+greeting \{"name":"neo"\}/);
    expect(result.stderr).toMatch(/hello returned in [\d.]+ ms \(cold start/);
  });

  it('reads the input from stdin and from a file, and prints { result, durationMs, coldStart, logs } with --json', async () => {
    const piped = await invoke(['hello', '--json'], '{"name":"pipe"}');
    expect(piped.exitCode, piped.stderr).toBe(0);
    const document = JSON.parse(piped.stdout) as { result: unknown; durationMs: number; coldStart: boolean; logs: { message: string; fields: unknown }[] };
    expect(document.result).toEqual({ message: 'Hi, pipe!' });
    expect(document.durationMs).toBeGreaterThanOrEqual(0);
    expect(document.coldStart).toBe(true);
    expect(document.logs).toMatchObject([{ message: 'greeting', fields: { name: 'pipe' } }]);

    writeFileSync(join(project, 'input.json'), '{"name":"file"}');
    const fromFile = await invoke(['hello', '--data-file', 'input.json']);
    expect(JSON.parse(fromFile.stdout)).toEqual({ message: 'Hi, file!' });
  });

  it('keeps state under .neosl/state between runs', async () => {
    const first = await invoke(['database']);
    const second = await invoke(['database']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(second.stdout).runs).toBe(JSON.parse(first.stdout).runs + 1);
    expect(existsSync(join(project, '.neosl', 'state', 'db.sqlite'))).toBe(true);
  });

  it('exits 1 with the message, the TypeScript line in a code frame and the mapped stack when the function throws', async () => {
    const result = await invoke(['throws', '--data', '{}']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('throws failed');
    expect(result.stderr).toContain('amount must be a number');
    expect(result.stderr).toContain('functions/throws.ts:5:11');
    expect(result.stderr).toContain("throw new RangeError('amount must be a number');");
    expect(result.stderr).toMatch(/at check \(.*functions\/throws\.ts:5:11\)/);
    // neosl's own frames and Node's internals are not the user's business.
    expect(result.stderr).not.toMatch(/runtime\/worker|node:internal/);
  });

  it('reports a thrown non-Error with its value', async () => {
    const result = await invoke(['throwsString', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toContain('plain string failure');
  });

  it('fails a function that never resolves at its timeout', async () => {
    const result = await invoke(['neverResolves', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'TIMEOUT', statusCode: 504 });
  });

  it('terminates a function that blocks the event loop at its timeout', async () => {
    const started = Date.now();
    const result = await invoke(['busyLoop', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'TIMEOUT', statusCode: 504 });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops a function that allocates without bound at its memory limit', async () => {
    const result = await invoke(['hog', '--json']);
    expect(result.exitCode).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; statusCode: number; message: string } };
    expect(error).toMatchObject({ code: 'OUT_OF_MEMORY', statusCode: 502 });
    expect(error.message).toContain('32 MB');
  });

  it('refuses a result that cannot be sent as JSON, naming where', async () => {
    const result = await invoke(['returnsFunction', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toMatch(/cannot be sent as JSON.*callback/);
  });

  it('says when the handler export is not a function', async () => {
    const result = await invoke(['notAFunction']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/notAFunction/);
    expect(result.stderr).toMatch(/not a function/);
  });

  it('rejects input that is not JSON with exit 2', async () => {
    const result = await invoke(['hello', '--data', '{name: neo}']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('the input from --data is not JSON');
    const piped = await invoke(['hello'], 'not json');
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toContain('the input from stdin is not JSON');
  });

  it('suggests the nearest function for an unknown name', async () => {
    const result = await invoke(['helo']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/did you mean "hello"\?/i);
  });

  it('names a handler file that does not exist, with its neosl.yaml line', async () => {
    const broken = join(makeTempDir(), 'broken');
    cpSync(fixture, broken, { recursive: true });
    writeFileSync(join(broken, 'neosl.yaml'), 'name: broken\nfunctions:\n  ghost:\n    handler: functions/ghost.ts\n');
    const result = await spawnNeosl(['invoke', 'ghost'], { cwd: broken });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('neosl.yaml:4');
    expect(result.stderr).toContain('functions/ghost.ts');
  });
});

interface EchoedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}
interface HttpDocument {
  request: EchoedRequest;
  result: { statusCode: number; headers: Record<string, string>; body: { request: EchoedRequest } };
}
const invokeJson = async (args: string[], input?: string) => {
  const result = await invoke([...args, '--json'], input);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as HttpDocument;
};

describe('neosl invoke on a function with http routes', () => {
  it('sends a request to its first route and shows the response: status line and headers on stderr, the body on stdout', async () => {
    const result = await invoke(['echo']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('GET /echo → 200 OK');
    expect(result.stderr).toContain('x-echo: yes');
    expect(JSON.parse(result.stdout)).toEqual({ request: { method: 'GET', path: '/echo', headers: {}, query: {} } });

    const document = await invokeJson(['echo']);
    expect(document.result).toEqual({
      statusCode: 200,
      headers: { 'x-echo': 'yes', 'content-type': 'application/json; charset=utf-8' },
      body: { request: { method: 'GET', path: '/echo', headers: {}, query: {} } },
    });
    expect(document.request).toEqual(document.result.body.request);
  });

  it('takes --method, --path (with a query string), repeatable -q and -H, and data as the body (which means the first route taking one)', async () => {
    const shaped = await invokeJson(['echo', '--path', '/echo/5?x=1', '-q', 'y=2', '-q', 'x=3', '-H', 'X-Foo: bar', '--header', 'x-foo: baz']);
    expect(shaped.request).toEqual({ method: 'GET', path: '/echo/5', headers: { 'x-foo': 'bar, baz' }, query: { x: '3', y: '2' } });

    const posted = await invokeJson(['echo', '-d', '{"name":"neo"}']);
    expect(posted.request).toEqual({ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, query: {}, body: { name: 'neo' } });

    writeFileSync(join(project, 'body.json'), '{"from":"file"}');
    expect((await invokeJson(['echo', '-m', 'post', '-d', '@body.json'])).request.body).toEqual({ from: 'file' });
    expect((await invokeJson(['echo', '-m', 'POST', '--data-file', 'body.json'])).request.body).toEqual({ from: 'file' });
    expect((await invokeJson(['echo', '-d', '@-'], '{"from":"stdin"}')).request.body).toEqual({ from: 'stdin' });
    expect((await invokeJson(['echo'], '{"piped":true}')).request).toMatchObject({ method: 'POST', body: { piped: true } });

    const text = await invokeJson(['echo', '-H', 'Content-Type: text/plain', '-d', 'not json']);
    expect(text.request).toMatchObject({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json' });
  });

  it("uses the function's sample request without data; -H adds to it, and another route leaves it out", async () => {
    const sampled = await invoke(['sampledEcho']);
    expect(sampled.exitCode, sampled.stderr).toBe(0);
    expect(sampled.stderr).toContain('PUT /things/7 (the sample in neosl.yaml) → 200 OK');
    expect(JSON.parse(sampled.stdout).request).toEqual({
      method: 'PUT',
      path: '/things/7',
      headers: { 'x-api-key': 'test', 'content-type': 'application/json' },
      query: { verbose: 'true' },
      body: { name: 'sample' },
    });
    expect((await invokeJson(['sampledEcho', '-H', 'x-trace: 1', '-q', 'verbose=false'])).request).toMatchObject({
      headers: { 'x-api-key': 'test', 'x-trace': '1' },
      query: { verbose: 'false' },
    });
    expect((await invokeJson(['sampledEcho', '-m', 'GET'])).request).toEqual({ method: 'GET', path: '/things', headers: {}, query: {} });
    expect((await invokeJson(['sampledEcho', '-d', '{"name":"given"}', '--path', '/things/8'])).request).toEqual({
      method: 'PUT',
      path: '/things/8',
      headers: { 'content-type': 'application/json' },
      query: {},
      body: { name: 'given' },
    });
  });

  it('exits 0 on a 4xx (a result) and 1 on a 5xx, with the status line on stderr and the body on stdout', async () => {
    const notFound = await invoke(['echo', '-q', 'status=404']);
    expect(notFound.exitCode).toBe(0);
    expect(notFound.stderr).toContain('GET /echo → 404 Not Found');
    const unavailable = await invoke(['echo', '-q', 'status=503']);
    expect(unavailable.exitCode).toBe(1);
    expect(unavailable.stderr).toContain('GET /echo → 503 Service Unavailable');
    expect(unavailable.stderr).toContain('echo answered 503 Service Unavailable');
    expect(JSON.parse(unavailable.stdout).request.query).toEqual({ status: '503' });
    const json = await invoke(['echo', '-q', 'status=503', '--json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).result.statusCode).toBe(503);
  });

  it('exits 1 when the function throws, saying what neosl dev would answer', async () => {
    const result = await invoke(['httpThrows', '-d', '{}']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('name is required');
    expect(result.stderr).toContain('neosl dev answers this request with 400 Bad Request (INVALID_INPUT)');
  });

  it('refuses a request none of its routes serves, listing them (exit 2)', async () => {
    const method = await invoke(['echo', '-m', 'DELETE']);
    expect(method.exitCode).toBe(2);
    expect(method.stderr).toContain('echo has no route for DELETE: its routes are GET /echo, POST /echo and GET /echo/:id');
    expect(method.stderr).toContain('neosl invoke echo --method GET --path /echo');
    const path = await invoke(['echo', '--path', '/nowhere']);
    expect(path.exitCode).toBe(2);
    expect(path.stderr).toContain('echo has no route for /nowhere: its routes are');
    const parameters = await invoke(['paramsOnly']);
    expect(parameters.exitCode).toBe(2);
    expect(parameters.stderr).toContain("paramsOnly's route GET /users/:id has parameters: give the path to request");
    expect(parameters.stderr).toContain('--path /users/<id>');
    expect((await invokeJson(['paramsOnly', '--path', '/users/42'])).request.path).toBe('/users/42');
  });

  it('names the flag of a malformed header, query parameter, method or path, and the position of bad JSON (exit 2)', async () => {
    const header = await invoke(['echo', '-H', 'no colon here']);
    expect(header.exitCode).toBe(2);
    expect(header.stderr).toContain('--header "no colon here": expected "Name: value"');
    expect(header.stderr).toContain(`-H 'Content-Type: text/plain'`);
    const badName = await invoke(['echo', '-H', 'bad name: x']);
    expect(badName.exitCode).toBe(2);
    expect(badName.stderr).toContain('--header "bad name: x": not a valid HTTP header');
    const query = await invoke(['echo', '-q', 'limit']);
    expect(query.exitCode).toBe(2);
    expect(query.stderr).toContain('--query limit: expected name=value');
    const method = await invoke(['echo', '-m', 'GTE']);
    expect(method.exitCode).toBe(2);
    expect(method.stderr).toMatch(/--method GTE: not an HTTP method[\s\S]*did you mean "GET"\?/i);
    const path = await invoke(['echo', '--path', 'echo']);
    expect(path.exitCode).toBe(2);
    expect(path.stderr).toContain('--path echo: not a request path');

    const json = await invoke(['echo', '-d', '{"name": neo}']);
    expect(json.exitCode).toBe(2);
    expect(json.stderr).toMatch(/the input from --data is not JSON: Unexpected token 'e'.*position 10/);
    expect(json.stderr).toContain(`-H 'Content-Type: text/plain'`);
    writeFileSync(join(project, 'broken.json'), '{\n  "name": neo\n}\n');
    const file = await invoke(['echo', '-d', '@broken.json']);
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain('the input from --data @broken.json is not JSON');
    expect(file.stderr).toContain('broken.json:2:12');
    const missing = await invoke(['echo', '-d', '@missing.json']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--data @missing.json: no such file');
  });

  it('gives the function exactly the request neosl dev gives it for the same request', async () => {
    const viaInvoke = await invokeJson(['echo', '-m', 'POST', '--path', '/echo?b=2&a=1', '-H', 'X-Api-Key: k', '-d', '{"n":1}']);
    const dev = await startDev(project);
    try {
      const answer = await fetch(`${dev.url}/echo?b=2&a=1`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body: '{"n":1}' });
      expect(answer.status).toBe(200);
      const viaDev = ((await answer.json()) as { request: EchoedRequest }).request;
      const { headers: devHeaders, ...devRest } = viaDev;
      const { headers: invokeHeaders, ...invokeRest } = viaInvoke.request;
      expect(invokeRest).toEqual(devRest);
      // dev also sees what the HTTP client adds (host, user-agent, content-length…).
      expect(devHeaders).toMatchObject(invokeHeaders);
    } finally {
      dev.child.kill('SIGINT');
      await dev.exited;
    }
  });
});

describe('neosl invoke with a sample in neosl.yaml', () => {
  it("runs a function without http routes on its sample when given no data, and on the data when given", async () => {
    const sampled = await invoke(['sampledHello']);
    expect(sampled.exitCode, sampled.stderr).toBe(0);
    expect(JSON.parse(sampled.stdout)).toEqual({ message: 'Hey, sample!' });
    const given = await invoke(['sampledHello', '-d', '{"name":"given"}']);
    expect(JSON.parse(given.stdout)).toEqual({ message: 'Hey, given!' });
  });

  it('refuses request flags for a function without http routes (exit 2)', async () => {
    const result = await invoke(['hello', '-m', 'GET', '-H', 'x: y']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--method, --header: hello has no http routes (POST /functions/hello)');
  });

  it('reports a sample of the wrong shape with its neosl.yaml line', async () => {
    const broken = join(makeTempDir(), 'broken');
    cpSync(fixture, broken, { recursive: true });
    const yaml = readFileSync(join(broken, 'neosl.yaml'), 'utf8').replace('      body: { name: sample }', '      bdy: { name: sample }');
    writeFileSync(join(broken, 'neosl.yaml'), yaml);
    const line = yaml.split('\n').findIndex((text) => text.includes('bdy:')) + 1;
    const result = await spawnNeosl(['invoke', 'sampledEcho'], { cwd: broken });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`neosl.yaml:${line}:7: functions.sampledEcho.sample: unknown key "bdy": a sample request has method, path, query, headers, body`);
    expect(result.stderr).toMatch(/did you mean "body"\?/i);
  });

  it.each([
    ['hello', 'hello'],
    ['http-api', 'items'],
    ['cached', 'prices'],
    ['database', 'transactions'],
    ['blockchain', 'chainWatch'],
    ['scheduled', 'nightlyReport'],
  ])('runs the %s template\'s %s with no data in a freshly generated project', async (template, name) => {
    const dir = join(makeTempDir(), `app-${template}`);
    const init = await spawnNeosl(['init', dir, '--template', template, '--no-install']);
    expect(init.exitCode, init.stderr).toBe(0);
    const result = await spawnNeosl(['invoke', name, '--json'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { result: unknown; logs: { message: string; fields: Record<string, unknown> }[] };
    const expected: Record<string, unknown> = {
      hello: { message: 'Hello, neo!' },
      'http-api': { statusCode: 201, body: { name: 'apple', quantity: 3 } },
      cached: { symbol: 'GAS', cached: false },
      database: { action: 'query', count: 0 },
    };
    if (template in expected) expect(document.result).toMatchObject(expected[template]!);
    if (template === 'blockchain') expect(document.logs).toContainEqual(expect.objectContaining({ message: 'Block recorded', fields: expect.objectContaining({ index: 0 }) }));
    if (template === 'scheduled') expect(document.logs).toContainEqual(expect.objectContaining({ message: 'Report written' }));
  }, 60_000);
});

describe('neosl invoke and neosl dev share the cache', () => {
  it('reads what dev wrote (also while dev runs) and dev reads what invoke wrote, without breaking dev\'s journal', async () => {
    const dir = join(makeTempDir(), 'shared');
    cpSync(fixture, dir, { recursive: true });
    const run = async (name: string) => {
      const result = await spawnNeosl(['invoke', name], { cwd: dir });
      expect(result.exitCode, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { count: number }).count;
    };
    const devCount = async (url: string) => {
      const answer = await post(`${url}/functions/counter`, {});
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { count: number }).count;
    };

    expect(await run('counter')).toBe(1);
    expect(await run('counter')).toBe(2); // a previous invoke's write

    const first = await startDev(dir);
    expect(await devCount(first.url)).toBe(3); // invoke's writes, read by dev
    expect(await devCount(first.url)).toBe(4);
    expect(await run('peek')).toBe(4); // dev's writes, while dev runs
    first.child.kill('SIGKILL'); // no compaction: only dev's journal holds its writes
    await first.exited;

    expect(await run('counter')).toBe(5);
    const second = await startDev(dir);
    expect(await devCount(second.url)).toBe(6);

    // The emulator refuses a plain body for a function that takes HTTP requests, naming its routes.
    const refused = await post(`${second.url}/functions/echo`, {});
    expect(refused.status).toBe(405);
    expect(await errorOf(refused)).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      message: expect.stringContaining('echo is served at GET /echo, POST /echo and GET /echo/:id, not at POST /functions/echo'),
    });

    second.child.kill('SIGINT');
    await second.exited;
    expect(await run('peek')).toBe(6);
  }, 90_000);
});
