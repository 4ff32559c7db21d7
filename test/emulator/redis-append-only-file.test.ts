// The redis fake's append-only file: every acknowledged write is on disk before its reply, replayed
// over the snapshot at start-up, folded into the snapshot by compaction without losing racing writes;
// damaged files are moved aside with a message, never overwritten.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { delEffect, parseRecord, setEffect } from '../../src/emulator/redis-aof-records.js';
import { RedisPersistence } from '../../src/emulator/redis-persistence.js';
import { JOURNALED_COMMANDS } from '../../src/emulator/redis-write-journal.js';
import { REDIS_COMMANDS } from '../../src/runtime/worker/remote-redis.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const RedisMock = createRequire(import.meta.url)('ioredis-mock') as new (options: { host: string; port: number }) => Redis;
let hosts = 0;

/**
 * A fresh fake as a new `neosl dev` process has it: the client persistence loads and dumps with, and
 * the one that serves instances (journaled), sharing one store.
 */
function fakeProcess(): { own: Redis; served: Redis } {
  const host = `aof-test-${++hosts}`;
  return { own: new RedisMock({ host, port: 6379 }), served: new RedisMock({ host, port: 6379 }) };
}

async function start(dir: string, options: { compactAfterRecords?: number; compactAfterBytes?: number } = {}) {
  const errors: string[] = [];
  const { own, served } = fakeProcess();
  const persistence = await RedisPersistence.open(own, { dir, onError: (message) => errors.push(message), ...options });
  persistence.journal(served);
  return { persistence, own, served, errors };
}

const aofLines = (dir: string) => readFileSync(join(dir, 'redis.aof'), 'utf8').split('\n').filter(Boolean).map((line) => parseRecord(line));
const movedAside = (dir: string, name: string) => readdirSync(dir).filter((file) => file.startsWith(`${name}.unreadable-`));

