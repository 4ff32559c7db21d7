// TriggerRunner on fake timers: retries with their backoff, concurrency per trigger, the bounded
// queue that reports what it drops, stop().
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FunctionConfig, RetryConfig, TriggerConfig } from '../../src/config/types.js';
import { retryDelay, triggerPolicy, TriggerRunner, type TriggerRunnerOptions } from '../../src/host/trigger-runner.js';

interface Outcome {
  ok: boolean;
  code?: string;
}

const retry = (attempts: number, extra: Partial<RetryConfig> = {}): RetryConfig => ({ attempts, backoff: 'exponential', initialDelayMs: 100, maxDelayMs: 30_000, ...extra });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A runner whose invoke answers from `script` (per payload: one outcome per attempt), recording each call's time. */
function scripted(script: Record<string, boolean[]>, options: Partial<TriggerRunnerOptions<string, Outcome>> = {}) {
  const calls: [payload: string, attempt: number, at: number][] = [];
  const started = Date.now();
  const runner = new TriggerRunner<string, Outcome>({
    invoke: async (payload, attempt) => {
      calls.push([payload, attempt, Date.now() - started]);
      return { ok: script[payload]?.[attempt - 1] ?? true };
    },
    ...options,
  });
  return { runner, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('triggerPolicy and retryDelay', () => {
  const fn = { name: 'f', retry: retry(5) } as FunctionConfig;

  it("takes the trigger's retry over the function's, and the trigger's concurrency", () => {
    const own: TriggerConfig = { kind: 'block', concurrency: 2, retry: retry(1) };
    expect(triggerPolicy(fn, own)).toEqual({ concurrency: 2, retry: retry(1) });
    expect(triggerPolicy(fn, { kind: 'schedule', cron: '* * * * *' })).toEqual({ retry: retry(5) });
    expect(triggerPolicy({ ...fn, retry: undefined } as FunctionConfig, { kind: 'block' })).toEqual({});
  });

  it('grows exponentially or linearly from initialDelay, or stays; capped at maxDelay', () => {
    const exponential = retry(5, { initialDelayMs: 100, maxDelayMs: 500 });
    expect([1, 2, 3, 4].map((n) => retryDelay(exponential, n))).toEqual([100, 200, 400, 500]);
    expect([1, 2, 3].map((n) => retryDelay({ ...exponential, backoff: 'linear' }, n))).toEqual([100, 200, 300]);
    expect([1, 2, 3].map((n) => retryDelay({ ...exponential, backoff: 'none' }, n))).toEqual([100, 100, 100]);
  });
});

describe('TriggerRunner: retry', () => {
  it('retries a failed run after each backoff until it succeeds', async () => {
    const onGiveUp = vi.fn();
    const onRetry = vi.fn();
    const { runner, calls } = scripted({ tick: [false, false, true] }, { onGiveUp, onRetry });
    runner.submit('f#0', { retry: retry(3) }, 'tick');
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toEqual([['tick', 1, 0]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([
      ['tick', 1, 0],
      ['tick', 2, 100],
      ['tick', 3, 300],
    ]);
    expect(onRetry.mock.calls.map(([, , attempt, delay]) => [attempt, delay])).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(onGiveUp).not.toHaveBeenCalled();
    expect(runner.pending()).toEqual({});
  });

  it('gives up after `attempts` retries and reports the last outcome with the number of attempts', async () => {
    const onGiveUp = vi.fn();
    const { runner, calls } = scripted({ tick: [false, false, false, false] }, { onGiveUp });
    runner.submit('f#0', { retry: retry(2, { backoff: 'linear', initialDelayMs: 50 }) }, 'tick');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map(([, attempt, at]) => [attempt, at])).toEqual([
      [1, 0],
      [2, 50],
      [3, 150],
    ]);
    expect(onGiveUp).toHaveBeenCalledExactlyOnceWith('tick', { ok: false }, 3);
  });

  it('without retry, a failed run is tried once and reported', async () => {
    const onGiveUp = vi.fn();
    const { runner, calls } = scripted({ tick: [false, true] }, { onGiveUp });
    runner.submit('f#0', {}, 'tick');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(onGiveUp).toHaveBeenCalledExactlyOnceWith('tick', { ok: false }, 1);
  });

  it('does not retry an outcome that is not retryable', async () => {
    const onGiveUp = vi.fn();
    const { runner, calls } = scripted({ gone: [false, true] }, { onGiveUp, retryable: () => false });
    runner.submit('f#0', { retry: retry(3) }, 'gone');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect(onGiveUp).toHaveBeenCalledExactlyOnceWith('gone', { ok: false }, 1);
  });

  it('a rejected invoke ends the run (onError) and frees its slot', async () => {
    const onError = vi.fn();
    let first = true;
    const seen: string[] = [];
    const runner = new TriggerRunner<string, Outcome>({
      invoke: async (payload) => {
        seen.push(payload);
        if (first) {
          first = false;
          throw new Error('broken');
        }
        return { ok: true };
      },
      onError,
    });
    runner.submit('f#0', { concurrency: 1, retry: retry(3) }, 'a');
    runner.submit('f#0', { concurrency: 1, retry: retry(3) }, 'b');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a', 'b']);
    expect(onError).toHaveBeenCalledExactlyOnceWith('a', new Error('broken'));
  });
});

describe('TriggerRunner: concurrency and the queue', () => {
  it('holds further events while `concurrency` runs are in flight, retries included, and runs them in order', async () => {
    const { runner, calls } = scripted({ a: [false, true] });
    const policy = { concurrency: 1, retry: retry(1, { initialDelayMs: 1_000 }) };
    for (const payload of ['a', 'b', 'c']) runner.submit('f#0', policy, payload);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([['a', 1, 0]]);
    expect(runner.pending()).toEqual({ 'f#0': { running: 1, queued: 2 } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([
      ['a', 1, 0],
      ['a', 2, 1_000],
      ['b', 1, 1_000],
      ['c', 1, 1_000],
    ]);
    expect(runner.pending()).toEqual({});
  });

  it('caps the runs in flight per lane, not across lanes', async () => {
    const gates = new Map<string, ReturnType<typeof deferred<Outcome>>>();
    let inFlight = 0;
    let most = 0;
    const runner = new TriggerRunner<string, Outcome>({
      invoke: (payload) => {
        inFlight++;
        most = Math.max(most, inFlight);
        const gate = deferred<Outcome>();
        gates.set(payload, gate);
        return gate.promise.finally(() => inFlight--);
      },
    });
    for (let i = 0; i < 5; i++) runner.submit('blocks', { concurrency: 2 }, `block${i}`);
    runner.submit('other', { concurrency: 2 }, 'other0');
    await vi.advanceTimersByTimeAsync(0);
    expect([...gates.keys()]).toEqual(['block0', 'block1', 'other0']);
    expect(runner.pending()).toEqual({ blocks: { running: 2, queued: 3 }, other: { running: 1, queued: 0 } });
    gates.get('block1')!.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect([...gates.keys()]).toEqual(['block0', 'block1', 'other0', 'block2']);
    for (const name of ['block0', 'block2', 'other0']) gates.get(name)!.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    for (const name of ['block3', 'block4']) gates.get(name)!.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(most).toBe(3);
    expect(runner.pending()).toEqual({});
  });

  it('without a concurrency, every event runs at once', async () => {
    const { runner, calls } = scripted({});
    for (let i = 0; i < 50; i++) runner.submit('f#0', {}, `e${i}`);
    expect(calls).toHaveLength(50);
  });

  it('drops the oldest waiting event past the queue limit, and says so', async () => {
    const onDrop = vi.fn();
    const gate = deferred<Outcome>();
    const seen: string[] = [];
    const runner = new TriggerRunner<string, Outcome>({
      invoke: (payload) => {
        seen.push(payload);
        return payload === 'e0' ? gate.promise : Promise.resolve({ ok: true });
      },
      onDrop,
      queueLimit: 2,
    });
    for (let i = 0; i < 5; i++) runner.submit('f#0', { concurrency: 1 }, `e${i}`);
    expect(onDrop.mock.calls).toEqual([
      ['e1', 'f#0', { queueLimit: 2, concurrency: 1 }],
      ['e2', 'f#0', { queueLimit: 2, concurrency: 1 }],
    ]);
    gate.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['e0', 'e3', 'e4']);
  });

  it('queues up to 1000 events per trigger by default', async () => {
    const onDrop = vi.fn();
    const runner = new TriggerRunner<number, Outcome>({ invoke: () => new Promise(() => undefined), onDrop });
    for (let i = 0; i <= 1001; i++) runner.submit('f#0', { concurrency: 1 }, i);
    expect(runner.pending()).toEqual({ 'f#0': { running: 1, queued: 1000 } });
    expect(onDrop).toHaveBeenCalledExactlyOnceWith(1, 'f#0', { queueLimit: 1000, concurrency: 1 });
  });
});

describe('TriggerRunner: stop', () => {
  it('cancels waiting retries and queued events, and takes no new ones', async () => {
    const onGiveUp = vi.fn();
    const { runner, calls } = scripted({ a: [false, false] }, { onGiveUp });
    runner.submit('f#0', { concurrency: 1, retry: retry(5) }, 'a');
    runner.submit('f#0', { concurrency: 1, retry: retry(5) }, 'b');
    await vi.advanceTimersByTimeAsync(0);
    runner.stop();
    runner.submit('f#0', {}, 'c');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([['a', 1, 0]]);
    expect(onGiveUp).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(runner.pending()).toEqual({});
  });
});
