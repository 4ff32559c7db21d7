// The diff a deploy shows before it sends anything: functions added, changed (and why), unchanged,
// removed, settings changed, and the hash that tells "no changes" exactly as the host would.
import { sampleFunctionConfig } from '../helpers/function-config.js';
import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/config/types.js';
import { changedKeyPaths, hasNoChanges, planDeploy, type LocalVersion } from '../../src/deploy/deploy-plan.js';
import type { ProjectSettings, Version, VersionFunction } from '../../src/host/api-types.js';
import { canonicalHash } from '../../src/serve/store/canonical-json.js';

const sha = (seed: string) => seed.repeat(64).slice(0, 64);

const config = sampleFunctionConfig;

function fn(name: string, code: string, extra: Partial<FunctionConfig> = {}, map = code): VersionFunction {
  return { sha256: sha(code), mapSha256: sha(map), exportName: 'default', config: config(name, extra) };
}

const settings: ProjectSettings = { cache: { memoryMaxEntries: 10_000 }, databaseUrl: 'sqlite:.neosl/state/db.sqlite', blockchain: { blockIntervalMs: 1000, contracts: {} } };

function version(local: LocalVersion, hash = canonicalHash({ project: local.project, functions: local.functions, settings: local.settings })): Version {
  return { id: 'v4', number: 4, hash, createdAt: '2025-03-01T12:00:00.000Z', createdBy: 'ci', ...local };
}

const activeContent: LocalVersion = {
  project: 'shop',
  functions: { hello: fn('hello', 'a'), items: fn('items', 'b'), old: fn('old', 'c'), report: fn('report', 'd') },
  settings,
};

describe('planDeploy', () => {
  it('sorts the functions into added, changed, unchanged and removed', () => {
    const local: LocalVersion = {
      project: 'shop',
      functions: { hello: fn('hello', 'a'), items: fn('items', 'e'), report: fn('report', 'd'), billing: fn('billing', 'f') },
      settings,
    };
    const plan = planDeploy(local, version(activeContent));
    expect(plan.added).toEqual(['billing']);
    expect(plan.changed).toEqual([{ name: 'items', code: true, sourceMap: false, configKeys: [] }]);
    expect(plan.unchanged).toEqual(['hello', 'report']);
    expect(plan.removed).toEqual(['old']);
    expect(plan.settingsChanged).toEqual([]);
  });

  it('names the config keys that changed, one level into sections, and a map-only change', () => {
    const local: LocalVersion = {
      ...activeContent,
      functions: {
        ...activeContent.functions,
        hello: fn('hello', 'a', { timeoutMs: 5000, triggers: [{ kind: 'schedule', cron: '*/5 * * * *' }] }),
        items: fn('items', 'b', { scaling: { minInstances: 1, maxInstances: 10, targetConcurrency: 1, cooldownMs: 60_000 }, environment: { API_URL: 'https://x' } }),
        report: fn('report', 'd', {}, 'z'),
      },
    };
    const plan = planDeploy(local, version(activeContent));
    expect(plan.changed).toEqual([
      { name: 'hello', code: false, sourceMap: false, configKeys: ['timeoutMs', 'triggers'] },
      { name: 'items', code: false, sourceMap: false, configKeys: ['environment.API_URL', 'scaling.minInstances'] },
      { name: 'report', code: false, sourceMap: true, configKeys: [] },
    ]);
    expect(plan.unchanged).toEqual(['old']);
  });

  it('counts another handler export as a code change', () => {
    const local: LocalVersion = { ...activeContent, functions: { ...activeContent.functions, hello: { ...fn('hello', 'a'), exportName: 'hello' } } };
    expect(planDeploy(local, version(activeContent)).changed).toEqual([{ name: 'hello', code: true, sourceMap: false, configKeys: [] }]);
  });

  it('names the settings that changed by their key paths', () => {
    const local: LocalVersion = {
      ...activeContent,
      settings: { ...settings, cache: { redisUrl: '${env.REDIS_URL}', memoryMaxEntries: 10_000 }, blockchain: { contracts: { [`0x${'1'.repeat(40)}`]: {} } } },
    };
    expect(planDeploy(local, version(activeContent)).settingsChanged).toEqual(['cache.redisUrl', 'blockchain.contracts', 'blockchain.blockIntervalMs']);
  });

  it('has every function added and no settings diff when nothing is active', () => {
    const plan = planDeploy(activeContent, undefined);
    expect(plan.added).toEqual(['hello', 'items', 'old', 'report']);
    expect([plan.changed, plan.unchanged, plan.removed, plan.settingsChanged]).toEqual([[], [], [], []]);
    expect(hasNoChanges(plan, undefined)).toBe(false);
  });
});

describe('the version hash and "no changes"', () => {
  it('is the canonical hash of {project, functions, settings}, whatever the key order', () => {
    const reordered: LocalVersion = {
      settings: { blockchain: { contracts: {}, blockIntervalMs: 1000 }, databaseUrl: settings.databaseUrl, cache: { memoryMaxEntries: 10_000 } },
      functions: Object.fromEntries(Object.entries(activeContent.functions).reverse()),
      project: 'shop',
    };
    const plan = planDeploy(reordered, undefined);
    expect(plan.hash).toBe(canonicalHash({ project: 'shop', functions: activeContent.functions, settings }));
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds no changes when the active version has the same content', () => {
    const active = version(activeContent);
    const plan = planDeploy({ ...activeContent }, active);
    expect(plan.hash).toBe(active.hash);
    expect(hasNoChanges(plan, active)).toBe(true);
  });

  it('finds changes as soon as one config value differs, and a hash that differs with it', () => {
    const active = version(activeContent);
    const local: LocalVersion = { ...activeContent, functions: { ...activeContent.functions, old: fn('old', 'c', { memoryMb: 512 }) } };
    const plan = planDeploy(local, active);
    expect(plan.hash).not.toBe(active.hash);
    expect(hasNoChanges(plan, active)).toBe(false);
  });
});

describe('changedKeyPaths', () => {
  it('is empty for equal values, and names a key that appeared or went away', () => {
    expect(changedKeyPaths({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
    expect(changedKeyPaths({ a: 1 }, { a: 1, rateLimit: { max: 5 } })).toEqual(['rateLimit']);
    expect(changedKeyPaths({ a: 1, retry: { attempts: 2 } }, { a: 1 })).toEqual(['retry']);
    expect(changedKeyPaths({ retry: { attempts: 2, backoff: 'linear' } }, { retry: { attempts: 3, backoff: 'linear' } })).toEqual(['retry.attempts']);
  });
});
