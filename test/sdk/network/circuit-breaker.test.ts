import { describe, expect, it, vi } from 'vitest';
import { CircuitBreaker, NeoError } from '../../../src/sdk/function.js';

const fail = () => Promise.reject(new Error('dependency down'));
const succeed = () => Promise.resolve('ok');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function breaker(overrides: Partial<ConstructorParameters<typeof CircuitBreaker>[0]> = {}): CircuitBreaker {
  return new CircuitBreaker({ name: 'oracle', timeout: 200, errorThreshold: 3, resetTimeout: 60, ...overrides });
}

describe('CircuitBreaker', () => {
  it('opens after errorThreshold consecutive failures and then refuses without calling', async () => {
    const cb = breaker();
    for (let i = 0; i < 2; i++) await expect(cb.execute(fail)).rejects.toThrow('dependency down');
    expect(cb.state).toBe('closed');
    await expect(cb.execute(fail)).rejects.toThrow('dependency down');
    expect(cb.state).toBe('open');
    const fn = vi.fn(succeed);
    const refused = await cb.execute(fn).then(() => null, (e: NeoError) => e);
    expect(fn).not.toHaveBeenCalled();
    expect(refused).toBeInstanceOf(NeoError);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', statusCode: 503 });
    expect(refused?.message).toMatch(/^circuit oracle is open/);
  });

  it('a success resets the count of consecutive failures', async () => {
    const cb = breaker();
    await expect(cb.execute(fail)).rejects.toThrow();
    await expect(cb.execute(fail)).rejects.toThrow();
    await expect(cb.execute(succeed)).resolves.toBe('ok');
    await expect(cb.execute(fail)).rejects.toThrow();
    await expect(cb.execute(fail)).rejects.toThrow();
    expect(cb.state).toBe('closed');
  });

  it('a call slower than timeout rejects with a timeout error and counts as a failure', async () => {
    const cb = breaker({ timeout: 30, errorThreshold: 1 });
    const started = Date.now();
    const error = await cb.execute(() => sleep(300).then(() => 'late')).then(() => null, (e: NeoError) => e);
    expect(Date.now() - started).toBeLessThan(250);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(error?.message).toContain('30 ms');
    expect(cb.state).toBe('open');
  });

  it('half-open after resetTimeout: one trial call; its success closes the circuit', async () => {
    const cb = breaker({ errorThreshold: 1 });
    await expect(cb.execute(fail)).rejects.toThrow();
    expect(cb.state).toBe('open');
    await sleep(80);
    expect(cb.state).toBe('half-open');
    let release!: (value: string) => void;
    const trial = cb.execute(() => new Promise<string>((resolve) => (release = resolve)));
    // While the trial runs, other calls are refused.
    await expect(cb.execute(succeed)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('half-open') });
    release('recovered');
    await expect(trial).resolves.toBe('recovered');
    expect(cb.state).toBe('closed');
    await expect(cb.execute(succeed)).resolves.toBe('ok');
  });

  it('half-open: a failed trial opens the circuit for another resetTimeout', async () => {
    const cb = breaker({ errorThreshold: 1 });
    await expect(cb.execute(fail)).rejects.toThrow();
    await sleep(80);
    expect(cb.state).toBe('half-open');
    await expect(cb.execute(fail)).rejects.toThrow('dependency down');
    expect(cb.state).toBe('open');
    await expect(cb.execute(succeed)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await sleep(80);
    await expect(cb.execute(succeed)).resolves.toBe('ok');
    expect(cb.state).toBe('closed');
  });

  it('a late success of a call begun before the circuit opened does not close it', async () => {
    const cb = breaker({ errorThreshold: 1, resetTimeout: 10_000 });
    let release!: (value: string) => void;
    const slow = cb.execute(() => new Promise<string>((resolve) => (release = resolve)));
    await expect(cb.execute(fail)).rejects.toThrow();
    expect(cb.state).toBe('open');
    release('late');
    await expect(slow).resolves.toBe('late');
    expect(cb.state).toBe('open');
  });

  it('treats a function that throws synchronously as a failure', async () => {
    const cb = breaker({ errorThreshold: 1 });
    await expect(cb.execute(() => { throw new Error('sync'); })).rejects.toThrow('sync');
    expect(cb.state).toBe('open');
  });
});
