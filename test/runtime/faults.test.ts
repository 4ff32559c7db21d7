// Faults after the answer (a timer that throws, a rejection nobody handles) end the instance as
// they end a Node process, and are reported: a `fault` event with the source-mapped stack, whether
// a request was in flight, and what serves next. Requests the instance held still answer 502.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultEvent } from '../../src/runtime/fault.js';
import type { Runtime } from '../../src/runtime/index.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { bundleSource, closeRuntimes, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);
afterAll(removeTempDirs);

const source = `interface Input { kind?: string }

function explode(): never {
  throw new Error('late');
}

export async function late(input: Input) {
  if (input.kind === 'timer') setTimeout(() => explode(), 10);
  if (input.kind === 'reject') void Promise.reject(new TypeError('nobody listens'));
  if (input.kind === 'rejectValue') void Promise.reject('just a string');
  if (input.kind === 'exit') setTimeout(() => process.exit(4), 10);
  if (input.kind === 'hang') return new Promise<never>(() => {});
  return { ok: true };
}

export function handled(): { ok: boolean } {
  process.on('uncaughtException', () => undefined);
  setTimeout(() => explode(), 10);
  return { ok: true };
}
`;

let bundleFile: string;

beforeAll(async () => {
  ({ bundleFile } = await bundleSource(makeTempDir('neosl-faults-'), 'late', source));
});

function collect(runtime: Runtime): FaultEvent[] {
  const faults: FaultEvent[] = [];
  runtime.events.on('fault', (event) => faults.push(event));
  return faults;
}

describe('faults outside a request', () => {
  it('a timer that throws after the answer: reported with the TypeScript line; the next call starts a new instance', async () => {
    const runtime = startRuntime({ late: fn('late', bundleFile) });
    const faults = collect(runtime);
    expect(await runtime.invoke('late', { kind: 'timer' })).toMatchObject({ ok: true, value: { ok: true } });
    await waitFor(() => faults.length === 1, 5000, 'the fault');
    const [fault] = faults;
    expect(fault).toMatchObject({
      functionName: 'late',
      version: 1,
      failedRequests: 0,
      replacement: 'next-request',
      error: { code: 'UNHANDLED_ERROR', name: 'UnhandledError', statusCode: 502, details: { origin: 'uncaughtException', name: 'Error', message: 'late' } },
    });
    expect(fault!.error.stack).toMatch(/^Error: late\n\s+at explode \(.*late\.ts:4:9\)/);
    expect(fault!.error.stack).not.toMatch(/late\.mjs|entry\.ts|node:internal/);
    expect(fault!.message).toBe(
      'late: an uncaught exception ended the instance: Error: late. This happened outside any request (after its answer was sent); the next request starts a new instance.',
    );
    expect(runtime.stats('late')).toMatchObject({ crashes: 1, instances: 0 });
    expect(await runtime.invoke('late', {})).toMatchObject({ ok: true, coldStart: true });
  });

  it('an unhandled rejection, of an Error or of another value', async () => {
    const runtime = startRuntime({ late: fn('late', bundleFile) });
    const faults = collect(runtime);
    await runtime.invoke('late', { kind: 'reject' });
    await waitFor(() => faults.length === 1, 5000, 'the first fault');
    expect(faults[0]!.error).toMatchObject({ code: 'UNHANDLED_ERROR', details: { origin: 'unhandledRejection', name: 'TypeError', message: 'nobody listens' } });
    expect(faults[0]!.error.stack).toMatch(/late\.ts:9:\d+/);
    expect(faults[0]!.message).toContain('late: an unhandled promise rejection ended the instance: TypeError: nobody listens.');

    await runtime.invoke('late', { kind: 'rejectValue' });
    await waitFor(() => faults.length === 2, 5000, 'the second fault');
    expect(faults[1]!.error.message).toBe('function "late": an unhandled promise rejection ended the instance: Error: the promise was rejected with a non-Error value: just a string');
  });

  it('with minInstances 1, a new instance is started and the message says so', async () => {
    const runtime = startRuntime({ late: fn('late', bundleFile, { scaling: { minInstances: 1 } }) });
    const faults = collect(runtime);
    await waitFor(() => runtime.stats('late').instancesStarted === 1, 15_000, 'the warm instance');
    // The early-crash guard does not replace an instance that dies within a second of starting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await runtime.invoke('late', { kind: 'timer' })).toMatchObject({ ok: true, coldStart: false });
    await waitFor(() => faults.length === 1, 5000, 'the fault');
    expect(faults[0]).toMatchObject({ replacement: 'started', failedRequests: 0 });
    expect(faults[0]!.message).toMatch(/; a new instance was started\.$/);
    await waitFor(() => runtime.stats('late').instancesStarted === 2, 15_000, 'the replacement');
    expect(await runtime.invoke('late', {})).toMatchObject({ ok: true, coldStart: false });
  });

  it('requests in flight on the instance still answer 502 INSTANCE_CRASHED; the fault says how many', async () => {
    const runtime = startRuntime({ late: fn('late', bundleFile) });
    const faults = collect(runtime);
    expect(await runtime.invoke('late', {})).toMatchObject({ ok: true });
    // Both on the one instance (targetConcurrency 80): the hang holds a request when the timer throws.
    const hanging = runtime.invoke('late', { kind: 'hang' });
    expect(await runtime.invoke('late', { kind: 'timer' })).toMatchObject({ ok: true, coldStart: false });
    const held = await hanging;
    expect(held).toMatchObject({ ok: false, error: { code: 'INSTANCE_CRASHED', statusCode: 502 } });
    expect(held.ok ? '' : held.error.message).toBe('function "late": the instance crashed: uncaught Error: late');
    await waitFor(() => faults.length === 1, 5000, 'the fault');
    expect(faults[0]).toMatchObject({ failedRequests: 1, error: { code: 'UNHANDLED_ERROR' } });
    expect(faults[0]!.message).toContain('. 1 request in flight on it answered 502; the next request starts a new instance.');
  });

  it('process.exit after the answer is reported as a crash outside any request', async () => {
    const runtime = startRuntime({ late: fn('late', bundleFile) });
    const faults = collect(runtime);
    await runtime.invoke('late', { kind: 'exit' });
    await waitFor(() => faults.length === 1, 5000, 'the fault');
    expect(faults[0]!.error).toMatchObject({ code: 'INSTANCE_CRASHED' });
    expect(faults[0]!.message).toBe(
      'late: the instance crashed: the thread exited with code 4 (process.exit() in the function?). This happened outside any request (after its answer was sent); the next request starts a new instance.',
    );
  });

  it('a busy loop terminated after its timeout is not a fault: its 504 reports it', async () => {
    const runtime = startRuntime({ spin: fn('spin', 'misbehaving.mjs', { timeoutMs: 300 }) });
    const faults = collect(runtime);
    expect(await runtime.invoke('spin', {})).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    await waitFor(() => runtime.stats('spin').crashes === 1, 5000, 'the termination');
    expect(faults).toHaveLength(0);
  });

  it("a function that handles 'uncaughtException' itself keeps its instance (no fault)", async () => {
    const runtime = startRuntime({ handled: fn('handled', bundleFile, { exportName: 'handled' }) });
    const faults = collect(runtime);
    const first = await runtime.invoke('handled', {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(faults).toHaveLength(0);
    expect(await runtime.invoke('handled', {})).toMatchObject({ ok: true, coldStart: false });
    expect(first.ok).toBe(true);
  });
});
