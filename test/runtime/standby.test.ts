// With standbyWorker (the dev emulator), a reload's new version may start in a worker booted ahead
// of time: it must be the same instance a fresh worker would be (its env, its memory limit), every
// reload after it too, and a changed memory limit or environment must not reuse a worker launched
// with the old one.
import { afterEach, describe, expect, it } from 'vitest';
import { closeRuntimes, fn, startRuntime } from './helpers.js';

afterEach(closeRuntimes);

interface Limits {
  greeting: string | null;
  contextGreeting: string | null;
  heapLimitMb: number;
  threadId: number;
}

async function limitsOf(runtime: ReturnType<typeof startRuntime>): Promise<Limits> {
  const outcome = await runtime.invoke('limits', {});
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as Limits;
}

describe('standby worker', () => {
  it('a reloaded version sees its environment and memory limit, reload after reload', async () => {
    const runtime = startRuntime({ limits: fn('limits', 'limits.mjs', { memoryMb: 96, environment: { GREETING: 'v1' } }) }, { standbyWorker: true });
    const first = await limitsOf(runtime);
    expect(first).toMatchObject({ greeting: 'v1', contextGreeting: 'v1' });
    const heapLimitMb = first.heapLimitMb;

    const threads = new Set([first.threadId]);
    for (const version of ['v2', 'v3', 'v4']) {
      await runtime.reload('limits', fn('limits', 'limits.mjs', { memoryMb: 96, environment: { GREETING: version } }));
      const now = await limitsOf(runtime);
      expect(now).toMatchObject({ greeting: version, contextGreeting: version, heapLimitMb });
      threads.add(now.threadId);
    }
    expect(threads.size).toBe(4);
    expect(runtime.stats('limits')).toMatchObject({ version: 4 });
  });

  it('a reload that changes the memory limit starts with the new limit', async () => {
    const runtime = startRuntime({ limits: fn('limits', 'limits.mjs', { memoryMb: 96 }) }, { standbyWorker: true });
    const before = await limitsOf(runtime);
    await runtime.reload('limits', fn('limits', 'limits.mjs', { memoryMb: 192 }));
    const after = await limitsOf(runtime);
    expect(after.heapLimitMb - before.heapLimitMb).toBeGreaterThanOrEqual(90);
  });

  it('a reload whose bundle cannot start keeps the old version, and the next good reload still works', async () => {
    const runtime = startRuntime({ limits: fn('limits', 'limits.mjs', { environment: { GREETING: 'v1' } }) }, { standbyWorker: true });
    await limitsOf(runtime);
    await expect(runtime.reload('limits', fn('limits', 'bad-exports.mjs', { exportName: 'notAFunction', environment: { GREETING: 'v1' } }))).rejects.toMatchObject({
      code: 'EXPORT_NOT_A_FUNCTION',
    });
    expect(await limitsOf(runtime)).toMatchObject({ greeting: 'v1' });
    await runtime.reload('limits', fn('limits', 'limits.mjs', { environment: { GREETING: 'v2' } }));
    expect(await limitsOf(runtime)).toMatchObject({ greeting: 'v2' });
  });
});