describe('the effect of a write', () => {
  it('turns relative and absolute expiries into an absolute time, and keeps KEEPTTL as such', () => {
    const now = 1_000_000;
    expect(setEffect(['k', 'v'], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v' });
    expect(setEffect(['k', 'v', 'EX', 10], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v', expiresAt: now + 10_000 });
    expect(setEffect(['k', 'v', 'PX', 1500], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v', expiresAt: now + 1500 });
    expect(setEffect(['k', 'v', 'px', '1.6'], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v', expiresAt: now + 2 });
    expect(setEffect(['k', 'v', 'EXAT', 2000], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v', expiresAt: 2_000_000 });
    expect(setEffect(['k', 'v', 'PXAT', '2000123'], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v', expiresAt: 2_000_123 });
    expect(setEffect(['k', 'v', 'KEEPTTL'], 'OK', now)).toEqual({ op: 'set', key: 'k', value: 'v', keepTtl: true });
    // Stored as ioredis-mock stores it: text.
    expect(setEffect(['k', 42], 'OK', now)).toEqual({ op: 'set', key: 'k', value: '42' });
  });

  it('logs nothing for a SET that NX or XX turned into a no-op, nor for a DEL of nothing', () => {
    expect(setEffect(['k', 'v', 'NX'], null, 1)).toBeUndefined();
    expect(setEffect(['k', 'v', 'XX', 'EX', 5], null, 1)).toBeUndefined();
    expect(setEffect(['k', 'v', 'NX', 'GET'], 'old', 1)).toBeUndefined();
    expect(setEffect(['k', 'v', 'NX', 'GET'], null, 1)).toEqual({ op: 'set', key: 'k', value: 'v' });
    expect(setEffect(['k', 'v', 'XX', 'GET'], null, 1)).toBeUndefined();
    expect(setEffect(['k', 'v', 'GET'], null, 1)).toEqual({ op: 'set', key: 'k', value: 'v' });
    expect(delEffect(['k'], 0)).toBeUndefined();
    expect(delEffect(['a', 'b'], 1)).toEqual({ op: 'del', keys: ['a', 'b'] });
  });

  it('journals every command instances may send that changes data', () => {
    const reads = ['get', 'exists'];
    for (const command of REDIS_COMMANDS) expect([...reads, ...JOURNALED_COMMANDS]).toContain(command);
  });
});

describe('RedisPersistence', () => {
  it('appends each write before answering it, and a restart after a crash replays them all', async () => {
    const dir = join(makeTempDir(), 'state');
    const first = await start(dir);
    await first.served.set('plain', 'v1');
    expect(aofLines(dir)).toEqual([{ op: 'set', key: 'plain', value: 'v1' }]); // on disk once answered
    await first.served.set('ttl', 'x', 'EX', 100);
    await first.served.set('doomed', 'y');
    expect(await first.served.del('doomed')).toBe(1);
    expect(await first.served.del('never-there')).toBe(0);
    expect(await first.served.set('plain', 'ignored', 'NX')).toBeNull();
    await first.served.get('plain');
    await first.served.exists('plain');
    // Reads and no-ops are not logged.
    expect(aofLines(dir).map((record) => record.op)).toEqual(['set', 'set', 'set', 'del']);
    // kill -9: nothing closed, no snapshot taken.
    expect(existsSync(join(dir, 'redis.json'))).toBe(false);

    const second = await start(dir);
    expect(second.errors).toEqual([]);
    expect(await second.served.get('plain')).toBe('v1');
    expect(await second.served.pttl('ttl')).toBeGreaterThan(95_000);
    expect(await second.served.exists('doomed')).toBe(0);
    // Start-up folded the file into the snapshot and began a fresh one.
    expect(existsSync(join(dir, 'redis.json'))).toBe(true);
    expect(readFileSync(join(dir, 'redis.aof'), 'utf8')).toBe('');
    await second.persistence.close();
  });

  it('replays a write over an older snapshot, and a write since expired removes the key', async () => {
    const dir = makeTempDir();
    const first = await start(dir);
    await first.served.set('k', 'old');
    await first.served.set('kept', 'old');
    await first.persistence.close(); // snapshot: k=old, kept=old
    expect(existsSync(join(dir, 'redis.aof'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'redis.json'), 'utf8')).entries).toHaveLength(2);

    const second = await start(dir);
    await second.served.set('k', 'new', 'PX', 30);
    await second.served.set('kept', 'new', 'PXAT', Date.now() + 60_000);
    await new Promise((resolve) => setTimeout(resolve, 60));

    const third = await start(dir);
    expect(await third.served.get('k')).toBeNull();
    expect(await third.served.get('kept')).toBe('new');
    expect(await third.served.pttl('kept')).toBeGreaterThan(50_000);
    await third.persistence.close();
  });

  it('keeps the expiry a KEEPTTL write kept', async () => {
    const dir = makeTempDir();
    const first = await start(dir);
    await first.served.set('k', 'a', 'EX', 100);
    await first.persistence.close();
    const second = await start(dir);
    await second.served.set('k', 'b', 'KEEPTTL');
    const third = await start(dir);
    expect(await third.served.get('k')).toBe('b');
    expect(await third.served.pttl('k')).toBeGreaterThan(90_000);
    await third.persistence.close();
  });

  it('records concurrent writes of one key in the order the fake applied them', async () => {
    const dir = makeTempDir();
    const first = await start(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 7 === 6 ? first.served.del('k') : first.served.set('k', String(i)))));
    const live = await first.served.get('k');
    const second = await start(dir);
    expect(await second.served.get('k')).toBe(live);
    await second.persistence.close();
  });

  it('compacts past the threshold, and a crash after loses nothing', async () => {
    const dir = makeTempDir();
    const first = await start(dir, { compactAfterRecords: 100 });
    const written = new Map<string, string>();
    for (let round = 0; round < 30; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => {
        const key = `key-${(round * 50 + i) % 700}`;
        const value = `${round}-${i}`;
        return first.served.set(key, value).then(() => written.set(key, value));
      }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Compactions ran (the file holds only what came after the last one); wait for the last to finish.
    const settled = async () => {
      for (let i = 0; i < 200 && readdirSync(dir).some((name) => name.includes('.rotated-')); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await settled();
    expect(aofLines(dir).length).toBeLessThan(150);
    expect(JSON.parse(readFileSync(join(dir, 'redis.json'), 'utf8')).entries.length).toBeGreaterThan(500);

    const second = await start(dir); // after a kill -9
    expect(second.errors).toEqual([]);
    for (const [key, value] of written) expect(await second.served.get(key)).toBe(value);
    expect(await second.served.dbsize()).toBe(written.size);
    await second.persistence.close();
  });

  it('loses no write made while a compaction takes its snapshot', async () => {
    const dir = makeTempDir();
    const first = await start(dir);
    for (let i = 0; i < 500; i++) await first.served.set(`before-${i}`, String(i));
    const written = new Map<string, string>();
    const compaction = first.persistence.compact();
    // One write per turn, so that they fall between the snapshot's reads.
    const writer = (async () => {
      for (let i = 0; i < 300; i++) {
        const key = i % 3 === 0 ? `before-${i}` : `race-${i}`;
        await first.served.set(key, `raced-${i}`);
        written.set(key, `raced-${i}`);
        if (i % 50 === 49) {
          await first.served.del(`before-${i + 100}`);
          written.set(`before-${i + 100}`, '');
        }
      }
    })();
    await Promise.all([compaction, writer]);
    const snapshot = JSON.parse(readFileSync(join(dir, 'redis.json'), 'utf8')) as { entries: { key: string; value: string }[] };
    const overwritten = [...written.keys()].filter((key) => key.startsWith('before-') && written.get(key) !== '');
    const valueIn = (key: string) => snapshot.entries.find((entry) => entry.key === key)?.value;
    const seenRaced = overwritten.filter((key) => valueIn(key) === written.get(key)).length;
    // They did race: the snapshot was read while they went on (it has some new values, not all); the fresh file has them all.
    expect(seenRaced).toBeGreaterThan(0);
    expect(seenRaced).toBeLessThan(overwritten.length);
    expect(aofLines(dir)).toHaveLength(306);

    const second = await start(dir); // after a kill -9
    for (const [key, value] of written) expect(await second.served.get(key)).toBe(value === '' ? null : value);
    expect(await second.served.get('before-1')).toBe('1');
    await second.persistence.close();
  });

  it('replays the segment a compaction left behind when it was killed before the snapshot', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'redis.json'), JSON.stringify({ version: 1, entries: [{ key: 'a', type: 'string', value: 'snapshot' }, { key: 'b', type: 'string', value: 'snapshot' }] }));
    writeFileSync(join(dir, 'redis.aof.rotated-3'), `${JSON.stringify({ op: 'set', key: 'a', value: 'rotated' })}\n${JSON.stringify({ op: 'set', key: 'b', value: 'rotated' })}\n`);
    writeFileSync(join(dir, 'redis.aof'), `${JSON.stringify({ op: 'set', key: 'b', value: 'current' })}\n`);
    const first = await start(dir);
    expect(first.errors).toEqual([]);
    expect(await first.served.get('a')).toBe('rotated');
    expect(await first.served.get('b')).toBe('current');
    expect(readdirSync(dir).sort()).toEqual(['redis.aof', 'redis.json']);
    // The next compaction numbers its segment past the one found.
    await first.served.set('c', 'x');
    await first.persistence.close();
    const second = await start(dir);
    expect(await second.served.get('c')).toBe('x');
  });

  it('keeps the records before a truncated last line and moves the file aside with a message', async () => {
    const dir = makeTempDir();
    const good = [{ op: 'set', key: 'a', value: '1' }, { op: 'set', key: 'b', value: '2' }, { op: 'del', keys: ['a'] }];
    writeFileSync(join(dir, 'redis.aof'), `${good.map((record) => JSON.stringify(record)).join('\n')}\n{"op":"set","key":"c","va`);
    const first = await start(dir);
    expect(await first.served.get('a')).toBeNull();
    expect(await first.served.get('b')).toBe('2');
    expect(await first.served.get('c')).toBeNull();
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatch(/append-only file redis\.aof is damaged: line 4 could not be read; the 3 records it held besides were kept; it was moved to .*redis\.aof\.unreadable-\d+/);
    const aside = movedAside(dir, 'redis.aof');
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toContain('"key":"c","va'); // the original, whole
    expect(readFileSync(join(dir, 'redis.aof'), 'utf8')).toBe('');

    // What it kept is in the snapshot already: a crash now loses nothing.
    const second = await start(dir);
    expect(await second.served.get('b')).toBe('2');
    expect(second.errors).toEqual([]);
  });

  it('moves an unreadable snapshot aside with a message and still replays the append-only file', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'redis.json'), '{"version":1,"entries":[{"key":"a","ty');
    writeFileSync(join(dir, 'redis.aof'), `${JSON.stringify({ op: 'set', key: 'z', value: 'from the file' })}\n`);
    const first = await start(dir);
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatch(/the saved cache redis\.json could not be read \(.+\); it was moved to .*redis\.json\.unreadable-\d+ and the cache starts without it/);
    const aside = movedAside(dir, 'redis.json');
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"version":1,"entries":[{"key":"a","ty');
    expect(await first.served.get('z')).toBe('from the file');
    // A new snapshot, not the damaged one overwritten in place.
    expect(JSON.parse(readFileSync(join(dir, 'redis.json'), 'utf8')).entries).toEqual([{ key: 'z', type: 'string', value: 'from the file' }]);
    await first.persistence.close();
  });

  it('refuses a write it could not record rather than acknowledge it', async () => {
    const dir = makeTempDir();
    const first = await start(dir);
    await first.served.set('k', '1');
    await first.persistence.close(); // the file is closed: appends now fail
    await expect(first.served.set('k', '2')).rejects.toThrow(/could not record a write in redis\.aof .*the write was refused/);
    expect(first.errors).toHaveLength(1);
  });
});
