// The redis fake's data on disk: every key with its value and expiry in `redis.json`, written
// atomically (temp file + rename) so that a kill -9 mid-write leaves the previous file whole.
import { existsSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '../bundler/atomic-write.js';

type Entry =
  | { key: string; type: 'string'; value: string; expiresAt?: number }
  | { key: string; type: 'hash'; value: Record<string, string>; expiresAt?: number }
  | { key: string; type: 'list'; value: string[]; expiresAt?: number }
  | { key: string; type: 'set'; value: string[]; expiresAt?: number }
  | { key: string; type: 'zset'; value: [string, string][]; expiresAt?: number };

export async function dumpRedis(client: Redis): Promise<string> {
  const keys = (await client.keys('*')).sort();
  const entries: Entry[] = [];
  const now = Date.now();
  for (const key of keys) {
    const type = await client.type(key);
    const ttl = await client.pttl(key);
    // To the second: the same expiry reads a few ms apart from one dump to the next, and an unchanged
    // store must dump to the same text.
    const expiresAt = ttl > 0 ? Math.ceil((now + ttl) / 1000) * 1000 : undefined;
    const base = { key, ...(expiresAt ? { expiresAt } : {}) };
    if (type === 'string') entries.push({ ...base, type, value: (await client.get(key)) ?? '' });
    else if (type === 'hash') entries.push({ ...base, type, value: await client.hgetall(key) });
    else if (type === 'list') entries.push({ ...base, type, value: await client.lrange(key, 0, -1) });
    else if (type === 'set') entries.push({ ...base, type, value: (await client.smembers(key)).sort() });
    else if (type === 'zset') {
      const flat = await client.zrange(key, 0, -1, 'WITHSCORES');
      const pairs: [string, string][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
      entries.push({ ...base, type, value: pairs });
    }
  }
  return JSON.stringify({ version: 1, entries });
}

export async function loadRedis(client: Redis, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  let entries: Entry[];
  try {
    entries = (JSON.parse(readFileSync(file, 'utf8')) as { entries: Entry[] }).entries ?? [];
  } catch {
    return 0; // unreadable: start empty rather than refuse to start
  }
  const now = Date.now();
  let loaded = 0;
  for (const entry of entries) {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) continue;
    await client.del(entry.key);
    if (entry.type === 'string') await client.set(entry.key, entry.value);
    else if (entry.type === 'hash') await client.hset(entry.key, entry.value);
    else if (entry.type === 'list') await client.rpush(entry.key, ...entry.value);
    else if (entry.type === 'set') await client.sadd(entry.key, ...entry.value);
    else if (entry.type === 'zset') await client.zadd(entry.key, ...entry.value.flatMap(([member, score]) => [score, member]));
    if (entry.expiresAt !== undefined) await client.pexpire(entry.key, entry.expiresAt - now);
    loaded++;
  }
  return loaded;
}

/** Saves when the data changed since the last save. */
export class RedisSnapshotter {
  private last = '';

  constructor(
    private readonly client: Redis,
    private readonly file: string,
  ) {}

  async save(): Promise<boolean> {
    const text = await dumpRedis(this.client);
    if (text === this.last) return false;
    writeFileAtomic(this.file, text);
    this.last = text;
    return true;
  }

  async load(): Promise<number> {
    const count = await loadRedis(this.client, this.file);
    this.last = await dumpRedis(this.client);
    return count;
  }
}
