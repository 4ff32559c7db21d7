import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../ui/src/state/host-types.js';
import { filterRequests, NO_FILTER, requestsQuery } from '../../ui/src/state/request-filter.js';
import { statusClassOf } from '../../ui/src/state/status-class.js';

const row = (requestId: string, functionName: string, status: number, path = `/functions/${functionName}`, errorCode?: string): RequestSummary => ({
  requestId,
  time: 1,
  functionName,
  method: 'POST',
  path,
  status,
  durationMs: 1,
  coldStart: false,
  ...(errorCode ? { errorCode } : {}),
});

const rows = [row('r1', 'hello', 200), row('r2', 'hello', 404, '/missing', 'ROUTE_NOT_FOUND'), row('r3', 'prices', 500, '/functions/prices', 'UNHANDLED_ERROR'), row('r4', 'prices', 201)];

describe('request log filters', () => {
  it('keeps everything without a filter', () => {
    expect(filterRequests(rows, NO_FILTER)).toHaveLength(4);
  });

  it('filters by function, status class and text together', () => {
    const ids = (filter: Partial<typeof NO_FILTER>) => filterRequests(rows, { ...NO_FILTER, ...filter }).map((r) => r.requestId);
    expect(ids({ functionName: 'prices' })).toEqual(['r3', 'r4']);
    expect(ids({ statusClass: '2xx' })).toEqual(['r1', 'r4']);
    expect(ids({ statusClass: '5xx' })).toEqual(['r3']);
    expect(ids({ text: 'route_not' })).toEqual(['r2']);
    expect(ids({ text: '  R4 ' })).toEqual(['r4']);
    expect(ids({ functionName: 'hello', statusClass: '4xx' })).toEqual(['r2']);
    expect(ids({ functionName: 'hello', text: 'prices' })).toEqual([]);
  });

  it('classes statuses', () => {
    expect([199, 200, 299, 302, 404, 503, 600].map(statusClassOf)).toEqual(['', '2xx', '2xx', '3xx', '4xx', '5xx', '']);
  });

  it('asks the host for the function and status class it can filter', () => {
    expect(requestsQuery({ functionName: 'a b', statusClass: '5xx', text: 'ignored' }, 200)).toBe('function=a+b&status=5xx&limit=200');
    expect(requestsQuery(NO_FILTER, 50)).toBe('limit=50');
  });
});
