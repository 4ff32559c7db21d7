// `neosl serve --from-dir` as a Knative deployment runs it: one process per function (--function,
// --external-triggers) taking its schedules and blockchain triggers as CloudEvents at
// POST /_neosl/events/<function> from inside the cluster only, and the trigger dispatcher
// (--triggers-only) delivering the chain's blocks to it. The fixture is built once, and its
// dist/manifest.json given the raw neosl.yaml environment as the image context writes it.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNeosl, type NeoslProcess } from '../helpers/neosl-process.js';
import { spawnNeosl, type NeoslResult } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/knative-runtime-project', import.meta.url));
const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';
const CLUSTER_HOST = 'x.default.svc.cluster.local';
const SECRET = 'sekret-value-4711';

const running = new Set<ChildProcess>();
let dir: string;
let app: string;

beforeAll(async () => {
  dir = makeTempDir('neosl-knative-runtime-');
  app = join(dir, 'app');
  cpSync(fixture, app, { recursive: true });
  // The build needs the variable; the image's manifest keeps the reference, to be filled in the pod.
  const built = await spawnNeosl(['build'], { cwd: app, env: { KN_API_HOST: 'build-time.invalid' } });
  expect(built.exitCode, built.stderr).toBe(0);
  const manifestFile = join(app, 'dist', 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { functions: Record<string, { config: { environment: Record<string, string> } }> };
  manifest.functions.worker!.config.environment.API_BASE = 'https://${env.KN_API_HOST}/v1';
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}, 60_000);

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  removeTempDirs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Served extends NeoslProcess {
  url: string;
  /** The NDJSON events printed so far (--json). */
  events(): Record<string, unknown>[];
  stop(): Promise<number | null>;
}

const ndjson = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Waits (up to 20 s) until `check` finds what it looks for in the process's output. */
async function waitFor<T>(what: string, process: NeoslProcess, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > deadline || process.child.exitCode !== null) throw new Error(`${what} did not happen:\nstdout:\n${process.stdout()}\nstderr:\n${process.stderr()}`);
    await sleep(100);
  }
}

/** `neosl serve --from-dir app --json <args>` on a store of its own, once it is ready. */
async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const store = join(makeTempDir('neosl-knative-store-'), 'store');
  const started = startNeosl(['serve', '--port', '0', '--json', ...(args.includes('--triggers-only') ? [] : ['--store', store]), '--from-dir', app, ...args], { cwd: dir, env, running });
  const events = () => ndjson(started.stdout());
  const ready = await waitFor('"ready"', started, () => events().find((event) => event.type === 'ready'));
  return {
    ...started,
    url: ready.url as string,
    events,
    stop: async () => {
      if (started.child.exitCode === null) started.child.kill('SIGTERM');
      return started.exited;
    },
  };
}

