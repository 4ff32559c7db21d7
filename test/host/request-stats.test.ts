// The session's request numbers: bench traffic (the x-neosl-bench mark) is counted apart, so a load
// test leaves the developer's request count and p50/p99 as they were.
import { describe, expect, it } from 'vitest';
import { RequestStats } from '../../src/host/request-stats.js';

describe('RequestStats', () => {
  it("keeps bench requests out of the session's count and percentiles, and sums them apart", () => {
    const stats = new RequestStats();
    for (const ms of [10, 20, 30]) stats.record(ms, false);
    stats.record(40, true);
    const own = stats.percentiles();
    expect(stats.benchSummary()).toBeUndefined();

    for (let i = 0; i < 1000; i++) stats.record(0.5, i % 100 === 0, true);

    expect(stats.requests).toBe(4);
    expect(stats.errors).toBe(1);
    expect(stats.percentiles()).toEqual(own);
    expect(own).toEqual({ p50: 20, p99: 40 });
    expect(stats.benchSummary()).toEqual({ requests: 1000, errors: 10, p50: 0.5, p99: 0.5 });
  });

  it('a fault outside any request is an error of the session', () => {
    const stats = new RequestStats();
    stats.recordFault();
    expect({ requests: stats.requests, errors: stats.errors, faults: stats.faults }).toEqual({ requests: 0, errors: 1, faults: 1 });
  });
});
