// Per-request log records, spans and metric updates cross the thread boundary only when someone
// consumes them (runtime.setEventInterest; the function host follows its 'log' listeners), while
// metric values always reach the host aggregated.
import { describe, expect, it, afterEach } from 'vitest';
import type { LogEvent } from '../../src/host/events.js';
import type { MetricsEvent, SpanEvent } from '../../src/runtime/index.js';
import type { LogRecord } from '../../src/sdk/context.js';
import { useHostFixture } from '../host/host-fixture.js';
import { closeRuntimes, fn, functionConfig, startRuntime } from './helpers.js';

afterEach(closeRuntimes);

const { bundle, createHost } = useHostFixture('neosl-event-interest-');

describe('runtime.setEventInterest', () => {
  it('sends nothing per request that nobody wants, and everything again once wanted; metric values are counted either way', async () => {
    const runtime = startRuntime({ observe: fn('observe', 'services.mjs', { permissions: ['secrets:read'] }) }, { secrets: { API_KEY: 'k' } });
    const logs: LogRecord[] = [];
    const spans: SpanEvent[] = [];
    const metrics: MetricsEvent[] = [];
    runtime.events.on('log', (record) => logs.push(record));
    runtime.events.on('span', (event) => spans.push(event));
    runtime.events.on('metrics', (event) => metrics.push(event));

    // The default: everything (neosl invoke prints outcome.logs).
    const first = await runtime.invoke('observe', { n: 1 }, { requestId: 'all' });
    expect(first).toMatchObject({ ok: true });
    expect(first.logs).toHaveLength(2);
    expect([logs.length, spans.length, metrics.length]).toEqual([2, 1, 1]);

    runtime.setEventInterest({ logs: false, spans: false, metrics: false });
    const quiet = await Promise.all([2, 3].map((n) => runtime.invoke('observe', { n }, { requestId: `quiet-${n}` })));
    for (const outcome of quiet) expect(outcome).toMatchObject({ ok: true, logs: [] });
    expect([logs.length, spans.length, metrics.length]).toEqual([2, 1, 1]);
    // Aggregated in the instance and sent as deltas: nothing lost.
    expect(runtime.metricsSnapshot('observe')).toMatchObject({ counters: { greetings: 3 }, histograms: { size: { count: 3, sum: 6, max: 3 } } });

    runtime.setEventInterest({ logs: true });
    const loud = await runtime.invoke('observe', { n: 4 }, { requestId: 'logs-again' });
    expect(loud.logs.map((record) => [record.requestId, record.message])).toEqual([
      ['logs-again', 'hello from the function'],
      ['logs-again', 'done'],
    ]);
    expect([logs.length, spans.length, metrics.length]).toEqual([4, 1, 1]);

    runtime.setEventInterest({ spans: true, metrics: true });
    await runtime.invoke('observe', { n: 5 }, { requestId: 'all-again' });
    expect(spans.at(-1)).toMatchObject({ requestId: 'all-again', span: { name: 'work' } });
    expect(metrics.at(-1)).toEqual({
      functionName: 'observe',
      updates: [
        { kind: 'counter', name: 'greetings', value: 1, requestId: 'all-again' },
        { kind: 'histogram', name: 'size', value: 5, requestId: 'all-again' },
      ],
    });
    // Not counted twice with the updates on.
    expect(runtime.metricsSnapshot('observe').counters).toEqual({ greetings: 5 });
  });

  it('reaches instances started later, and a new version of the function', async () => {
    const runtime = startRuntime({ observe: fn('observe', 'services.mjs', { permissions: ['secrets:read'] }) }, { secrets: { API_KEY: 'k' } });
    runtime.setEventInterest({ logs: false });
    // The first instance starts after the change.
    expect(await runtime.invoke('observe', { n: 1 })).toMatchObject({ ok: true, coldStart: true, logs: [] });
    await runtime.reload('observe', fn('observe', 'services.mjs', { permissions: ['secrets:read'] }));
    expect(await runtime.invoke('observe', { n: 1 })).toMatchObject({ ok: true, logs: [] });
    runtime.setEventInterest({ logs: true });
    expect((await runtime.invoke('observe', { n: 1 })).logs).toHaveLength(2);
  });
});

describe("the function host follows its events' 'log' listeners", () => {
  it('sends function logs while someone listens (the dev printer, the events stream), none once nobody does', async () => {
    const host = await createHost();
    const talker = bundle('talker', "export default function (input, context) { context.logger.info('said', { n: input.n }); return { n: input.n }; }\n");
    await host.activate(new Map([['talker', { key: 't1', definition: { config: functionConfig('talker'), bundleFile: talker } }]]), 'test');

    const shown: LogEvent[] = [];
    const follow = (event: LogEvent) => shown.push(event);
    host.events.on('log', follow);
    const heard = await host.runtime.invoke('talker', { n: 1 });
    expect(heard.logs).toMatchObject([{ message: 'said', fields: { n: 1 } }]);
    expect(shown.map((event) => event.record.message)).toEqual(['said']);

    // Nobody left (this removes the events stream's listener too, as if it had no clients).
    host.events.removeAllListeners('log');
    const unheard = await host.runtime.invoke('talker', { n: 2 });
    expect(unheard).toMatchObject({ ok: true, value: { n: 2 }, logs: [] });

    host.events.on('log', follow);
    const heardAgain = await host.runtime.invoke('talker', { n: 3 });
    expect(heardAgain.logs).toMatchObject([{ message: 'said', fields: { n: 3 } }]);
    expect(shown.map((event) => event.record.fields)).toEqual([{ n: 1 }, { n: 3 }]);
  });
});
