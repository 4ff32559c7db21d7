// Every code example of the performance guide, compiled with a generated project's compiler options
// and run against the local backends, with its observable result checked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TestContext } from '../../src/sdk/testing.js';
import { loadConfig } from '../../src/config/load.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// The guide as our users read it lives in ../shared; a copy here keeps the suite runnable in any clone,
// and a test below says when the two differ.
const sharedGuidePath = fileURLToPath(new URL('../../../shared/reference/neo-n3-service-layer-performance-guide.md', import.meta.url));
const guidePath = join(here, 'performance-guide.md');
const exampleFiles = readdirSync(join(here, 'examples')).filter((file) => file.endsWith('.ts'));
const contexts: TestContext[] = [];

/** An example module. Typed loosely here: the examples are type-checked on their own, above. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ExampleModule = Record<string, any> & { t: TestContext };

async function example(name: string): Promise<ExampleModule> {
  const module = (await import(`./examples/${name}.ts`)) as ExampleModule;
  if (module.t && !contexts.includes(module.t)) contexts.push(module.t);
  return module;
}

afterAll(async () => {
  for (const t of contexts) await t.cleanup();
  removeTempDirs();
});

function guideBlocks(language: string): string[] {
  const guide = readFileSync(guidePath, 'utf8');
  return [...guide.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((match) => match[1] === language).map((match) => match[2]!);
}

function embeddedExample(file: string): string {
  const text = readFileSync(join(here, 'examples', file), 'utf8');
  const match = /\/\/ --- guide example ---\n([\s\S]*?)\/\/ --- end of guide example ---/.exec(text);
  if (!match) throw new Error(`${file} has no guide example markers`);
  return match[1]!;
}

/** A guide line matches when equal, a `/* ... *\/` placeholder standing for whatever fills it in. */
function sameLines(guide: string, embedded: string): boolean {
  const guideLines = guide.trimEnd().split('\n');
  const embeddedLines = embedded.trimEnd().split('\n');
  if (guideLines.length !== embeddedLines.length) return false;
  return guideLines.every((line, index) => {
    const pattern = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/\\\* \\\.\\\.\\\. \\\*\//g, '.*\\/\\* \\.\\.\\. \\*\\/');
    return new RegExp(`^${pattern}$`).test(embeddedLines[index]!);
  });
}

