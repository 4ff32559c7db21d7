import { describe, expect, it } from 'vitest';
import { RECONNECT_MAX_MS, reconnectDelay } from '../../ui/src/state/reconnect-backoff.js';

describe('reconnect backoff', () => {
  it('doubles from 250 ms without jitter', () => {
    const delays = [0, 1, 2, 3, 4].map((attempt) => reconnectDelay(attempt, () => 0, { jitter: 0 }));
    expect(delays).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('never waits more than 5 s, however many attempts failed', () => {
    for (const attempt of [5, 6, 10, 100, 10_000]) {
      expect(reconnectDelay(attempt, () => 1)).toBeLessThanOrEqual(RECONNECT_MAX_MS);
      expect(reconnectDelay(attempt, () => 0)).toBeGreaterThanOrEqual(RECONNECT_MAX_MS * 0.8);
    }
  });

  it('spreads the delay by the jitter share', () => {
    expect(reconnectDelay(2, () => 0, { jitter: 0.2 })).toBe(800);
    expect(reconnectDelay(2, () => 1, { jitter: 0.2 })).toBe(1000);
  });
});