/** `neosl serve …` expected to exit before it is ready. */
async function serveFails(args: string[], env: NodeJS.ProcessEnv = {}): Promise<NeoslResult> {
  const result = await spawnNeosl(['serve', '--port', '0', ...args], { cwd: dir, env });
  return result;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** POST /_neosl/events/<fn> as a CloudEvent, with the Host header given (fetch cannot set one). */
function postEvent(url: string, fn: string, options: { host?: string; type?: string; time?: string; body: unknown }): Promise<Answer> {
  const target = new URL(`/_neosl/events/${fn}`, url);
  const payload = JSON.stringify(options.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), host: options.host ?? CLUSTER_HOST, 'ce-specversion': '1.0', 'ce-id': 'test-1', 'ce-source': '/test' };
  if (options.type !== undefined) headers['ce-type'] = options.type;
  if (options.time !== undefined) headers['ce-time'] = options.time;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const ping = (cron: string, extra: Record<string, unknown> = {}) => ({ type: 'dev.knative.sources.ping', body: { cron, ...extra } });

/** The events the worker logged, as it received them. */
const loggedEvents = (served: Served): Record<string, unknown>[] =>
  served
    .events()
    .filter((event) => event.type === 'log' && (event.record as { message: string }).message === 'trigger event')
    .map((event) => (event.record as { fields: { event: Record<string, unknown> } }).fields.event);

const triggerRuns = (served: Served, method: string) => served.events().filter((event) => event.type === 'request' && event.method === method);

describe('a function process: --function worker --external-triggers', () => {
  let worker: Served;
  beforeAll(async () => {
    worker = await serve(['--function', 'worker', '--external-triggers'], { KN_API_HOST: 'api.internal', API_KEY: SECRET, GREETING: undefined, API_BASE: undefined });
  }, 30_000);
  afterAll(async () => {
    expect(await worker.stop()).toBe(0);
  });

  it('serves that function only, with its environment from the process environment', async () => {
    const answer = await fetch(`${worker.url}/worker`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ greeting: 'hello', apiBase: 'https://api.internal/v1', apiKeyLength: SECRET.length });
    expect((await fetch(`${worker.url}/other`)).status).toBe(404);
    const other = await postEvent(worker.url, 'other', ping('* * * * * *'));
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
    expect(worker.stdout() + worker.stderr()).not.toContain(SECRET);
  });

  it('runs no schedule or block trigger by itself, though its neosl.yaml has a schedule every second', async () => {
    await sleep(3000);
    expect(triggerRuns(worker, 'SCHEDULE')).toEqual([]);
    expect(triggerRuns(worker, 'BLOCK')).toEqual([]);
  });

  it('a PingSource event runs the schedule with that cron and the fire time to the second, and answers 200 done after the run', async () => {
    const answer = await postEvent(worker.url, 'worker', { ...ping('* * * * * *'), time: '2026-12-07T08:00:00.123Z' });
    expect(answer).toEqual({ status: 200, body: { outcome: 'done' } });
    // Answered after the run: its log is already out (printed within a turn of the event loop).
    const logged = await waitFor('the schedule run', worker, () => loggedEvents(worker).find((event) => event.type === 'schedule' && event.cron === '* * * * * *'));
    expect(logged).toEqual({ type: 'schedule', cron: '* * * * * *', scheduledTime: '2026-12-07T08:00:00.000Z' });
    expect(triggerRuns(worker, 'SCHEDULE')).toEqual([expect.objectContaining({ functionName: 'worker', path: '* * * * * *', status: 200 })]);

    // A schedule is found by its cron and its time zone.
    const paris = await postEvent(worker.url, 'worker', ping('0 3 * * *', { timezone: 'Europe/Paris' }));
    expect(paris).toEqual({ status: 200, body: { outcome: 'done' } });
    const withoutZone = await postEvent(worker.url, 'worker', ping('0 3 * * *'));
    expect(withoutZone.status).toBe(404);
    expect(withoutZone.body.error).toMatchObject({ code: 'TRIGGER_NOT_FOUND' });
    const unknownCron = await postEvent(worker.url, 'worker', ping('*/7 * * * *'));
    expect(unknownCron.status).toBe(404);
    expect(unknownCron.body.error).toMatchObject({ code: 'TRIGGER_NOT_FOUND', message: expect.stringContaining('* * * * * *') });
    expect(triggerRuns(worker, 'SCHEDULE')).toHaveLength(2);
  });

  it('block and notification events run the blockchain triggers with the event as sent', async () => {
    const block = await postEvent(worker.url, 'worker', { type: 'io.neosl.block', body: { type: 'block', block: { index: 4242, tx: [] } } });
    expect(block).toEqual({ status: 200, body: { outcome: 'done' } });
    expect(await waitFor('the block run', worker, () => loggedEvents(worker).find((event) => event.type === 'block'))).toEqual({ type: 'block', index: 4242 });

    const notification = { type: 'notification', contract: GAS, eventName: 'Transfer', state: { type: 'Array', value: [] }, decoded: ['a', 'b', '5'], txid: '0x01', blockIndex: 7 };
    expect(await postEvent(worker.url, 'worker', { type: 'io.neosl.notification', body: notification })).toEqual({ status: 200, body: { outcome: 'done' } });
    expect(await waitFor('the notification run', worker, () => loggedEvents(worker).find((event) => event.type === 'notification'))).toEqual(notification);

    const otherEvent = await postEvent(worker.url, 'worker', { type: 'io.neosl.notification', body: { ...notification, eventName: 'Mint' } });
    expect(otherEvent.status).toBe(404);
    expect(otherEvent.body.error).toMatchObject({ code: 'TRIGGER_NOT_FOUND' });
  });

  it('takes events only from inside the cluster, of the known types; its other /_neosl/ routes still need a token', async () => {
    const before = loggedEvents(worker).length;
    for (const host of ['example.com', 'worker.example.com', 'x.svc.evil.example', 'svc.cluster.local']) {
      const outside = await postEvent(worker.url, 'worker', { ...ping('* * * * * *'), host });
      expect(outside.status, host).toBe(403);
      expect(outside.body.error, host).toMatchObject({ code: 'EVENTS_CLUSTER_ONLY' });
    }
    for (const host of ['worker.default.svc', 'worker.default.svc.cluster.local:80', '127.0.0.1:8080', 'localhost', '[::1]:8080']) {
      expect((await postEvent(worker.url, 'worker', { ...ping('* * * * * *'), host })).status, host).toBe(200);
    }

    const unknownType = await postEvent(worker.url, 'worker', { type: 'dev.knative.sources.api', body: { cron: '* * * * * *' } });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error).toMatchObject({ code: 'EVENT_TYPE_UNKNOWN', message: expect.stringContaining('dev.knative.sources.ping') });
    expect((await postEvent(worker.url, 'worker', { body: { cron: '* * * * * *' } })).body.error).toMatchObject({ code: 'EVENT_TYPE_UNKNOWN' });
    expect((await postEvent(worker.url, 'worker', { type: 'dev.knative.sources.ping', body: {} })).status).toBe(400);

    // Only the five accepted requests ran.
    await waitFor('five runs', worker, () => (loggedEvents(worker).length - before >= 5 ? true : undefined));
    await sleep(200);
    expect(loggedEvents(worker).length - before).toBe(5);
    expect((await fetch(`${worker.url}/_neosl/functions`)).status).toBe(401);
  });
});