describe('the guide examples, as written', () => {
  it('are all here, unchanged', () => {
    const blocks = guideBlocks('typescript');
    expect(blocks.length).toBe(16);
    const embedded = exampleFiles.map(embeddedExample);
    for (const block of blocks) {
      expect(embedded.some((text) => sameLines(block, text)), `guide example not found verbatim:\n${block.slice(0, 200)}`).toBe(true);
    }
    expect(embedded.length).toBe(blocks.length);
  });

  it.skipIf(!existsSync(sharedGuidePath))('come from the current guide (test/guide/performance-guide.md equals ../shared)', () => {
    expect(readFileSync(guidePath, 'utf8')).toBe(readFileSync(sharedGuidePath, 'utf8'));
  });

  it('type-check with the compiler options of a generated project', () => {
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(here, 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});

describe('Function Performance', () => {
  it('cold start: module-scope resources survive between calls, the second call is served from the Map', async () => {
    const m = await example('cold-start');
    const { createTestContext } = await import('../../src/sdk/testing.js');
    const t = await createTestContext();
    contexts.push(t);
    const first = await m.optimizedFunction({ key: 'k1' }, t.context);
    const second = await m.optimizedFunction({ key: 'k1' }, t.context);
    expect(second).toBe(first);
    expect(m.processRequestCalls).toBe(1);
    expect(m.cache.size).toBe(1);
  });

  it('memory management: gauges recorded, the dataset processed in batches of 100 with progress logs', async () => {
    const m = await example('memory-management');
    const gauges = m.t.metrics.snapshot().gauges;
    expect(gauges['function.memory.heap']).toBeGreaterThan(0);
    expect(gauges['function.memory.total']).toBeGreaterThanOrEqual(gauges['function.memory.heap']!);
    const data = Array.from({ length: 250 }, (_, i) => i);
    const results = await m.processLargeDataset(data, m.t.context);
    expect(results).toEqual(Array.from({ length: 250 }, (_, i) => i * 2));
    const progress = m.t.logs.filter((log) => log.message === 'Batch processed').map((log) => log.fields.progress);
    expect(progress).toEqual(['100/250', '200/250', '300/250']);
    expect(m.t.logs.every((log) => log.level === 'debug' && log.requestId === m.t.context.requestId)).toBe(true);
  });

  it('async operations: parallel keeps order and at most 5 in flight; sequential one at a time', async () => {
    const m = await example('async-operations');
    const { createTestContext } = await import('../../src/sdk/testing.js');
    const t = await createTestContext();
    contexts.push(t);
    const items = Array.from({ length: 12 }, (_, i) => i);
    expect(await m.processParallel(items, t.context)).toEqual(items.map((i) => i * 10));
    expect(m.concurrency.max).toBe(5);
    m.concurrency.max = 0;
    expect(await m.processSequential(items, t.context)).toEqual(items.map((i) => i * 10));
    expect(m.concurrency.max).toBe(1);
  });
});

describe('Caching Strategies', () => {
  it('in-memory cache: a miss, then a hit counted in metrics', async () => {
    const m = await example('in-memory-cache');
    const { createTestContext } = await import('../../src/sdk/testing.js');
    const t = await createTestContext();
    contexts.push(t);
    const first = await m.cachedFunction({ type: 'token', id: 7 }, t.context);
    const second = await m.cachedFunction({ type: 'token', id: 7 }, t.context);
    expect(second).toEqual(first);
    expect(m.freshDataCalls).toBe(1);
    expect(t.metrics.snapshot().counters).toMatchObject({ 'cache.miss': 1, 'cache.hit': 1 });

    // The entry is good for 60 s: a minute later the data is fetched again.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_001 });
    try {
      await m.cachedFunction({ type: 'token', id: 7 }, t.context);
    } finally {
      vi.useRealTimers();
    }
    expect(m.freshDataCalls).toBe(2);
    expect(t.metrics.snapshot().counters).toMatchObject({ 'cache.miss': 2, 'cache.hit': 1 });
  });

  it('redis cache: a miss stores JSON under the client prefix, the next call hits', async () => {
    const m = await example('redis-cache');
    const { context } = m.t;
    const first = await m.redisCachedFunction({ id: 'neo' }, context);
    const second = await m.redisCachedFunction({ id: 'neo' }, context);
    expect(second).toEqual(first);
    expect(m.freshDataCalls).toBe(1);
    expect(m.t.metrics.snapshot().counters).toMatchObject({ 'redis.miss': 1, 'redis.hit': 1 });
    expect(await context.cache.redis.get('function:data:neo')).toBe(JSON.stringify(first));
  });

  it('multi-level cache: L1 hit, then an L2 hit that fills L1, null when absent', async () => {
    const m = await example('multi-level-cache');
    const { createTestContext } = await import('../../src/sdk/testing.js');
    const t = await createTestContext();
    contexts.push(t);
    const cache = new m.MultiLevelCache(t.context);
    await cache.set('price:neo', { usd: 12.5 });
    expect(await cache.get('price:neo')).toEqual({ usd: 12.5 });
    expect(t.metrics.snapshot().counters['cache.l1.hit']).toBe(1);

    await t.context.cache.memory.delete('price:neo');
    expect(await cache.get('price:neo')).toEqual({ usd: 12.5 });
    expect(t.metrics.snapshot().counters['cache.l2.hit']).toBe(1);
    expect(await t.context.cache.memory.get('price:neo')).toEqual({ usd: 12.5 });
    expect(await cache.get('missing')).toBeNull();
  });
});

describe('Database Optimization', () => {
  it('query optimization: confirmed transactions after startTime, newest first, three fields, at most 100', async () => {
    const m = await example('query-optimization');
    const rows = m.result as Record<string, unknown>[];
    expect(rows.length).toBe(100);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['_id', 'hash', 'status', 'timestamp']);
      expect(row.status).toBe('confirmed');
      expect(row.timestamp as number).toBeGreaterThan(m.startTime);
    }
    const timestamps = rows.map((row) => row.timestamp as number);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => b - a));
    expect(timestamps[0]).toBe(m.startTime - 100_000 + 299 * 1_000);
  });

  it('connection pooling: a pooled client runs SQL and goes back to the pool', async () => {
    const m = await example('connection-pooling');
    const result = await m.executeQuery('SELECT ? + 1 AS answer', [41]);
    expect(result.rows).toEqual([{ answer: 42 }]);
    await Promise.all(Array.from({ length: 30 }, () => m.executeQuery('SELECT 1 AS one', [])));
  });

  it('batch operations: 2,500 records inserted in batches, then updated in bulk', async () => {
    const m = await example('batch-operations');
    const { database } = m.t.context;
    await m.batchInsert(Array.from({ length: 2500 }, (_, i) => ({ id: i, status: 'new' })));
    expect(await database.collection.countDocuments({})).toBe(2500);
    await m.batchUpdate([{ id: 3, status: 'done' }, { id: 2499, status: 'done', note: 'last' }]);
    expect(await database.collection.countDocuments({ status: 'done' })).toBe(2);
    expect(await database.collection.findOne({ id: 2499 })).toMatchObject({ id: 2499, status: 'done', note: 'last' });
    expect(await database.collection.findOne({ id: 4 })).toMatchObject({ status: 'new' });
  });
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Network Optimization', () => {
  it('HTTP client: retries a 503 and returns the data; a 404 is thrown without a timeout warning', async () => {
    const m = await example('http-client');
    let hits = 0;
    const server = createServer((request, response) => {
      hits++;
      if (request.url === '/missing') return void response.writeHead(404).end('no');
      if (hits === 1) return void response.writeHead(503).end('busy');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ height: 12 }));
    });
    const base = await listen(server);
    try {
      expect(await m.makeRequest(`${base}/data`)).toEqual({ height: 12 });
      expect(hits).toBe(2);
      await expect(m.makeRequest(`${base}/missing`)).rejects.toMatchObject({ status: 404 });
      expect(m.t.logs.filter((log) => log.message === 'Request timeout')).toEqual([]);
    } finally {
      // The module-scope client stays open for the next test, which closes it.
      server.close();
    }
  });

  it('HTTP client: past its 5 s timeout (3 tries, fake clock) it logs "Request timeout" and rethrows', async () => {
    const m = await example('http-client');
    const server = createServer(() => {
      // never answers
    });
    const base = await listen(server);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const outcome = m.makeRequest(`${base}/slow`).then(() => null, (error: unknown) => error);
      await vi.advanceTimersByTimeAsync(3 * 5000 + 2 * 5000);
      expect(await outcome).toMatchObject({ isTimeout: true, attempts: 3, url: `${base}/slow` });
      expect(m.t.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Request timeout', fields: { url: `${base}/slow` } }));
    } finally {
      vi.useRealTimers();
      m.client.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('WebSocket manager: one open socket per URL, a new one after it closes', async () => {
    const m = await example('websocket');
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const manager = new m.WebSocketManager();
      const first = await manager.getConnection(url);
      expect(first.readyState).toBe(1);
      expect(await manager.getConnection(url)).toBe(first);
      first.close();
      await new Promise((resolve) => first.once('close', resolve));
      const second = await manager.getConnection(url);
      expect(second).not.toBe(first);
      expect(second.readyState).toBe(1);
      second.close();
    } finally {
      server.close();
    }
  });
});

