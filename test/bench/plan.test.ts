// What a bench run sends: every request, from `neosl bench` or the dev dashboard's `b` key, carries
// the bench mark, so a `neosl dev` it loads counts that traffic apart.
import { describe, expect, it } from 'vitest';
import { BENCH_HEADER, isBenchRequest } from '../../src/host/bench-traffic.js';
import { planFor } from '../../src/bench/plan.js';
import { urlMethod, urlTargetName } from '../../src/bench/target.js';

describe('planFor', () => {
  it('marks every request as bench traffic, with a JSON content type when there is a body', () => {
    const post = planFor(undefined, { warmupSec: 0 }, 'http://127.0.0.1:1/x', 'POST', '{"a":1}');
    expect(post.headers).toEqual({ [BENCH_HEADER]: '1', 'content-type': 'application/json' });
    expect(post.body).toBe('{"a":1}');
    const get = planFor(undefined, { warmupSec: 2 }, 'http://127.0.0.1:1/x', 'GET', undefined);
    expect(get.headers).toEqual({ [BENCH_HEADER]: '1' });
    expect(get.body).toBeUndefined();
    expect(isBenchRequest(get.headers)).toBe(true);
    expect(isBenchRequest({ 'content-type': 'application/json' })).toBe(false);
  });
});

describe('urlTargetName', () => {
  it("a neosl emulator's /functions/<name> is that function; any other URL is its path", () => {
    expect(urlTargetName(new URL('http://127.0.0.1:8700/functions/hello'))).toBe('hello');
    expect(urlTargetName(new URL('http://127.0.0.1:8700/functions/get%20it/'))).toBe('get it');
    expect(urlTargetName(new URL('http://127.0.0.1:3000/'))).toBe('/');
    expect(urlTargetName(new URL('http://localhost:3000/api/items?x=1'))).toBe('/api/items');
  });
});

describe('urlMethod', () => {
  it('POST with a body or to a neosl function route, else GET', () => {
    expect(urlMethod(new URL('http://127.0.0.1:8700/functions/hello'), false)).toBe('POST');
    expect(urlMethod(new URL('http://127.0.0.1:3000/'), true)).toBe('POST');
    expect(urlMethod(new URL('http://127.0.0.1:3000/'), false)).toBe('GET');
  });
});
