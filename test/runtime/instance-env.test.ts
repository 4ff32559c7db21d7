// An instance's process.env: its function's environment and the machine basics, not the shell's
// other variables (tokens and keys are secrets: context.secrets.get, with secrets:read).
import { afterEach, describe, expect, it } from 'vitest';
import { closeRuntimes, fn, startRuntime } from './helpers.js';

afterEach(() => {
  delete process.env.NEOSL_TEST_HOST_TOKEN;
  return closeRuntimes();
});

describe('instance environment', () => {
  it('holds the function environment and PATH, not the host process variables', async () => {
    process.env.NEOSL_TEST_HOST_TOKEN = 'host-only-token';
    const runtime = startRuntime({ limits: fn('limits', 'limits.mjs', { environment: { GREETING: 'hi' } }) });
    const outcome = await runtime.invoke('limits', {});
    expect(outcome).toMatchObject({ ok: true, value: { greeting: 'hi', hostToken: null, hasPath: true } });
  });
});
