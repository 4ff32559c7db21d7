// `neosl dev` spawned as a user runs it (no TTY, --no-dashboard, --port 0) on a copy of the dev
// fixture project: routes, error statuses, hot reload, config edits, events stream, state, signals.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { copyFixture, errorOf, killDevProcesses, post, startDev, until, type Dev } from '../helpers/dev-process.js';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

describe('neosl dev', () => {
  let dev: Dev;
  let project: string;

  beforeAll(async () => {
    project = copyFixture();
    dev = await startDev(project);
  });

  it('serves POST /functions/<name> with the request id, cold start and duration headers', async () => {
    const first = await post(`${dev.url}/functions/hello`, { name: 'neo' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ message: 'Hello, neo!' });
    expect(first.headers.get('x-neosl-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get('x-neosl-cold-start')).toMatch(/^(true|false)$/);
    expect(Number(first.headers.get('x-neosl-duration-ms'))).toBeGreaterThanOrEqual(0);
    const second = await post(`${dev.url}/functions/hello`, {});
    expect(second.headers.get('x-neosl-cold-start')).toBe('false');
    expect(await second.json()).toEqual({ message: 'Hello, world!' });
    expect(dev.stderr()).toMatch(/\d\d:\d\d:\d\d\.\d{3} POST \/functions\/hello 200/);
    expect(dev.stderr()).toMatch(/\[hello\] INFO\s+greeting \{"name":"neo"\}/);
  });

  it('routes http triggers by method and path; 405 with Allow; 404 for unknown functions and routes', async () => {
    const list = await fetch(`${dev.url}/api/items?page=2`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: ['a', 'b'], query: { page: '2' }, path: '/api/items' });
    const created = await post(`${dev.url}/api/items`, { name: 'x' });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-api')).toBe('created');
    expect(await created.json()).toEqual({ created: { name: 'x' } });

    const wrongMethod = await fetch(`${dev.url}/api/items`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect((await errorOf(wrongMethod)).code).toBe('METHOD_NOT_ALLOWED');
    const getFunction = await fetch(`${dev.url}/functions/hello`);
    expect(getFunction.status).toBe(405);
    expect(getFunction.headers.get('allow')).toBe('POST');

    const unknown = await post(`${dev.url}/functions/nope`, {});
    expect(unknown.status).toBe(404);
    const body = (await unknown.json()) as { error: { code: string; message: string; details: { known: string[] } } };
    expect(body.error.code).toBe('FUNCTION_NOT_FOUND');
    expect(body.error.details.known).toEqual(expect.arrayContaining(['hello', 'api', 'throws']));
    const noRoute = await fetch(`${dev.url}/nowhere`);
    expect(noRoute.status).toBe(404);
    expect((await errorOf(noRoute)).code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers 400 for malformed JSON, 413 over dev.bodyLimit, 429 past the rateLimit', async () => {
    const malformed = await post(`${dev.url}/functions/hello`, '{"name":');
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed))).toMatchObject({ code: 'MALFORMED_JSON' });

    const tooLarge = await post(`${dev.url}/functions/hello`, JSON.stringify({ data: 'x'.repeat(100_000) }));
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge))).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limitBytes: 65536 } });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(`${dev.url}/functions/limited`, {})).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('answers 500 with the mapped stack, 502 for a crash, 504 for a timeout, 503 without a build, and keeps serving', async () => {
    const thrown = await post(`${dev.url}/functions/throws`, {});
    expect(thrown.status).toBe(500);
    const error = (await errorOf(thrown)) as { code: string; message: string; details: { stack: string } };
    expect(error.message).toBe('amount must be a number');
    expect(error.details.stack).toMatch(/at check \(.*functions\/throws\.ts:5:11\)/);
    expect(error.details.stack).not.toMatch(/runtime\/worker|node:internal/);

    const crashed = await post(`${dev.url}/functions/crash`, {});
    expect(crashed.status).toBe(502);
    expect((await errorOf(crashed)).code).toBe('INSTANCE_CRASHED');

    const started = Date.now();
    const timedOut = await post(`${dev.url}/functions/slow`, {});
    expect(timedOut.status).toBe(504);
    expect((await errorOf(timedOut)).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);

    const notBuilt = await post(`${dev.url}/functions/broken`, {});
    expect(notBuilt.status).toBe(503);
    expect((await errorOf(notBuilt)).code).toBe('NO_BUILD');
    expect(dev.stderr()).toMatch(/✘ error broken: build failed with 1 error; its requests answer 503 until it builds\n[\s\S]*functions\/broken\.js:3:/);
    expect(dev.stderr().match(/broken: build failed/g)).toHaveLength(1);

    // It builds but its module throws: each request tries a start and answers with the error at
    // its TypeScript line; with an instance kept warm (no start per request) the 503 says why.
    const loadFailed = await post(`${dev.url}/functions/failsToStart`, {});
    expect(loadFailed.status).toBe(500);
    const loadError = (await errorOf(loadFailed)) as { code: string; message: string; details: { stack: string } };
    expect(loadError).toMatchObject({ code: 'MODULE_LOAD_FAILED', message: expect.stringContaining('PRICE_FEED_URL is not set') });
    expect(loadError.details.stack).toMatch(/functions\/fails-to-start\.ts:3:/);
    expect(loadError.details.stack).not.toMatch(/runtime\/worker|node:internal/);
    const notStarted = await post(`${dev.url}/functions/failsToStartWarm`, {});
    expect(notStarted.status).toBe(503);
    expect(await errorOf(notStarted)).toMatchObject({ code: 'NOT_STARTED', message: expect.stringContaining('PRICE_FEED_URL is not set') });

    const big = await post(`${dev.url}/functions/big`, { size: 2_000_000 });
    expect(big.status).toBe(200);
    expect(((await big.json()) as { data: string }).data.length).toBe(2_000_000);
    expect((await post(`${dev.url}/functions/hello`, {})).status).toBe(200);
  });

  it('answers /_neosl/health, /_neosl/functions, /_neosl/metrics and the manual trigger', async () => {
    const health = await fetch(`${dev.url}/_neosl/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', url: dev.url });
    const functions = (await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: { name: string; routes: string[]; version: number; state: string; requests: number }[] };
    const api = functions.functions.find((fn) => fn.name === 'api')!;
    expect(api.routes).toEqual(['GET /api/items', 'POST /api/items']);
    expect(api.version).toBeGreaterThanOrEqual(1);
    expect(api.requests).toBeGreaterThanOrEqual(2);
    expect(functions.functions.find((fn) => fn.name === 'broken')).toMatchObject({ state: 'failed', version: 0 });
    expect(functions.functions.find((fn) => fn.name === 'tick')!.routes).toContain('schedule 0 0 1 1 *');

    const metrics = await (await fetch(`${dev.url}/_neosl/metrics`)).text();
    expect(metrics).toMatch(/neosl_requests_total\{function="hello",status="200"\} \d+/);
    expect(metrics).toMatch(/process_resident_memory_bytes \d+/);

    const event = { type: 'schedule', cron: '0 0 1 1 *', scheduledTime: '2026-01-01T00:00:00.000Z' };
    const triggered = await post(`${dev.url}/_neosl/trigger/tick`, event);
    expect(triggered.status).toBe(200);
    expect(await triggered.json()).toEqual({ received: event });
    expect((await post(`${dev.url}/_neosl/trigger/nope`, {})).status).toBe(404);
  });

  it('streams the session events over the /_neosl/events WebSocket', async () => {
    const socket = new WebSocket(`${dev.url.replace('http', 'ws')}/_neosl/events`);
    const seen: { type: string; functionName?: string; status?: number }[] = [];
    socket.on('message', (data) => seen.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    await post(`${dev.url}/functions/hello`, { name: 'ws' });
    const request = await until(() => seen.find((event) => event.type === 'request' && event.functionName === 'hello'), 'a request event');
    expect(request.status).toBe(200);
    await until(() => seen.find((event) => event.type === 'metrics'), 'a metrics event', 3000);
    socket.close();

    // A client asking for some types only (as neosl bench does) gets no event per request.
    const filtered = new WebSocket(`${dev.url.replace('http', 'ws')}/_neosl/events?types=metrics`);
    const types = new Set<string>();
    filtered.on('message', (data) => types.add((JSON.parse(String(data)) as { type: string }).type));
    await new Promise((resolve, reject) => filtered.once('open', resolve).once('error', reject));
    await post(`${dev.url}/functions/hello`, { name: 'filtered' });
    await until(() => (types.has('metrics') ? true : undefined), 'a metrics event on the filtered socket', 3000);
    expect([...types]).toEqual(['metrics']);
    filtered.close();
  });

  it('serves an edit on the next request', async () => {
    const file = join(project, 'functions', 'hello.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'Hi'", "'Hi'").replace('${input.name', 'dear ${input.name'));
    const saved = Date.now();
    const body = await until(async () => {
      const answer = (await (await post(`${dev.url}/functions/hello`, { name: 'neo' })).json()) as { message: string };
      return answer.message.includes('dear') ? answer : undefined;
    }, 'the edited hello');
    expect(body).toEqual({ message: 'Hello, dear neo!' });
    expect(Date.now() - saved).toBeLessThan(3000);
    expect(dev.stderr()).toMatch(/hello v\d+ serving \(functions\/hello\.ts, [\d.]+ ms\)/);
  });

  it('keeps the last good version serving through a syntax error and clears it when fixed', async () => {
    const file = join(project, 'functions', 'hello.ts');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('return {', 'return {{'));
    await until(() => (/hello: build failed[^\n]*; the last good version keeps serving\n[\s\S]*functions\/hello\.ts:\d+:\d+/.test(dev.stderr()) ? true : undefined), 'the build error');
    expect(dev.stderr().match(/hello: build failed/g)).toHaveLength(1);
    const during = await post(`${dev.url}/functions/hello`, { name: 'neo' });
    expect(during.status).toBe(200);
    expect(await during.json()).toEqual({ message: 'Hello, dear neo!' });

    writeFileSync(file, good.replace('dear', 'fixed'));
    await until(async () => {
      const answer = (await (await post(`${dev.url}/functions/hello`, { name: 'neo' })).json()) as { message: string };
      return answer.message === 'Hello, fixed neo!' ? true : undefined;
    }, 'the fixed hello').catch((error: Error) => {
      throw new Error(`${error.message}\n${dev.stderr().slice(-3000)}`);
    });
    // The fix is served; the error clears (a second change event of the same save may still be
    // rebuilding the same code for a moment: 'building', then 'ready').
    await until(async () => {
      const summary = (await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: { name: string; state: string }[] };
      return summary.functions.find((fn) => fn.name === 'hello')!.state === 'ready' ? true : undefined;
    }, 'hello back to ready');
  });

  it('applies a neosl.yaml edit live and keeps the old config through an invalid one', async () => {
    const yamlFile = join(project, 'neosl.yaml');
    const original = readFileSync(yamlFile, 'utf8');
    const edited = original.replace('dev:\n', '  greet:\n    handler: functions/hello.ts#hello\n    environment: { GREETING: Hey }\n    triggers:\n      - http: { method: GET, path: /greet }\ndev:\n');
    writeFileSync(yamlFile, edited);
    const greeting = await until(async () => {
      const answer = await fetch(`${dev.url}/greet`);
      return answer.status === 200 ? answer : undefined;
    }, 'the new /greet route');
    expect(await greeting.json()).toEqual({ message: 'Hey, fixed world!' });

    writeFileSync(yamlFile, edited.replace('timeout: 300ms', 'timeout: banana'));
    await until(() => (/previous configuration keeps serving[\s\S]*neosl\.yaml:\d+:\d+[\s\S]*timeout: banana/.test(dev.stderr()) ? true : undefined), 'the config error');
    expect((await fetch(`${dev.url}/greet`)).status).toBe(200);
    expect((await post(`${dev.url}/functions/hello`, {})).status).toBe(200);

    // Valid again: the route goes away with its function.
    writeFileSync(yamlFile, original);
    await until(async () => ((await fetch(`${dev.url}/greet`)).status === 404 ? true : undefined), '/greet removed');

    // Valid again: the route goes away with its function.
    writeFileSync(yamlFile, original);
    await until(async () => ((await fetch(`${dev.url}/greet`)).status === 404 ? true : undefined), '/greet removed');
  });

  it('applies .env edits live and runs schedule triggers', async () => {
    const yamlFile = join(project, 'neosl.yaml');
    const original = readFileSync(yamlFile, 'utf8');
    writeFileSync(join(project, '.env'), 'GREETING=Howdy\n');
    writeFileSync(
      yamlFile,
      original.replace('dev:\n', '  motd:\n    handler: functions/hello.ts#hello\n  everySecond:\n    handler: functions/tick.ts#tick\n    triggers:\n      - schedule: "* * * * * *"\ndev:\n'),
    );
    const greetingIs = (expected: string) =>
      until(async () => {
        const answer = await post(`${dev.url}/functions/motd`, {});
        return answer.status === 200 && ((await answer.json()) as { message: string }).message === expected ? true : undefined;
      }, `"${expected}" from motd`);
    await greetingIs('Howdy, fixed world!');

    writeFileSync(join(project, '.env'), 'GREETING=Hiya\n');
    await greetingIs('Hiya, fixed world!');

    // The every-second schedule runs the function with a ScheduleEvent, shown as a SCHEDULE line and its log.
    await until(() => (/SCHEDULE \* \* \* \* \* \* 200/.test(dev.stderr()) && /\[everySecond\] INFO +tick/.test(dev.stderr()) ? true : undefined), 'a scheduled run', 5000);
    expect(dev.stderr()).toMatch(/SCHEDULE \* \* \* \* \* \* 200/);
    expect(dev.stderr()).toMatch(/\[everySecond\] INFO +tick \{"cron":"\* \* \* \* \* \*"\}/);

    writeFileSync(yamlFile, original);
    await until(async () => ((await post(`${dev.url}/functions/motd`, {})).status === 404 ? true : undefined), 'motd removed');
  });

  it('refuses a port in use with a clear message and exit 1', async () => {
    const port = new URL(dev.url).port;
    const { exitCode: code, stderr } = await spawnNeosl(['dev', '--no-dashboard', '--port', port], { cwd: project });
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is already in use`);
    expect(stderr).toContain('--port');
  });

  it('counts cache hits and misses: hit rate in /_neosl/functions and the metrics event, counters in /_neosl/metrics', async () => {
    type CacheSummary = { hits: number; misses: number; hitRate: number | null };
    const cacheOf = async () =>
      ((await (await fetch(`${dev.url}/_neosl/functions`)).json()) as { functions: { name: string; cache: CacheSummary }[] }).functions.find((fn) => fn.name === 'cached')!.cache;
    expect(await cacheOf()).toEqual({ hits: 0, misses: 0, hitRate: null });

    // What each answer read: memory hit; or memory miss then redis hit; or both missed (the origin).
    const expected = { memory: { hits: 0, misses: 0 }, redis: { hits: 0, misses: 0 } };
    const key = `e2e-${Date.now()}`;
    for (let i = 0; i < 4; i++) {
      const answer = await post(`${dev.url}/functions/cached`, { key });
      expect(answer.status).toBe(200);
      const { from } = (await answer.json()) as { from: 'memory' | 'redis' | 'origin' };
      if (from === 'memory') expected.memory.hits++;
      else expected.memory.misses++;
      if (from === 'redis') expected.redis.hits++;
      if (from === 'origin') expected.redis.misses++;
    }
    // One warm instance: the origin once, then memory (a reload between requests would add a redis hit).
    expect(expected.memory.hits).toBeGreaterThanOrEqual(2);
    const hits = expected.memory.hits + expected.redis.hits;
    const misses = expected.memory.misses + expected.redis.misses;
    expect(await cacheOf()).toEqual({ hits, misses, hitRate: hits / (hits + misses) });

    const metrics = await (await fetch(`${dev.url}/_neosl/metrics`)).text();
    expect(metrics).toContain('# TYPE neosl_cache_hits_total counter');
    expect(metrics).toContain('# TYPE neosl_cache_misses_total counter');
    expect(metrics).toContain(`neosl_cache_hits_total{function="cached",level="memory"} ${expected.memory.hits}\n`);
    expect(metrics).toContain(`neosl_cache_hits_total{function="cached",level="redis"} ${expected.redis.hits}\n`);
    expect(metrics).toContain(`neosl_cache_misses_total{function="cached",level="memory"} ${expected.memory.misses}\n`);
    expect(metrics).toContain(`neosl_cache_misses_total{function="cached",level="redis"} ${expected.redis.misses}\n`);
    expect(metrics).toContain('neosl_cache_hits_total{function="hello",level="memory"} 0\n');

    // The metrics event of /_neosl/events carries the same summary each second.
    const socket = new WebSocket(`${dev.url.replace('http', 'ws')}/_neosl/events`);
    try {
      const summaries: CacheSummary[] = [];
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; functions?: { name: string; cache: CacheSummary }[] };
        const cached = event.type === 'metrics' ? event.functions!.find((fn) => fn.name === 'cached') : undefined;
        if (cached) summaries.push(cached.cache);
      });
      expect(await until(() => summaries[0], 'a metrics event', 3000)).toEqual({ hits, misses, hitRate: hits / (hits + misses) });
    } finally {
      socket.close();
    }
  });
});

