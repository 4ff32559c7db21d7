// What a function reaches from its instance: the shared redis level, the shared database file, the
// chain through the `blockchain` import, other functions; and what reaches the host: logs, metrics
// and spans as events, errors with source-mapped stacks.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain } from '../../src/backends/chain/local-chain.js';
import type { LogRecord } from '../../src/sdk/context.js';
import type { ConsoleEvent, MetricsEvent, SpanEvent } from '../../src/runtime/index.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { bundleSource, closeRuntimes, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);
afterAll(removeTempDirs);

describe('shared backends', () => {
  it('the redis level is shared between instances; the memory level is not', async () => {
    const runtime = startRuntime({ cacheWrite: fn('cacheWrite', 'services.mjs'), cacheRead: fn('cacheRead', 'services.mjs') });
    const key = `runtime-test:${randomUUID()}`;
    const written = await runtime.invoke('cacheWrite', { key, value: 42 });
    expect(written.ok).toBe(true);
    const read = await runtime.invoke('cacheRead', { key });
    expect(read).toMatchObject({ ok: true, value: { redis: { value: 42 }, memory: null } });
    expect((read as { value: { threadId: number } }).value.threadId).not.toBe((written as { value: { threadId: number } }).value.threadId);
  });

  it('every instance opens the same SQLite file', async () => {
    const databaseFile = join(makeTempDir('neosl-runtime-'), 'state', 'db.sqlite');
    const runtime = startRuntime({ dbInsert: fn('dbInsert', 'services.mjs'), dbFind: fn('dbFind', 'services.mjs') }, { state: { databaseFile } });
    const text = `note ${randomUUID()}`;
    expect(await runtime.invoke('dbInsert', { text })).toMatchObject({ ok: true, value: { insertedId: expect.any(String) } });
    const found = await runtime.invoke('dbFind', { text });
    expect(found).toMatchObject({ ok: true, value: { notes: [text] } });
    expect(readFileSync(databaseFile).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it("':memory:' state is shared by the instances too", async () => {
    const runtime = startRuntime({ dbInsert: fn('dbInsert', 'services.mjs'), dbFind: fn('dbFind', 'services.mjs') });
    await runtime.invoke('dbInsert', { text: 'in memory' });
    expect(await runtime.invoke('dbFind', { text: 'in memory' })).toMatchObject({ ok: true, value: { notes: ['in memory'] } });
  });
});

describe('observability', () => {
  it('logs, metrics and spans arrive as events with the requestId; the outcome carries the request\'s logs', async () => {
    const runtime = startRuntime(
      { observe: fn('observe', 'services.mjs', { environment: { GREETING: 'hi' }, permissions: ['secrets:read'] }) },
      { env: { GREETING: 'project', OTHER: 'x' }, secrets: { API_KEY: 's3cret' } },
    );
    const logs: LogRecord[] = [];
    const metrics: MetricsEvent[] = [];
    const spans: SpanEvent[] = [];
    runtime.events.on('log', (record) => logs.push(record));
    runtime.events.on('metrics', (event) => metrics.push(event));
    runtime.events.on('span', (event) => spans.push(event));

    const outcome = await runtime.invoke('observe', { n: 7 }, { requestId: 'req-1' });
    expect(outcome).toMatchObject({ ok: true, requestId: 'req-1', value: { requestId: 'req-1', env: 'hi', secret: 's3cret' } });
    expect(outcome.logs).toMatchObject([
      { level: 'info', message: 'hello from the function', requestId: 'req-1', functionName: 'observe', fields: { n: 7 } },
      { level: 'warn', message: 'done', requestId: 'req-1' },
    ]);
    expect(logs).toEqual(outcome.logs);
    expect(metrics).toEqual([
      {
        functionName: 'observe',
        updates: [
          { kind: 'counter', name: 'greetings', value: 1, requestId: 'req-1' },
          { kind: 'histogram', name: 'size', value: 7, requestId: 'req-1' },
        ],
      },
    ]);
    expect(spans).toMatchObject([{ functionName: 'observe', requestId: 'req-1', span: { name: 'work', status: 'unset' } }]);

    await runtime.invoke('observe', { n: 3 }, { requestId: 'req-2' });
    const snapshot = runtime.metricsSnapshot('observe');
    expect(snapshot.counters).toEqual({ greetings: 2 });
    expect(snapshot.histograms.size).toMatchObject({ count: 2, sum: 10 });
  });

  it('reports each invocation as an event', async () => {
    const runtime = startRuntime({ echo: fn('echo', 'misbehaving.mjs'), exit: fn('exit', 'misbehaving.mjs') });
    const invocations: unknown[] = [];
    runtime.events.on('invocation', (event) => invocations.push(event));
    await runtime.invoke('echo', {}, { requestId: 'a' });
    await runtime.invoke('exit', {}, { requestId: 'b' });
    expect(invocations).toMatchObject([
      { functionName: 'echo', requestId: 'a', ok: true, coldStart: true, durationMs: expect.any(Number) },
      { functionName: 'exit', requestId: 'b', ok: false, code: 'INSTANCE_CRASHED', statusCode: 502 },
    ]);
  });

  it("routes a function's console output to the 'console' event (never to the host's stdout)", async () => {
    const runtime = startRuntime({ shout: fn('shout', 'services.mjs') });
    const output: ConsoleEvent[] = [];
    runtime.events.on('console', (event) => output.push(event));
    expect(await runtime.invoke('shout', {})).toMatchObject({ ok: true, value: 'shouted' });
    await waitFor(() => output.length >= 2, 5000, 'the console output');
    expect(output.map(({ stream, text }) => [stream, text]).sort()).toEqual([
      ['stderr', 'and on stderr\n'],
      ['stdout', 'shouting on stdout\n'],
    ]);
    expect(output[0]).toMatchObject({ functionName: 'shout', instanceId: expect.any(Number) });
  });
});

describe('the SDK inside a function', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('neosl-runtime-bundles-');
  });

  it('the `blockchain` import talks to the host\'s chain, and chain errors keep their code', async () => {
    const { bundleFile } = await bundleSource(
      dir,
      'chain',
      `import { blockchain } from '@neo-service/sdk/blockchain';
export async function chain() {
  const height = await blockchain.getBlockCount();
  const error = await blockchain.getBlock(999_999).catch((e: any) => ({ name: e.name, code: e.code, message: e.message }));
  return { height, error };
}
`,
    );
    const local = createLocalChain();
    await local.mineBlock();
    await local.mineBlock();
    try {
      const runtime = startRuntime({ chain: fn('chain', bundleFile) }, { blockchain: local.blockchain });
      expect(await runtime.invoke('chain', {})).toMatchObject({
        ok: true,
        value: { height: await local.blockchain.getBlockCount(), error: { name: 'RpcError', code: -101, message: 'Unknown block' } },
      });
    } finally {
      local.close();
    }
  });

  it('a NeoError keeps its code, statusCode and details', async () => {
    const { bundleFile } = await bundleSource(
      dir,
      'neo-error',
      `import { NeoError } from '@neo-service/sdk/function';
export default async function () {
  throw new NeoError('NOT_FOUND', 'no such block', { index: 5 });
}
`,
    );
    const runtime = startRuntime({ lookup: fn('lookup', bundleFile) });
    const outcome = await runtime.invoke('lookup', {});
    expect(outcome).toMatchObject({ ok: false, error: { name: 'NeoError', code: 'NOT_FOUND', statusCode: 404, message: 'no such block', details: { index: 5 } } });
  });

  it('the stack of an error in a bundle with a source map points at the TypeScript source line', async () => {
    const { bundleFile } = await bundleSource(
      dir,
      'mapped',
      `interface Input { n: number }

function check(input: Input): number {
  if (input.n > 1) {
    throw new Error('n is too big');
  }
  return input.n;
}

export async function mapped(input: Input) {
  return { n: check(input) };
}
`,
    );
    const runtime = startRuntime({ mapped: fn('mapped', bundleFile) });
    const outcome = await runtime.invoke('mapped', { n: 2 });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'Error', message: 'n is too big', code: 'FUNCTION_ERROR', statusCode: 500 } });
    const stack = outcome.ok ? '' : outcome.error.stack!;
    expect(stack).toMatch(/mapped\.ts:5:\d+/);
    expect(stack).toMatch(/mapped\.ts:11:\d+/);
    expect(stack).not.toMatch(/mapped\.mjs:/);
  });

  it('context.functions.execute runs another function through the runtime; its errors keep their code', async () => {
    const runtime = startRuntime({
      callOther: fn('callOther', 'services.mjs', { permissions: ['functions:execute'] }),
      double: fn('double', 'services.mjs'),
      callMissing: fn('callMissing', 'services.mjs', { permissions: ['functions:execute'] }),
    });
    expect(await runtime.invoke('callOther', { n: 21 })).toMatchObject({ ok: true, value: { doubled: 42 } });
    expect(runtime.stats('double').invocations).toBe(1);
    expect(await runtime.invoke('callOther', { n: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', statusCode: 400, message: 'n must be a number' } });
    expect(await runtime.invoke('callMissing', {})).toMatchObject({
      ok: true,
      value: { code: 'FUNCTION_NOT_FOUND', message: 'unknown function "nope": the known functions are: callOther, double, callMissing' },
    });
  });
});
