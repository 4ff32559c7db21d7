// The invoke protocol batched per event-loop turn (one message per instance each way) keeps each
// request on its own: a value structured clone refuses fails (or reshapes) its own request only, and
// a handler that blocks its thread holds up only the requests of its own instance.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeOutcome, Runtime } from '../../src/runtime/index.js';
import { closeRuntimes, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);

let dir = '';
let bundleFile = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'neosl-batching-'));
  bundleFile = join(dir, 'batch-mates.mjs');
  // One function that answers, spins, or returns what structured clone refuses, as its input says:
  // batch-mates of one function share its instances.
  writeFileSync(
    bundleFile,
    `import { threadId } from 'node:worker_threads';
export function mate(input) {
  if (input.spin) for (;;) {}
  if (input.exit) process.exit(3);
  // A Promise passes the JSON walk (no own keys) but structured clone refuses it.
  if (input.promise) return { n: input.n, pending: Promise.resolve(1) };
  // Read once by the walk, then throwing: neither structured clone nor JSON can copy it.
  if (input.flaky) {
    let reads = 0;
    return { get flaky() { if (++reads > 1) throw new Error('read more than once'); return 1; } };
  }
  return { n: input.n, threadId };
}
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mate(overrides: Parameters<typeof fn>[2] = {}) {
  return fn('mate', bundleFile, overrides);
}

/** Several invocations made in one turn of the event loop: they leave in one batch per instance. */
function inOneTurn(runtime: Runtime, inputs: unknown[]): Promise<InvokeOutcome[]> {
  return Promise.all(inputs.map((input) => runtime.invoke('mate', input)));
}

describe('batched invocations: isolation', () => {
  it('a return value structured clone refuses answers as JSON, one neither can copy fails alone (UNSERIALIZABLE_RESULT); its batch-mates answer their own values', async () => {
    const runtime = startRuntime({ mate: mate({ scaling: { maxInstances: 1 } }) });
    await runtime.invoke('mate', { n: 0 });
    const [first, promise, flaky, last] = await inOneTurn(runtime, [{ n: 1 }, { promise: true, n: 2 }, { flaky: true }, { n: 3 }]);
    expect(first).toMatchObject({ ok: true, value: { n: 1 } });
    expect(promise).toMatchObject({ ok: true, value: { n: 2, pending: {} } });
    expect(flaky).toMatchObject({ ok: false, error: { code: 'UNSERIALIZABLE_RESULT', statusCode: 500 } });
    expect(flaky.ok ? '' : flaky.error.message).toContain('read more than once');
    expect(last).toMatchObject({ ok: true, value: { n: 3 } });
    // One instance answered all of them.
    const threads = new Set([first, last].map((outcome) => (outcome.ok ? (outcome.value as { threadId: number }).threadId : 0)));
    expect(threads.size).toBe(1);
  });

  it('an input structured clone refuses fails alone (INVALID_INPUT, 400); its batch-mates run', async () => {
    const runtime = startRuntime({ mate: mate({ scaling: { maxInstances: 1 } }) });
    await runtime.invoke('mate', { n: 0 });
    const [before, refused, after] = await inOneTurn(runtime, [{ n: 1 }, { n: 2, callback: () => 1 }, { n: 3 }]);
    expect(before).toMatchObject({ ok: true, value: { n: 1 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', statusCode: 400 } });
    expect(refused.ok ? '' : refused.error.message).toContain('the input cannot be sent to the function');
    expect(after).toMatchObject({ ok: true, value: { n: 3 } });
    expect(runtime.stats('mate')).toMatchObject({ inFlight: 0, crashes: 0 });
  });

  it('a batch-mate that ends its thread (process.exit): the answers finished before it still leave; those after it never ran (502)', async () => {
    const runtime = startRuntime({ mate: mate({ scaling: { maxInstances: 1 } }) });
    await runtime.invoke('mate', { n: 0 });
    const [before, exit, after] = await inOneTurn(runtime, [{ n: 1 }, { exit: true }, { n: 2 }]);
    expect(before).toMatchObject({ ok: true, value: { n: 1 } });
    expect(exit).toMatchObject({ ok: false, error: { code: 'INSTANCE_CRASHED', statusCode: 502 } });
    expect(after).toMatchObject({ ok: false, error: { code: 'INSTANCE_CRASHED', statusCode: 502 } });
    expect(await runtime.invoke('mate', { n: 3 })).toMatchObject({ ok: true, value: { n: 3 } });
  });

  it('batch-mates on other instances answer while one handler busy-loops until its timeout (504)', async () => {
    // One request per instance: the spin and its batch-mates land on three instances.
    const runtime = startRuntime({ mate: mate({ timeoutMs: 400, scaling: { minInstances: 3, maxInstances: 3, targetConcurrency: 1 } }) });
    await waitFor(() => runtime.stats('mate').instancesStarted === 3, 10_000, 'three warm instances');
    let spinning = true;
    const spin = runtime.invoke('mate', { spin: true }).finally(() => (spinning = false));
    const mates = await inOneTurn(runtime, [{ n: 1 }, { n: 2 }]);
    expect(spinning).toBe(true);
    expect(mates).toMatchObject([
      { ok: true, value: { n: 1 } },
      { ok: true, value: { n: 2 } },
    ]);
    const threads = new Set(mates.map((outcome) => (outcome.ok ? (outcome.value as { threadId: number }).threadId : 0)));
    expect(threads.size).toBe(2);
    expect(await spin).toMatchObject({ ok: false, error: { code: 'TIMEOUT', statusCode: 504 } });
  });

  it('batch-mates on the SAME instance as a busy loop time out with it (504); requests that arrive while the host probes it are redispatched to a new instance and answer', async () => {
    // Why they time out: the instance's one thread runs a batch's handlers in turn and sends their
    // answers at the end of the turn. A handler that never ends the turn holds back the answers of
    // batch-mates that ran before it and never starts those after it, as it would hold back any
    // request queued on that thread. All were sent in one turn, so all share the spin's deadline.
    const runtime = startRuntime({ mate: mate({ timeoutMs: 400, scaling: { maxInstances: 2 } }) });
    const warm = await runtime.invoke('mate', { n: 0 });
    const [before, spin, after] = await inOneTurn(runtime, [{ n: 1 }, { spin: true }, { n: 2 }]);
    for (const outcome of [before, spin, after]) expect(outcome).toMatchObject({ ok: false, error: { code: 'TIMEOUT', statusCode: 504 } });

    // The instance is being probed (it does not answer a ping within 100 ms): a request now waits
    // for the verdict and, the instance terminated, runs on a new one.
    const held = await runtime.invoke('mate', { n: 4 });
    expect(held).toMatchObject({ ok: true, value: { n: 4 } });
    expect((held.ok && (held.value as { threadId: number }).threadId) !== (warm.ok && (warm.value as { threadId: number }).threadId)).toBe(true);
    await waitFor(() => runtime.stats('mate').crashes === 1, 5000, 'the spinning instance to be terminated');
  });
});
