// What `neosl deploy` prints: the diff lines, the upload count, URLs with `Version: <id>` last, a
// canary's progress and verdict, and the missing secrets with the command that sets each.
import { describe, expect, it } from 'vitest';
import type { DeployPlan } from '../../src/deploy/deploy-plan.js';
import {
  formatCanaryProgress,
  formatCanaryVerdict,
  formatDeployed,
  formatDryRun,
  formatPlan,
  formatUploadSummary,
  secretsMissingText,
} from '../../src/deploy/deploy-text.js';
import type { Canary, DeployAnswer } from '../../src/host/api-types.js';
import { createColors } from '../../src/output/colors.js';

const plain = createColors(false);

function plan(extra: Partial<DeployPlan>): DeployPlan {
  return { added: [], changed: [], unchanged: [], removed: [], settingsChanged: [], hash: '0'.repeat(64), ...extra };
}

const canary: Canary = {
  version: 'v5',
  stable: 'v4',
  percent: 10,
  startedAt: '2025-03-01T12:00:00.000Z',
  endsAt: '2025-03-01T12:02:00.000Z',
  maxErrorRate: 1,
  maxP99RegressionPct: 20,
  state: 'running',
  stats: { stable: { requests: 110, errors: 1, p99Ms: 7.4 }, canary: { requests: 12, errors: 0, p99Ms: null } },
};

describe('formatPlan', () => {
  it('shows one line per added, changed and removed function, then the unchanged ones and the settings', () => {
    const lines = formatPlan(
      plan({
        added: ['hello'],
        changed: [
          { name: 'items', code: true, sourceMap: false, configKeys: ['timeoutMs'] },
          { name: 'report', code: false, sourceMap: true, configKeys: [] },
        ],
        removed: ['old'],
        unchanged: ['a', 'b'],
        settingsChanged: ['cache.redisUrl'],
      }),
      plain,
    );
    expect(lines).toEqual(['+ hello (new)', '~ items (code, config: timeoutMs)', '~ report (source map)', '- old (removed)', '= others unchanged: a, b', 'settings: cache.redisUrl']);
  });

  it('says "unchanged" without "others" when only the settings changed', () => {
    expect(formatPlan(plan({ unchanged: ['a'], settingsChanged: ['databaseUrl'] }), plain)).toEqual(['= unchanged: a', 'settings: databaseUrl']);
  });
});

describe('upload and dry-run lines', () => {
  it('counts the files sent of all the files, with their size', () => {
    expect(formatUploadSummary({ total: 6, uploaded: 2, uploadedBytes: 1_200_000 })).toBe('Uploaded 2 of 6 files (1.20 MB)');
    expect(formatUploadSummary({ total: 2, uploaded: 0, uploadedBytes: 0 })).toBe('Uploaded 0 of 2 files: the host has them all');
    expect(formatDryRun(1, 4)).toBe('--dry-run: 1 of 4 files would be uploaded; nothing was sent or changed');
    expect(formatDryRun(0, 4)).toContain('no file would be uploaded');
  });
});

describe('formatDeployed', () => {
  const answer: DeployAnswer = {
    version: 'v5',
    hash: '1'.repeat(64),
    previous: 'v4',
    functions: [
      { name: 'hello', url: 'http://127.0.0.1:8080/functions/hello', status: 'active' },
      { name: 'items', url: 'http://127.0.0.1:8080/items', status: 'active' },
    ],
  };

  it('lists each function with its URL and ends with the Version line', () => {
    const lines = formatDeployed(answer, plain);
    expect(lines[0]).toBe('✔ v5 is active (was v4)');
    expect(lines).toContain('  hello  http://127.0.0.1:8080/functions/hello');
    expect(lines).toContain('  items  http://127.0.0.1:8080/items');
    expect(lines.at(-1)).toBe('Version: v5');
  });

  it('says when backend settings wait for a host restart, the Version line still last', () => {
    const lines = formatDeployed({ ...answer, previous: null, restartNeeded: ['cache'] }, plain);
    expect(lines[0]).toBe('✔ v5 is active (the first version)');
    expect(lines.join('\n')).toContain('the backend settings changed (cache): they apply when the host restarts');
    expect(lines.at(-1)).toBe('Version: v5');
  });

  it('marks canary functions and says what the canary does; without a window, that nothing ends it by itself', () => {
    const withCanary = { ...answer, functions: [{ ...answer.functions[0]!, status: 'canary' as const }], canary: { ...canary, endsAt: undefined } };
    const lines = formatDeployed(withCanary as DeployAnswer, plain);
    expect(lines).toContain('  hello  http://127.0.0.1:8080/functions/hello  (canary)');
    expect(lines).toContain('Canary v5 takes 10% of the traffic of the functions it changes; v4 serves the rest.');
    expect(lines.join('\n')).toContain('--watch <duration>');
    expect(lines.at(-1)).toBe('Version: v5');
  });

  it('with a window, says when and why the host decides', () => {
    const lines = formatDeployed({ ...answer, canary }, plain);
    expect(lines.join('\n')).toContain("The host promotes it or rolls it back by itself at the end of the window (2025-03-01T12:02:00.000Z); it rolls back on error rate above 1% or p99 more than 20% above v4's.");
  });
});

describe('canary progress and verdict', () => {
  it("shows both sides' figures and the time left", () => {
    expect(formatCanaryProgress(canary, Date.parse('2025-03-01T12:00:20.000Z'))).toBe(
      'canary v5: 12 requests, 0 errors, p99 - · stable v4: 110 requests, 1 error, p99 7 ms · 1m40s left',
    );
  });

  it('ends a promotion with the canary as the Version, a rollback with the stable one', () => {
    const promoted = formatCanaryVerdict({ state: 'promoted', active: 'v5', reason: 'within limits', canary: { ...canary, state: 'promoted' } }, 'v5', plain);
    expect(promoted[0]).toBe('✔ canary v5 promoted: within limits');
    expect(promoted.at(-1)).toBe('Version: v5');
    const rolledBack = formatCanaryVerdict({ state: 'rolled-back', active: 'v4', reason: 'error rate 12% > 1%', canary: null }, 'v5', plain);
    expect(rolledBack).toEqual(['✘ canary v5 rolled back: error rate 12% > 1%; v4 keeps serving', 'Version: v4']);
  });
});

describe('secretsMissingText', () => {
  it('names each missing secret once with the functions reading it, and the command that sets it', () => {
    const text = secretsMissingText([
      { function: 'hello', secret: 'API_KEY' },
      { function: 'items', secret: 'API_KEY' },
      { function: 'items', secret: 'DB_PASS' },
    ]);
    expect(text.message).toBe('the host lacks secrets the functions declare: API_KEY (read by hello, items), DB_PASS (read by items); nothing was activated');
    expect(text.hint).toContain('neosl secrets set API_KEY; neosl secrets set DB_PASS');
  });
});
