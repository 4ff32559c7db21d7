// What `neosl versions` shows: the functions each version changed, active and canary marks, times.
import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/output/colors.js';
import type { VersionSummary } from '../../src/host/api-types.js';
import {
  formatFunctionChanges,
  formatRelativeTime,
  formatVersionTable,
  functionChanges,
  versionsChangingFunction,
  type VersionList,
} from '../../src/deploy/version-text.js';

const plain = createColors(false);
const now = Date.parse('2025-03-01T12:00:00.000Z');

function version(number: number, functions: Record<string, string>, extra: Partial<VersionSummary> = {}): VersionSummary {
  return {
    id: `v${number}`,
    number,
    hash: `${number}`.repeat(64).slice(0, 64),
    project: 'shop',
    createdAt: new Date(now - (4 - number) * 3_600_000).toISOString(),
    createdBy: 'ci',
    functions: Object.fromEntries(Object.entries(functions).map(([name, sha256]) => [name, { sha256 }])),
    ...extra,
  };
}

// Newest first, as the host lists them.
const versions = [
  version(4, { hello: 'h2', billing: 'b1' }, { message: 'try faster rounding', createdAt: new Date(now - 120_000).toISOString() }),
  version(3, { hello: 'h2', billing: 'b1' }, { createdBy: 'alice' }),
  version(2, { hello: 'h2', billing: 'b1', legacy: 'l1' }),
  version(1, { hello: 'h1', legacy: 'l1' }),
];

const list: VersionList = {
  project: 'shop',
  active: 'v3',
  canary: {
    version: 'v4',
    stable: 'v3',
    percent: 10,
    startedAt: new Date(now - 60_000).toISOString(),
    state: 'running',
    stats: { stable: { requests: 0, errors: 0, p99Ms: null }, canary: { requests: 0, errors: 0, p99Ms: null } },
  },
  versions,
};

describe('function changes', () => {
  it('compare each function’s bundle sha256 with the version before', () => {
    expect(functionChanges(versions[2]!, versions[3])).toEqual({ added: ['billing'], changed: ['hello'], removed: [] });
    expect(functionChanges(versions[1]!, versions[2])).toEqual({ added: [], changed: [], removed: ['legacy'] });
    expect(functionChanges(versions[0]!, versions[1])).toEqual({ added: [], changed: [], removed: [] });
  });

  it('count every function of the first version as added', () => {
    expect(functionChanges(versions[3]!, undefined)).toEqual({ added: ['hello', 'legacy'], changed: [], removed: [] });
  });

  it('read as words, with long lists cut', () => {
    expect(formatFunctionChanges({ added: ['billing'], changed: ['hello'], removed: ['legacy'] })).toBe('changed hello; added billing; removed legacy');
    expect(formatFunctionChanges({ added: ['a', 'b', 'c', 'd', 'e'], changed: [], removed: [] })).toBe('added a, b, c +2 more');
    expect(formatFunctionChanges({ added: [], changed: [], removed: [] })).toBe('-');
  });

  it('select the versions that added, changed or removed one function', () => {
    expect(versionsChangingFunction(versions, 'hello').map((shown) => shown.id)).toEqual(['v2', 'v1']);
    expect(versionsChangingFunction(versions, 'legacy').map((shown) => shown.id)).toEqual(['v3', 'v1']);
    expect(versionsChangingFunction(versions, 'nope')).toEqual([]);
  });
});

describe('the table', () => {
  const lines = formatVersionTable(versions, list, plain, { now }).split('\n');

  it('has a header and one row per version, newest first', () => {
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+CREATED\s+BY\s+FUNCTIONS\s+MESSAGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['v4', 'v3', 'v2', 'v1']);
  });

  it('marks the active version and the running canary with its share', () => {
    expect(lines[1]).toMatch(/^v4\s+canary 10%\s+2 min ago\s+2025-03-01T11:58:00Z\s+ci\s+-\s+try faster rounding$/);
    expect(lines[2]).toMatch(/^v3\s+active\s+1 h ago\s+2025-03-01T11:00:00Z\s+alice\s+removed legacy$/);
    expect(lines[3]).toMatch(/^v2\s{2,}\d+ h ago/);
  });

  it('shows a filtered list with the changes counted against the whole list', () => {
    const [, row] = formatVersionTable(versionsChangingFunction(versions, 'legacy'), list, plain, { now }).split('\n');
    expect(row).toMatch(/^v3\s+active\s.*removed legacy$/);
  });

  it('drops the canary mark once the canary is over', () => {
    const over: VersionList = { ...list, active: 'v4', canary: { ...list.canary!, state: 'promoted' } };
    expect(formatVersionTable(versions, over, plain, { now }).split('\n')[1]).toMatch(/^v4\s+active\s/);
  });

  it('has no colour codes with colours off, and the marks coloured with them on', () => {
    expect(lines.join('\n')).not.toContain('\u001b');
    const colored = formatVersionTable(versions, list, createColors(true), { now });
    expect(colored).toContain('\u001b[32mactive');
    expect(colored).toContain('\u001b[33mcanary 10%');
  });
});

describe('relative times', () => {
  it('read as just now, minutes, hours, then days', () => {
    const ago = (ms: number) => formatRelativeTime(new Date(now - ms).toISOString(), now);
    expect(ago(10_000)).toBe('just now');
    expect(ago(5 * 60_000)).toBe('5 min ago');
    expect(ago(3 * 3_600_000)).toBe('3 h ago');
    expect(ago(3 * 86_400_000)).toBe('3 d ago');
    expect(ago(-60_000)).toBe('just now');
  });
});
