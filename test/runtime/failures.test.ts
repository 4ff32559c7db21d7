// Bad functions get clear errors with the right code and status; the runtime and the other
// functions keep answering.
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceEvent, InvokeOutcome } from '../../src/runtime/index.js';
import { closeRuntimes, fixture, fn, startRuntime, waitFor } from './helpers.js';

afterEach(closeRuntimes);

function errorOf(outcome: InvokeOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

describe('timeouts', () => {
  it('terminates a while(true) function at its timeout while another function keeps answering', async () => {
    const runtime = startRuntime({
      spin: fn('spin', 'misbehaving.mjs', { timeoutMs: 300 }),
      echo: fn('echo', 'misbehaving.mjs'),
    });
    const events: InstanceEvent[] = [];
    runtime.events.on('instance', (event) => events.push(event));
    expect(await runtime.invoke('echo', { n: 0 })).toMatchObject({ ok: true });

    let spinning = true;
    const spin = runtime.invoke('spin', {}).finally(() => (spinning = false));
    const latencies: number[] = [];
    while (spinning) {
      const started = performance.now();
      expect(await runtime.invoke('echo', { n: latencies.length })).toMatchObject({ ok: true, value: { input: { n: latencies.length } } });
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(250);

    const error = errorOf(await spin);
    expect(error).toMatchObject({ code: 'TIMEOUT', statusCode: 504 });
    expect(error.message).toContain('"spin"');
    expect(error.message).toContain('300 ms');
    const timedOut = await spin;
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(295);
    expect(timedOut.durationMs).toBeLessThan(1000);

    // The stuck instance is terminated and the next request gets a new one.
    await waitFor(() => events.some((event) => event.functionName === 'spin' && event.type === 'crash'), 5000, 'the spin instance to be terminated');
    expect(events.find((event) => event.type === 'crash')?.error?.message).toContain('did not yield');
    const next = runtime.invoke('spin', {});
    expect(errorOf(await next).code).toBe('TIMEOUT');
    expect((await next).coldStart).toBe(true);
    await waitFor(() => runtime.stats('spin').crashes === 2, 5000, 'the second spin instance to be terminated');
    expect(runtime.stats('spin').instancesStarted).toBe(2);
  });

  it('times out a promise that never settles, keeping the instance (it still yields)', async () => {
    const runtime = startRuntime({ hang: fn('hang', 'misbehaving.mjs', { timeoutMs: 300 }) });
    const first = await runtime.invoke('hang', {});
    expect(errorOf(first)).toMatchObject({ code: 'TIMEOUT', statusCode: 504, name: 'TimeoutError' });
    const second = await runtime.invoke('hang', {});
    expect(errorOf(second).code).toBe('TIMEOUT');
    expect(second.coldStart).toBe(false);
    expect(runtime.stats('hang')).toMatchObject({ crashes: 0, instancesStarted: 1, errors: 2 });
  });
});

describe('memory and crashes', () => {
  it('an instance over its memory limit dies alone with OUT_OF_MEMORY; the next call gets a new instance', async () => {
    const runtime = startRuntime({ hog: fn('hog', 'misbehaving.mjs', { memoryMb: 32 }), echo: fn('echo', 'misbehaving.mjs') });
    const echo = await runtime.invoke('echo', {});
    const hog = await runtime.invoke('hog', { hog: true });
    expect(errorOf(hog)).toMatchObject({ code: 'OUT_OF_MEMORY', statusCode: 502 });
    expect(errorOf(hog).message).toContain('exceeded memory limit of 32 MB');
    const next = await runtime.invoke('hog', {});
    expect(next).toMatchObject({ ok: true, coldStart: true, value: { ok: true } });
    // The other function's instance was not touched.
    expect(await runtime.invoke('echo', {})).toMatchObject({ ok: true, coldStart: false, value: { threadId: (echo as { value: { threadId: number } }).value.threadId } });
  });

  it('process.exit in the function fails only that instance\'s requests, and the pool replaces it', async () => {
    const runtime = startRuntime({ exit: fn('exit', 'misbehaving.mjs'), echo: fn('echo', 'misbehaving.mjs') });
    expect(await runtime.invoke('echo', {})).toMatchObject({ ok: true });
    const error = errorOf(await runtime.invoke('exit', {}));
    expect(error).toMatchObject({ code: 'INSTANCE_CRASHED', statusCode: 502 });
    expect(error.message).toContain('exited with code 3');
    expect(await runtime.invoke('echo', {})).toMatchObject({ ok: true, coldStart: false });
    expect(runtime.stats('exit')).toMatchObject({ crashes: 1 });
  });

  it('a crashed instance is replaced at once when minInstances asks for one kept warm', async () => {
    const runtime = startRuntime({ exit: fn('exit', 'misbehaving.mjs', { scaling: { minInstances: 1 } }) });
    await waitFor(() => runtime.stats('exit').instancesStarted === 1, 15_000, 'the warm instance');
    expect(errorOf(await runtime.invoke('exit', {})).code).toBe('INSTANCE_CRASHED');
    await waitFor(() => runtime.stats('exit').instancesStarted === 2, 15_000, 'the replacement');
    expect(runtime.stats('exit')).toMatchObject({ instances: 1, crashes: 1 });
  });

  it('an uncaught exception in a timer crashes the instance with its message', async () => {
    const runtime = startRuntime({ timerThrow: fn('timerThrow', 'misbehaving.mjs') });
    const error = errorOf(await runtime.invoke('timerThrow', {}));
    expect(error).toMatchObject({ code: 'INSTANCE_CRASHED', statusCode: 502 });
    expect(error.message).toContain('boom from a timer');
    expect(error.stack).toContain('misbehaving.mjs');
  });
});

describe('what functions throw and return', () => {
  it('a thrown non-Error is shown in the message', async () => {
    const runtime = startRuntime({ throwString: fn('throwString', 'misbehaving.mjs'), throwObject: fn('throwObject', 'misbehaving.mjs') });
    const string = errorOf(await runtime.invoke('throwString', {}));
    expect(string).toMatchObject({ code: 'FUNCTION_ERROR', statusCode: 500, details: { thrown: 'oops' } });
    expect(string.message).toContain("threw a non-Error value: 'oops'");
    const object = errorOf(await runtime.invoke('throwObject', {}));
    expect(object.message).toContain('threw a non-Error value: { code: 1 }');
    expect(object.code).toBe('FUNCTION_ERROR');
  });

  it('a return value JSON cannot carry is an error naming its path', async () => {
    const runtime = startRuntime({
      fnValue: fn('fnValue', 'returns.mjs', { exportName: 'returnsFunction' }),
      big: fn('big', 'returns.mjs', { exportName: 'returnsBigInt' }),
      cycle: fn('cycle', 'returns.mjs', { exportName: 'returnsCycle' }),
      point: fn('point', 'returns.mjs', { exportName: 'returnsClassInstance' }),
    });
    const prefix = 'the function returned a value that cannot be sent as JSON: ';
    const fnError = errorOf(await runtime.invoke('fnValue', {}));
    expect(fnError).toMatchObject({ code: 'UNSERIALIZABLE_RESULT', statusCode: 500 });
    expect(fnError.message).toBe(`${prefix}result.data.callback is a function (onDone)`);
    expect(errorOf(await runtime.invoke('big', {})).message).toContain(`${prefix}result.balances[0].amount is a BigInt (12n)`);
    expect(errorOf(await runtime.invoke('cycle', {})).message).toBe(`${prefix}result.child.parent is a circular reference to result`);
    // A class instance is plain data (its methods live on the prototype).
    expect(await runtime.invoke('point', {})).toMatchObject({ ok: true, value: { point: { x: 3, y: 4 }, at: new Date(0) } });
  });

  it('input that cannot be sent to an instance is INVALID_INPUT', async () => {
    const runtime = startRuntime({ echo: fn('echo', 'misbehaving.mjs') });
    const error = errorOf(await runtime.invoke('echo', { callback: () => 1 }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', statusCode: 400 });
    expect(await runtime.invoke('echo', { n: 1 })).toMatchObject({ ok: true, value: { input: { n: 1 } } });
  });
});

describe('bundles and exports', () => {
  it('a bundle that does not exist: a clear error, and the runtime stays up', async () => {
    const runtime = startRuntime({ ghost: fn('ghost', fixture('does-not-exist.mjs')), echo: fn('echo', 'misbehaving.mjs') });
    const failures: InstanceEvent[] = [];
    runtime.events.on('instance', (event) => event.type === 'start-failed' && failures.push(event));
    const error = errorOf(await runtime.invoke('ghost', {}));
    expect(error).toMatchObject({ code: 'BUNDLE_NOT_FOUND', statusCode: 500 });
    expect(error.message).toBe('function "ghost": the bundle test/fixtures/runtime/does-not-exist.mjs does not exist (has the function been built?)');
    expect(failures).toHaveLength(1);
    expect(await runtime.invoke('echo', {})).toMatchObject({ ok: true });
    // Each request tries again (the file may have been built since).
    expect(errorOf(await runtime.invoke('ghost', {})).code).toBe('BUNDLE_NOT_FOUND');
  });

  it('an export that is not a function, or is missing: a clear error naming it', async () => {
    const runtime = startRuntime({
      named: fn('named', 'bad-exports.mjs', { exportName: 'notAFunction' }),
      byDefault: fn('byDefault', 'bad-exports.mjs'),
      missing: fn('missing', 'bad-exports.mjs', { exportName: 'handler' }),
    });
    const named = errorOf(await runtime.invoke('named', {}));
    expect(named).toMatchObject({ code: 'EXPORT_NOT_A_FUNCTION', statusCode: 500 });
    expect(named.message).toBe('function "named": the export "notAFunction" of test/fixtures/runtime/bad-exports.mjs is a number, not a function');
    expect(errorOf(await runtime.invoke('byDefault', {})).message).toContain('the default export of test/fixtures/runtime/bad-exports.mjs is an object, not a function');
    const missing = errorOf(await runtime.invoke('missing', {}));
    expect(missing.code).toBe('EXPORT_NOT_FOUND');
    expect(missing.message).toContain('has no export named "handler"; its exports are: default, notAFunction');
  });

  it('a module that throws while loading: MODULE_LOAD_FAILED with its message', async () => {
    const runtime = startRuntime({ broken: fn('broken', 'throws-on-load.mjs') });
    const error = errorOf(await runtime.invoke('broken', {}));
    expect(error.code).toBe('MODULE_LOAD_FAILED');
    expect(error.message).toContain('loading test/fixtures/runtime/throws-on-load.mjs failed: no config at load time');
  });

  it('an unknown function name: an error listing the known ones', async () => {
    const runtime = startRuntime({ echo: fn('echo', 'misbehaving.mjs'), spin: fn('spin', 'misbehaving.mjs') });
    const error = errorOf(await runtime.invoke('ecko', {}));
    expect(error).toMatchObject({ code: 'FUNCTION_NOT_FOUND', statusCode: 404 });
    expect(error.message).toBe('unknown function "ecko": the known functions are: echo, spin');
    expect(() => runtime.stats('ecko')).toThrow('the known functions are: echo, spin');
  });
});