describe('a function process whose run fails', () => {
  it('answers 502 failed with the last attempt\'s error, after the trigger\'s retry', async () => {
    const broken = await serve(['--function', 'broken', '--external-triggers']);
    try {
      const answer = await postEvent(broken.url, 'broken', ping('*/5 * * * *'));
      expect(answer.status).toBe(502);
      expect(answer.body).toMatchObject({ outcome: 'failed', error: { code: 'UPSTREAM_DOWN', message: expect.stringContaining('the upstream is down') } });
      // retry: { attempts: 1 }: two runs, both over before the answer, and no third.
      await waitFor('two runs', broken, () => (triggerRuns(broken, 'SCHEDULE').length >= 2 ? true : undefined));
      await sleep(200);
      expect(triggerRuns(broken, 'SCHEDULE').map((run) => run.path)).toEqual(['*/5 * * * *', '*/5 * * * * (attempt 2)']);
    } finally {
      expect(await broken.stop()).toBe(0);
    }
  }, 30_000);
});

describe('without --external-triggers', () => {
  it('the process runs its schedules itself and has no events route', async () => {
    const worker = await serve(['--function', 'worker'], { KN_API_HOST: 'api.internal' });
    try {
      await waitFor('a schedule run of its own', worker, () => triggerRuns(worker, 'SCHEDULE')[0]);
      const answer = await postEvent(worker.url, 'worker', ping('* * * * * *'));
      expect(answer.status).toBe(401);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
  }, 30_000);
});

describe('the environment rule and the flags', () => {
  it('a variable of the process environment overrides the key; a ${env.X} not set stops the start naming function, key and variable', async () => {
    const overridden = await serve(['--function', 'worker', '--external-triggers'], { KN_API_HOST: 'api.internal', GREETING: 'from the ConfigMap', API_BASE: 'https://override.example' });
    try {
      expect(await (await fetch(`${overridden.url}/worker`)).json()).toMatchObject({ greeting: 'from the ConfigMap', apiBase: 'https://override.example' });
    } finally {
      expect(await overridden.stop()).toBe(0);
    }

    const missing = await serveFails(['--store', join(dir, 'unused-store'), '--from-dir', app, '--function', 'worker', '--external-triggers'], { KN_API_HOST: undefined, API_BASE: undefined });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/worker/);
    expect(missing.stderr).toMatch(/API_BASE/);
    expect(missing.stderr).toMatch(/KN_API_HOST/);
    const json = await serveFails(['--json', '--store', join(dir, 'unused-store'), '--from-dir', app, '--function', 'worker'], { KN_API_HOST: undefined, API_BASE: undefined });
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'FUNCTION_ENV_MISSING' } });

    // Another function's pod lacks worker's variables and starts.
    const other = await serve(['--function', 'other', '--external-triggers'], { KN_API_HOST: undefined });
    try {
      expect(await (await fetch(`${other.url}/other`)).json()).toEqual({ fn: 'other' });
      expect((await fetch(`${other.url}/worker`)).status).toBe(404);
    } finally {
      expect(await other.stop()).toBe(0);
    }
  }, 60_000);

  it('an unknown --function is FUNCTION_NOT_FOUND naming the built ones; the flags need --from-dir (exit 2); --triggers-only runs no function', async () => {
    const unknown = await serveFails(['--json', '--store', join(dir, 'unused-store'), '--from-dir', app, '--function', 'nope']);
    expect(unknown.exitCode).toBe(1);
    const error = (JSON.parse(unknown.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('FUNCTION_NOT_FOUND');
    expect(error.message).toMatch(/worker, other, broken/);

    for (const flags of [['--function', 'worker'], ['--external-triggers'], ['--triggers-only']]) {
      const result = await serveFails(['--store', join(dir, 'unused-store'), ...flags]);
      expect(result.exitCode, flags.join(' ')).toBe(2);
      expect(result.stderr, flags.join(' ')).toMatch(/--from-dir/);
    }
    for (const flags of [['--function', 'worker'], ['--external-triggers']]) {
      const result = await serveFails(['--from-dir', app, '--triggers-only', ...flags]);
      expect(result.exitCode, flags.join(' ')).toBe(2);
    }
  }, 60_000);
});

