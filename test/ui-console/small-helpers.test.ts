import { describe, expect, it } from 'vitest';
import { visibleFailures } from '../../ui/src/state/build-failures.js';
import { codeFrame } from '../../ui/src/state/code-frame.js';
import { parseRoute, routeHash } from '../../ui/src/state/hash-route.js';
import { fromSmallestUnit, toSmallestUnit } from '../../ui/src/state/token-amount.js';

describe('hash routes', () => {
  it('parses every page, functions by default', () => {
    expect(parseRoute('')).toEqual({ page: 'functions' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'functions' });
    expect(parseRoute('#/requests')).toEqual({ page: 'requests' });
    expect(parseRoute('#/requests/abc-123')).toEqual({ page: 'requests', requestId: 'abc-123' });
    expect(parseRoute('#/invoke/a%20b')).toEqual({ page: 'invoke', functionName: 'a b' });
    expect(parseRoute('#/versions')).toEqual({ page: 'versions' });
    expect(parseRoute('#/chain')).toEqual({ page: 'chain' });
  });

  it('round-trips names with odd characters', () => {
    const route = { page: 'invoke' as const, functionName: '<b>x</b>/#?' };
    expect(parseRoute(routeHash(route))).toEqual(route);
  });
});

describe('code frames', () => {
  it('underlines the column with the error length, tabs widened', () => {
    expect(codeFrame({ file: 'a.ts', line: 12, column: 8, lineText: 'const x = ;', length: 1 })).toEqual(['12 | const x = ;', '   |        ^']);
    expect(codeFrame({ file: 'a.ts', line: 3, column: 2, lineText: '\tfoo()', length: 3 })).toEqual(['3 |   foo()', '  |   ^^^']);
    expect(codeFrame({ file: 'a.ts', line: 3, column: 2 })).toEqual([]);
  });
});

describe('build failures shown', () => {
  it('adds functions the host reports failed before any event was seen', () => {
    const shown = visibleFailures({}, [
      { name: 'b', state: 'failed' },
      { name: 'a', state: 'ready' },
    ]);
    expect(shown.map((failure) => failure.functionName)).toEqual(['b']);
  });

  it('uses the diagnostics a failed function\'s summary carries', () => {
    const diagnostics = [{ message: 'Unexpected ";"', location: { file: 'functions/api.ts', line: 8, column: 23, lineText: 'export const broken = ;' } }];
    const [shown] = visibleFailures({}, [{ name: 'api', state: 'failed', buildFailure: { time: 5, message: 'api: build failed with 1 error', diagnostics } }]);
    expect(shown).toEqual({ functionName: 'api', time: 5, message: 'api: build failed with 1 error', diagnostics });
  });
});

describe('token amounts', () => {
  it('converts between decimal text and the smallest unit', () => {
    expect(toSmallestUnit('1.5', 8)).toBe('150000000');
    expect(toSmallestUnit('10', 0)).toBe('10');
    expect(toSmallestUnit('0.5', 0)).toBeUndefined();
    expect(toSmallestUnit('0', 8)).toBeUndefined();
    expect(toSmallestUnit('-1', 8)).toBeUndefined();
    expect(fromSmallestUnit('150000000', 8)).toBe('1.5');
    expect(fromSmallestUnit('5', 8)).toBe('0.00000005');
    expect(fromSmallestUnit('100', 0)).toBe('100');
  });
});