describe('Monitoring and Profiling', () => {
  it('performance metrics: the timer duration lands in the histogram; memory and cpu gauges', async () => {
    const m = await example('performance-metrics');
    const snapshot = m.t.metrics.snapshot();
    expect(snapshot.histograms['function.duration']).toMatchObject({ count: 1, sum: m.timer.end() });
    expect(m.timer.end()).toBeGreaterThanOrEqual(0);
    expect(snapshot.gauges['function.memory']).toBeGreaterThan(0);
    expect(snapshot.gauges['function.cpu']).toBeGreaterThan(0);
  });

  it('performance tracing: the database span nests under processRequest in one trace', async () => {
    const m = await example('performance-tracing');
    const spans = m.t.spans;
    const parent = spans.find((span) => span.name === 'processRequest')!;
    const child = spans.find((span) => span.name === 'database.query')!;
    expect(parent.attributes).toEqual({ 'input.size': 12 });
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(child.traceId).toBe(parent.traceId);
    expect(parent.parentSpanId).toBeUndefined();
    expect(child.durationMs).toBeLessThanOrEqual(parent.durationMs);
    expect(spans.map((span) => span.name)).toEqual(['database.query', 'processRequest']);
  });

  it('performance logging: structured info and a slow-operation warning', async () => {
    const m = await example('performance-logging');
    const [info, warn] = m.t.logs;
    expect(info).toMatchObject({ level: 'info', message: 'Performance metrics' });
    expect(info!.fields).toHaveProperty('memory.heapUsed');
    expect(info!.fields).toHaveProperty('cpu.user');
    expect(typeof info!.fields.duration).toBe('number');
    expect(warn).toMatchObject({ level: 'warn', message: 'Slow operation detected', fields: { operation: 'processRequest', duration: 250, threshold: 100 } });
  });
});

describe('Scaling Strategies', () => {
  it('horizontal scaling: the YAML validates in neosl.yaml with its values', async () => {
    const [yaml] = guideBlocks('yaml');
    const dir = makeTempDir();
    mkdirSync(join(dir, 'functions', 'myFunction'), { recursive: true });
    writeFileSync(join(dir, 'functions', 'myFunction', 'index.ts'), 'export const myFunction = () => 1;\n');
    writeFileSync(join(dir, 'neosl.yaml'), `name: scaling-demo\n${yaml!.replace(/^#.*\n/, '')}`);
    const { config } = await loadConfig({ cwd: dir });
    expect(config.functions.myFunction!.scaling).toMatchObject({ minInstances: 2, maxInstances: 10, targetConcurrency: 80, cooldownMs: 300_000 });
  });

  it('load balancing: the configured balancer rotates between its targets', async () => {
    const m = await example('load-balancing');
    try {
      const picks = [m.loadBalancer.next().url, m.loadBalancer.next().url, m.loadBalancer.next().url];
      expect(picks).toEqual(['http://service-1', 'http://service-2', 'http://service-1']);
    } finally {
      m.loadBalancer.close();
    }
  });

  it('rate limiting: 100 calls pass, the 101st is refused with the configured message', async () => {
    const m = await example('rate-limiting');
    const { createTestContext } = await import('../../src/sdk/testing.js');
    const t = await createTestContext();
    contexts.push(t);
    for (let i = 0; i < 100; i++) await m.rateLimitedFunction({ i }, t.context);
    await expect(m.rateLimitedFunction({ i: 100 }, t.context)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: 'Too many requests', statusCode: 429 });
  });
});
