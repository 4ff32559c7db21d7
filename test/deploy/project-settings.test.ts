// The settings a deploy ships with its functions: backend URLs exactly as neosl.yaml writes them
// (`${env.NAME}` left for the host), neosl.yaml's defaults, and one answer from both ways of reading.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { DEFAULT_DATABASE_URL } from '../../src/config/schema.js';
import { projectSettings, settingsFromRawConfig } from '../../src/deploy/project-settings.js';
import { UserError } from '../../src/errors.js';
import { HELLO_HANDLER, tempProject } from '../config/temp-project.js';

const HASH = `0x${'ab'.repeat(20)}`;

describe('settingsFromRawConfig', () => {
  it('keeps ${env.NAME} in the backend URLs for the host to expand', () => {
    const settings = settingsFromRawConfig({
      name: 'shop',
      cache: { redis: { url: '${env.REDIS_URL}' } },
      database: { url: 'postgres://app:${env.DB_PASSWORD}@db/shop' },
      blockchain: { rpcUrl: '${env.NEO_RPC}' },
    });
    expect(settings.cache.redisUrl).toBe('${env.REDIS_URL}');
    expect(settings.databaseUrl).toBe('postgres://app:${env.DB_PASSWORD}@db/shop');
    expect(settings.blockchain.rpcUrl).toBe('${env.NEO_RPC}');
  });

  it("fills neosl.yaml's defaults for what a project leaves out", () => {
    expect(settingsFromRawConfig({ name: 'shop' })).toEqual({
      cache: { memoryMaxEntries: 10_000 },
      databaseUrl: DEFAULT_DATABASE_URL,
      blockchain: { blockIntervalMs: 1000, contracts: {} },
    });
  });

  it('reads blockInterval as neosl.yaml does: "manual" has no interval, a bare number is seconds', () => {
    expect(settingsFromRawConfig({ blockchain: { blockInterval: 'manual' } }).blockchain).not.toHaveProperty('blockIntervalMs');
    expect(settingsFromRawConfig({ blockchain: { blockInterval: '500ms' } }).blockchain.blockIntervalMs).toBe(500);
    expect(settingsFromRawConfig({ blockchain: { blockInterval: 15 } }).blockchain.blockIntervalMs).toBe(15_000);
  });

  it('names the key of a value it cannot read', () => {
    const read = (raw: unknown) => {
      try {
        settingsFromRawConfig(raw, 'app/neosl.yaml');
      } catch (error) {
        return error as UserError;
      }
      throw new Error('no error');
    };
    expect(read({ blockchain: { blockInterval: 'soon' } }).message).toMatch(/^app\/neosl\.yaml: blockchain\.blockInterval: expected a duration/);
    expect(read({ cache: { memory: { maxEntries: 0 } } }).message).toContain('cache.memory.maxEntries');
    expect(read({ cache: { redis: { url: 6379 } } }).message).toContain('cache.redis.url');
    expect(read({ cache: 'redis' }).message).toContain('cache: expected a mapping');
    expect(read(['not', 'a', 'mapping']).code).toBe('CONFIG_INVALID');
  });
});

describe('projectSettings', () => {
  const yaml = (redisUrl: string) =>
    [
      'name: shop',
      'cache:',
      `  redis: { url: "${redisUrl}" }`,
      '  memory: { maxEntries: 250 }',
      'blockchain:',
      '  blockInterval: 2s',
      '  contracts:',
      `    "${HASH}":`,
      '      balanceOf: [{ type: Integer, value: "7" }]',
      'functions:',
      '  hello: {}',
      '',
    ].join('\n');

  it('gives what settingsFromRawConfig gives for the same neosl.yaml', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': yaml('redis://cache:6379') });
    const loaded = await loadConfig({ cwd: dir, env: {} });
    const settings = projectSettings(loaded.file, loaded.config);
    expect(settings).toEqual(settingsFromRawConfig(parse(yaml('redis://cache:6379'))));
    expect(settings).toEqual({
      cache: { redisUrl: 'redis://cache:6379', memoryMaxEntries: 250 },
      databaseUrl: DEFAULT_DATABASE_URL,
      blockchain: { blockIntervalMs: 2000, contracts: { [HASH]: { balanceOf: { stack: [{ type: 'Integer', value: '7' }] } } } },
    });
  });

  it('takes the URLs from the file as written, not from the loaded config', async () => {
    const dir = tempProject({ ...HELLO_HANDLER, 'neosl.yaml': yaml('redis://cache:6379') });
    const loaded = await loadConfig({ cwd: dir, env: {} });
    writeFileSync(join(dir, 'neosl.yaml'), yaml('${env.REDIS_URL}'));
    expect(projectSettings(loaded.file, loaded.config).cache.redisUrl).toBe('${env.REDIS_URL}');
  });
});
