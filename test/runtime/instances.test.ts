// Instances keep module scope, pools scale by targetConcurrency, idle instances cool down, and a
// reload swaps versions without dropping requests in flight.
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceEvent } from '../../src/runtime/index.js';
import { closeRuntimes, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);

describe('instances', () => {
  it('keeps module scope between two invocations of a warm instance, and says which was cold', async () => {
    const runtime = startRuntime({ counter: fn('counter', 'counter.mjs') });
    const first = await runtime.invoke('counter', {});
    const second = await runtime.invoke('counter', {});
    expect(first).toMatchObject({ ok: true, value: { count: 1 }, coldStart: true });
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second).toMatchObject({ ok: true, value: { count: 2 }, coldStart: false });
    expect(second.initDurationMs).toBeUndefined();
    expect(runtime.stats('counter')).toMatchObject({ instances: 1, coldStarts: 1, warmStarts: 1, invocations: 2, errors: 0, instancesStarted: 1 });
  });

  it('keeps minInstances warm from the start: the first request is warm', async () => {
    const runtime = startRuntime({ counter: fn('counter', 'counter.mjs', { scaling: { minInstances: 1 } }) });
    await waitFor(() => runtime.stats('counter').instancesStarted === 1, 15_000, 'the warm instance');
    expect(await runtime.invoke('counter', {})).toMatchObject({ ok: true, value: { count: 1 }, coldStart: false });
  });

  it('starts an instance per request above targetConcurrency, up to maxInstances, then queues', async () => {
    const runtime = startRuntime({ slow: fn('slow', 'slow.mjs', { scaling: { targetConcurrency: 1, maxInstances: 3 } }) });
    const calls = [1, 2, 3].map(() => runtime.invoke('slow', { ms: 400 }));
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((outcome) => outcome.ok && outcome.coldStart)).toBe(true);
    const threads = new Set(outcomes.map((outcome) => (outcome.ok ? (outcome.value as { threadId: number }).threadId : -1)));
    expect(threads.size).toBe(3);
    expect(runtime.stats('slow')).toMatchObject({ instances: 3, instancesStarted: 3, coldStarts: 3 });

    // A fourth concurrent request waits for a free instance instead of starting a fourth.
    const four = [1, 2, 3, 4].map(() => runtime.invoke('slow', { ms: 300 }));
    await waitFor(() => runtime.stats('slow').queued === 1, 5000, 'a queued request');
    const more = await Promise.all(four);
    expect(more.every((outcome) => outcome.ok && !outcome.coldStart)).toBe(true);
    expect(new Set(more.map((outcome) => (outcome.ok ? (outcome.value as { threadId: number }).threadId : -1)))).toEqual(threads);
    expect(runtime.stats('slow')).toMatchObject({ instances: 3, instancesStarted: 3, queued: 0, inFlight: 0 });
  });

  it('stops idle instances above minInstances after cooldownMs', async () => {
    const runtime = startRuntime({
      slow: fn('slow', 'slow.mjs', { scaling: { minInstances: 1, maxInstances: 3, targetConcurrency: 1, cooldownMs: 300 } }),
    });
    const stops: InstanceEvent[] = [];
    runtime.events.on('instance', (event) => event.type === 'stop' && stops.push(event));
    await Promise.all([1, 2, 3].map(() => runtime.invoke('slow', { ms: 200 })));
    // Three were started (on a loaded machine the first may already be cooling down by now).
    expect(runtime.stats('slow').instancesStarted).toBe(3);
    await waitFor(() => runtime.stats('slow').instances === 1, 10_000, 'the cooldown');
    expect(stops).toHaveLength(2);
    // The one kept warm still answers, warm.
    expect(await runtime.invoke('slow', {})).toMatchObject({ ok: true, coldStart: false });
  });

  it('reload: new requests go to the new, already warm version; the one in flight finishes on the old, which then stops', async () => {
    const runtime = startRuntime({ slow: fn('slow', 'slow.mjs') });
    expect(await runtime.invoke('slow', {})).toMatchObject({ ok: true, value: { version: 1 } });
    const events: InstanceEvent[] = [];
    runtime.events.on('instance', (event) => events.push(event));

    const inFlight = runtime.invoke('slow', { ms: 1000 });
    await waitFor(() => runtime.stats('slow').inFlight === 1, 5000, 'the request in flight');
    await runtime.reload('slow', fn('slow', 'slow-v2.mjs'));
    expect(runtime.stats('slow')).toMatchObject({ version: 2, instances: 2 });

    const after = await runtime.invoke('slow', {});
    expect(after).toMatchObject({ ok: true, value: { version: 2 }, coldStart: false });
    expect(await inFlight).toMatchObject({ ok: true, value: { version: 1 } });
    await waitFor(() => events.some((event) => event.type === 'stop' && event.version === 1), 5000, 'the old version to stop');
    expect(runtime.stats('slow').instances).toBe(1);
  });

  it('reload keeps the old version serving when the new one cannot start', async () => {
    const runtime = startRuntime({ slow: fn('slow', 'slow.mjs') });
    expect(await runtime.invoke('slow', {})).toMatchObject({ ok: true, value: { version: 1 } });
    await expect(runtime.reload('slow', fn('slow', 'bad-exports.mjs', { exportName: 'notAFunction' }))).rejects.toMatchObject({
      code: 'EXPORT_NOT_A_FUNCTION',
    });
    expect(await runtime.invoke('slow', {})).toMatchObject({ ok: true, value: { version: 1 }, coldStart: false });
    expect(runtime.stats('slow').version).toBe(1);
  });

  it('remove: the request in flight finishes, its instances stop, later requests are refused', async () => {
    const runtime = startRuntime({ slow: fn('slow', 'slow.mjs'), counter: fn('counter', 'counter.mjs') });
    const stops: InstanceEvent[] = [];
    runtime.events.on('instance', (event) => event.type === 'stop' && stops.push(event));
    const inFlight = runtime.invoke('slow', { ms: 300 });
    await waitFor(() => runtime.stats('slow').inFlight === 1 && runtime.stats('slow').instancesStarted === 1, 15_000, 'the slow call running');
    const removed = runtime.remove('slow');
    expect(await runtime.invoke('slow', {})).toMatchObject({ ok: false });
    expect((await inFlight).ok).toBe(true);
    await removed;
    expect(stops.filter((event) => event.functionName === 'slow')).toHaveLength(1);
    expect(runtime.functionNames()).toEqual(['counter']);
    expect(await runtime.invoke('counter', {})).toMatchObject({ ok: true });
  });
});
