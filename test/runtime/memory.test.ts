// The `memory` limit covers an instance's memory outside the JS heap too (Buffers, ArrayBuffers):
// past it the instance is ended and what it held answers 502 OUT_OF_MEMORY, as for heap exhaustion.
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultEvent } from '../../src/runtime/fault.js';
import type { InvokeOutcome } from '../../src/runtime/index.js';
import { closeRuntimes, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);

function errorOf(outcome: InvokeOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

const threadOf = (outcome: InvokeOutcome) => (outcome as { value: { threadId: number } }).value.threadId;

describe('memory outside the JS heap', () => {
  it('40 × 4 MB Buffers in one synchronous loop with memory: 64 answer 502 OUT_OF_MEMORY; the next call gets a fresh instance', async () => {
    const runtime = startRuntime({ hoard: fn('hoard', 'buffers.mjs', { memoryMb: 64 }) });
    const small = await runtime.invoke('hoard', { count: 1, mb: 1 });
    expect(small).toMatchObject({ ok: true });
    const over = await runtime.invoke('hoard', { count: 40, mb: 4 });
    const error = errorOf(over);
    expect(error).toMatchObject({ code: 'OUT_OF_MEMORY', statusCode: 502, name: 'OutOfMemoryError', details: { memoryMb: 64 } });
    expect(error.message).toContain('exceeded memory limit of 64 MB');
    expect(error.message).toMatch(/Buffers\/ArrayBuffers 1\d\d MB/);
    expect((error.details as { externalMb: number }).externalMb).toBeGreaterThanOrEqual(160);

    const next = await runtime.invoke('hoard', { count: 1, mb: 1 });
    expect(next).toMatchObject({ ok: true, coldStart: true, value: { held: 1 } });
    expect(threadOf(next)).not.toBe(threadOf(small));
    expect(runtime.stats('hoard')).toMatchObject({ crashes: 1, instancesStarted: 2 });
  });

  it('an ArrayBuffer past the limit counts, written or not', async () => {
    const runtime = startRuntime({ arrayBuffer: fn('arrayBuffer', 'buffers.mjs', { memoryMb: 64 }) });
    expect(errorOf(await runtime.invoke('arrayBuffer', { mb: 100 })).code).toBe('OUT_OF_MEMORY');
    expect(await runtime.invoke('arrayBuffer', { mb: 8 })).toMatchObject({ ok: true, coldStart: true });
  });

  it('a function that stays below its limit with buffers, kept or dropped, is unaffected', async () => {
    const runtime = startRuntime({
      hoard: fn('hoard', 'buffers.mjs', { memoryMb: 64 }),
      scratch: fn('scratch', 'buffers.mjs', { memoryMb: 64 }),
    });
    const first = await runtime.invoke('hoard', { count: 6, mb: 4 });
    expect(first).toMatchObject({ ok: true, value: { held: 6 } });
    // 30 requests of 32 MB each in a 64 MB instance: more than the limit in garbage, never live at once.
    const threads = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const outcome = await runtime.invoke('scratch', { count: 8, mb: 4 });
      expect(outcome).toMatchObject({ ok: true });
      threads.add(threadOf(outcome));
    }
    expect(threads.size).toBe(1);
    expect(await runtime.invoke('hoard', { count: 0, mb: 4 })).toMatchObject({ ok: true, coldStart: false, value: { held: 6 } });
    expect(runtime.stats('scratch')).toMatchObject({ crashes: 0, errors: 0 });
    expect(runtime.stats('hoard')).toMatchObject({ crashes: 0, errors: 0 });
  });

  it('growth between awaits is caught long before the timeout', async () => {
    const runtime = startRuntime({ grows: fn('grows', 'buffers.mjs', { memoryMb: 64, timeoutMs: 20_000 }) });
    const started = performance.now();
    const outcome = await runtime.invoke('grows', {});
    expect(errorOf(outcome)).toMatchObject({ code: 'OUT_OF_MEMORY', statusCode: 502 });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('growth after the answer ends the instance and is reported as a fault outside any request', async () => {
    const runtime = startRuntime({ growsAfter: fn('growsAfter', 'buffers.mjs', { memoryMb: 64 }) });
    const faults: FaultEvent[] = [];
    runtime.events.on('fault', (event) => faults.push(event));
    const first = await runtime.invoke('growsAfter', {});
    expect(first).toMatchObject({ ok: true });
    await waitFor(() => faults.length > 0, 5000, 'the fault');
    expect(faults[0]).toMatchObject({ functionName: 'growsAfter', failedRequests: 0, replacement: 'next-request', error: { code: 'OUT_OF_MEMORY' } });
    expect(faults[0]!.message).toContain('exceeded memory limit of 64 MB');
    expect(faults[0]!.message).toContain('outside any request');
    expect(runtime.stats('growsAfter')).toMatchObject({ crashes: 1, instances: 0 });
  });
});