describe('the trigger dispatcher: --triggers-only', () => {
  it('delivers the blocks of the chain to the function process named in NEOSL_FUNCTION_URLS', async () => {
    const worker = await serve(['--function', 'worker', '--external-triggers'], { KN_API_HOST: 'api.internal' });
    const dispatcher = await serve(['--triggers-only'], { NEOSL_FUNCTION_URLS: JSON.stringify({ worker: worker.url }) });
    try {
      const health = await fetch(`${dispatcher.url}/_neosl/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'dispatching', functions: ['worker'] });
      expect((await fetch(`${dispatcher.url}/functions/worker`, { method: 'POST' })).status).toBe(404);
      // No rpcUrl in the fixture: the embedded chain, with a warning that a cluster should name a node.
      expect(dispatcher.events()).toContainEqual(expect.objectContaining({ type: 'error', code: 'DISPATCHER_EMBEDDED_CHAIN', message: expect.stringContaining('blockchain.rpcUrl') }));

      // The embedded chain mines a block every second (blockchain.blockInterval's default).
      const delivered = await waitFor('a block delivered', worker, () => loggedEvents(worker).find((event) => event.type === 'block'));
      expect(delivered.index).toEqual(expect.any(Number));
      expect(triggerRuns(worker, 'BLOCK')[0]).toMatchObject({ functionName: 'worker', status: 200 });
      const shown = await waitFor('the delivery line', dispatcher, () => triggerRuns(dispatcher, 'BLOCK')[0]);
      expect(shown).toMatchObject({ functionName: 'worker', path: `#${delivered.index as number}`, status: 200 });
      // The worker still runs no schedule of its own.
      expect(triggerRuns(worker, 'SCHEDULE')).toEqual([]);
    } finally {
      expect(await dispatcher.stop()).toBe(0);
      expect(await worker.stop()).toBe(0);
    }
  }, 60_000);

  it('a subscribed function without a URL, or NEOSL_FUNCTION_URLS not JSON, stops the start naming it', async () => {
    const missing = await serveFails(['--from-dir', app, '--triggers-only'], { NEOSL_FUNCTION_URLS: JSON.stringify({ other: 'http://other.default.svc.cluster.local' }) });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/NEOSL_FUNCTION_URLS has no URL for function worker/);
    const unset = await serveFails(['--json', '--from-dir', app, '--triggers-only'], { NEOSL_FUNCTION_URLS: undefined });
    expect(unset.exitCode).toBe(1);
    expect(JSON.parse(unset.stdout)).toMatchObject({ error: { code: 'FUNCTION_URL_MISSING', message: expect.stringContaining('worker') } });
    const garbage = await serveFails(['--json', '--from-dir', app, '--triggers-only'], { NEOSL_FUNCTION_URLS: '{worker: nope' });
    expect(garbage.exitCode).toBe(1);
    expect(JSON.parse(garbage.stdout)).toMatchObject({ error: { code: 'FUNCTION_URLS_INVALID', message: expect.stringContaining('NEOSL_FUNCTION_URLS') } });
  }, 60_000);
});