describe('neosl dev state and signals', () => {
  it('keeps the database and the cache across a restart, and exits 0 on SIGINT', async () => {
    const project = copyFixture();
    const first = await startDev(project);
    await post(`${first.url}/functions/state`, {});
    expect(await (await post(`${first.url}/functions/state`, {})).json()).toEqual({ runs: 2, cached: 2 });
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = await startDev(project);
    expect(await (await post(`${second.url}/functions/state`, {})).json()).toEqual({ runs: 3, cached: 3 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('finishes a request in flight on SIGINT before it exits 0', async () => {
    const dev = await startDev(copyFixture());
    const answer = post(`${dev.url}/functions/slow`, {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    dev.child.kill('SIGINT');
    expect((await answer).status).toBe(504);
    expect(await dev.exited).toBe(0);
    expect(dev.stderr()).toContain('Stopping');
  });

  it('leaves stores that open after a kill -9', async () => {
    const project = copyFixture();
    const first = await startDev(project);
    expect(await (await post(`${first.url}/functions/state`, {})).json()).toEqual({ runs: 1, cached: 1 });
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startDev(project);
    const answer = (await (await post(`${second.url}/functions/state`, {})).json()) as { runs: number };
    // The database write was committed; the cache may not have been saved yet.
    expect(answer.runs).toBe(2);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('keeps nothing with --persist-to :memory:', async () => {
    const project = copyFixture();
    const dev = await startDev(project, ['--persist-to', ':memory:']);
    expect(await (await post(`${dev.url}/functions/state`, {})).json()).toEqual({ runs: 1, cached: 1 });
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  });
});
