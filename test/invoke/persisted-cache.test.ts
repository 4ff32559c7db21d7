// The cache `neosl invoke` opens: dev's saved data loaded, the function's writes appended to dev's
// journal (redis.aof), no file of dev's folded, moved or deleted.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openRedisConnection } from '../../src/backends/cache/redis-connection.js';
import { RedisPersistence } from '../../src/emulator/redis-persistence.js';
import { openPersistedCache } from '../../src/invoke/persisted-cache.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

// The process-wide redis fake that invoke and its runtime share.
const shared = openRedisConnection();
afterEach(() => shared.client.flushall());
afterAll(async () => {
  await shared.close();
  removeTempDirs();
});

const SNAPSHOT = JSON.stringify({ version: 1, entries: [{ key: 'fromSnapshot', type: 'string', value: '1' }] });

describe('the persisted cache of neosl invoke', () => {
  it('loads the snapshot and the journal, appends each write on a line of its own (after a line a crash cut short), and leaves the files in place', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'redis.json'), SNAPSHOT);
    const cutShort = '{"op":"set","key":"fromJournal","value":"2"}\n{"op":"set","key":"lost","val';
    writeFileSync(join(dir, 'redis.aof'), cutShort);
    const warnings: string[] = [];
    const cache = await openPersistedCache(dir, (message) => warnings.push(message));

    const served = openRedisConnection();
    cache.journal(served.client);
    expect(await served.client.get('fromSnapshot')).toBe('1');
    expect(await served.client.get('fromJournal')).toBe('2');
    await served.client.set('written', '3');
    await served.client.del('fromSnapshot');
    await served.close();
    await cache.close();

    expect(readFileSync(join(dir, 'redis.json'), 'utf8')).toBe(SNAPSHOT);
    const journal = readFileSync(join(dir, 'redis.aof'), 'utf8');
    expect(journal).toBe(`${cutShort}\n{"op":"set","key":"written","value":"3"}\n{"op":"del","keys":["fromSnapshot"]}\n`);
    expect(warnings).toEqual([]);

    // What neosl dev loads from it next: the writes of invoke, the damaged line reported.
    await shared.client.flushall();
    const devErrors: string[] = [];
    const dev = await RedisPersistence.open(shared.client, { dir, onError: (message) => devErrors.push(message) });
    expect(await shared.client.get('written')).toBe('3');
    expect(await shared.client.get('fromJournal')).toBe('2');
    expect(await shared.client.get('fromSnapshot')).toBeNull();
    expect(devErrors).toEqual([expect.stringContaining('line 2 could not be read')]);
    await dev.close();
  });

  it('starts without a damaged snapshot, saying so, and moves nothing', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'redis.json'), '{"entries": [oops');
    const warnings: string[] = [];
    const cache = await openPersistedCache(dir, (message) => warnings.push(message));
    await cache.close();
    expect(warnings).toEqual([expect.stringContaining('the saved cache redis.json could not be read')]);
    expect(readFileSync(join(dir, 'redis.json'), 'utf8')).toBe('{"entries": [oops');
  });
});
