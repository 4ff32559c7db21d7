// The redis fake's data on disk, as Redis keeps it with an append-only file: a snapshot of every key
// (`redis.json`, written atomically: temp file + rename) plus the effect of every write since, appended
// to `redis.aof` before the write is answered. Start-up loads the snapshot and replays the file over
// it; a compaction (past a size, and at close) folds the file into a new snapshot.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '../bundler/atomic-write.js';
import { moveAside } from '../util/move-aside.js';
import { replayRecords, type AofRecord } from './redis-aof-records.js';
import { AppendOnlyFile, readSegment, rotatedSegment, segmentsOf } from './redis-append-only-file.js';
import { journalRedisWrites } from './redis-write-journal.js';

type Entry =
  | { key: string; type: 'string'; value: string; expiresAt?: number }
  | { key: string; type: 'hash'; value: Record<string, string>; expiresAt?: number }
  | { key: string; type: 'list'; value: string[]; expiresAt?: number }
  | { key: string; type: 'set'; value: string[]; expiresAt?: number }
  | { key: string; type: 'zset'; value: [string, string][]; expiresAt?: number };

const ENTRY_TYPES = new Set(['string', 'hash', 'list', 'set', 'zset']);

export async function dumpRedis(client: Redis): Promise<string> {
  const keys = (await client.keys('*')).sort();
  const entries: Entry[] = [];
  const now = Date.now();
  for (const key of keys) {
    const type = await client.type(key);
    const ttl = await client.pttl(key);
    // Gone (expired or deleted) since KEYS listed it: not an empty value to bring back.
    if (ttl === -2) continue;
    // To the second: the same expiry reads a few ms apart from one dump to the next, and an unchanged
    // store must dump to the same text.
    const expiresAt = ttl > 0 ? Math.ceil((now + ttl) / 1000) * 1000 : undefined;
    const base = { key, ...(expiresAt ? { expiresAt } : {}) };
    if (type === 'string') {
      const value = await client.get(key);
      if (value !== null) entries.push({ ...base, type, value });
    } else if (type === 'hash') entries.push({ ...base, type, value: await client.hgetall(key) });
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

/** The entries of a snapshot's text; throws a SyntaxError when it is not one (cut short, edited). */
export function parseSnapshot(text: string): Entry[] {
  const parsed = JSON.parse(text) as { entries?: unknown } | null;
  const entries = parsed && typeof parsed === 'object' ? parsed.entries : undefined;
  if (!Array.isArray(entries)) throw new SyntaxError('no "entries" list');
  entries.forEach((entry: Partial<Entry> | null, i) => {
    if (!entry || typeof entry.key !== 'string' || !ENTRY_TYPES.has(entry.type as string) || entry.value === undefined) {
      throw new SyntaxError(`entries[${i}] is not a key with a type and a value`);
    }
  });
  return entries as Entry[];
}

export async function loadEntries(client: Redis, entries: Entry[]): Promise<number> {
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

/** Loads a snapshot file; throws when it cannot be read or is not a snapshot. */
export async function loadRedis(client: Redis, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  return loadEntries(client, parseSnapshot(readFileSync(file, 'utf8')));
}

/** Saves when the data changed since the last save. */
export class RedisSnapshotter {
  private last = '';

  /** `onError` hears of a snapshot that could not be read (moved aside, never overwritten). */
  constructor(
    private readonly client: Redis,
    private readonly file: string,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  async save(): Promise<boolean> {
    const text = await dumpRedis(this.client);
    if (text === this.last) return false;
    writeFileAtomic(this.file, text);
    this.last = text;
    return true;
  }

  async load(): Promise<number> {
    let count = 0;
    try {
      count = await loadRedis(this.client, this.file);
    } catch (error) {
      const aside = moveAside(this.file);
      this.onError(`the saved cache ${basename(this.file)} could not be read (${(error as Error).message}); it was moved to ${aside} and the cache starts without it`);
    }
    this.last = await dumpRedis(this.client);
    return count;
  }
}

export interface RedisPersistenceOptions {
  /** The folder of `redis.json` and `redis.aof`. */
  dir: string;
  /** What the user must hear of: a file moved aside, a compaction or an append that failed. */
  onError(message: string): void;
  /** Compact once the append-only file has this many bytes (default 4 MB)… */
  compactAfterBytes?: number;
  /** …or this many records (default 10 000). */
  compactAfterRecords?: number;
}

export const SNAPSHOT_FILE = 'redis.json';
export const APPEND_ONLY_FILE = 'redis.aof';

/** The fake's data kept on disk: open() loads it, journal() records the writes of a client, close() compacts. */
export class RedisPersistence {
  private readonly snapshotter: RedisSnapshotter;
  private readonly aof: AppendOnlyFile;
  private readonly compactAfterBytes: number;
  private readonly compactAfterRecords: number;
  private nextRotation = 1;
  /** The last compaction (settled or not); compactions run one after another. */
  private compaction: Promise<void> = Promise.resolve();
  private compactionDue = false;
  private lastAppendError = '';
  private closed = false;

  private constructor(
    private readonly client: Redis,
    private readonly options: RedisPersistenceOptions,
  ) {
    this.snapshotter = new RedisSnapshotter(client, join(options.dir, SNAPSHOT_FILE), options.onError);
    this.aof = new AppendOnlyFile(join(options.dir, APPEND_ONLY_FILE));
    this.compactAfterBytes = options.compactAfterBytes ?? 4 * 1024 * 1024;
    this.compactAfterRecords = options.compactAfterRecords ?? 10_000;
  }

  /**
   * Loads the snapshot into `client` (the fake), replays the append-only file over it and folds it
   * into a new snapshot, then opens a fresh file for the writes to come.
   */
  static async open(client: Redis, options: RedisPersistenceOptions): Promise<RedisPersistence> {
    const persistence = new RedisPersistence(client, options);
    await persistence.load();
    return persistence;
  }

  private async load(): Promise<void> {
    await this.snapshotter.load();
    const segments = segmentsOf(this.aof.file);
    const records: AofRecord[] = [];
    const damaged = new Map<string, string>();
    for (const { path, n } of segments) {
      if (Number.isFinite(n)) this.nextRotation = Math.max(this.nextRotation, n + 1);
      try {
        const contents = readSegment(path);
        for (const record of contents.records) records.push(record);
        const { badLines } = contents;
        if (badLines.length > 0) {
          const which = badLines.length === 1 ? `line ${badLines[0]}` : `${badLines.length} lines (${badLines.slice(0, 5).join(', ')}${badLines.length > 5 ? ', …' : ''})`;
          damaged.set(path, `${which} could not be read; the ${contents.records.length} records it held besides were kept`);
        }
      } catch (error) {
        damaged.set(path, `it could not be read (${(error as Error).message})`);
      }
    }
    await replayRecords(this.client, records);
    if (segments.length > 0) {
      // Folded into the snapshot before any file goes: a crash in between replays them once more, which changes nothing.
      await this.snapshotter.save();
      for (const { path } of segments) {
        const problem = damaged.get(path);
        if (problem === undefined) {
          rmSync(path, { force: true });
          continue;
        }
        const aside = moveAside(path);
        this.options.onError(`the cache's append-only file ${basename(path)} is damaged: ${problem}; it was moved to ${aside}`);
      }
    }
    this.aof.open();
  }

  /** Makes `served` (the client that answers instances) append each write before answering it. */
  journal(served: Redis): void {
    journalRedisWrites(served, (record) => this.append(record));
  }

  private append(record: AofRecord): void {
    try {
      this.aof.append(record);
    } catch (error) {
      const message = `the cache could not record a write in ${APPEND_ONLY_FILE} (${(error as Error).message}); the write was refused`;
      if (message !== this.lastAppendError) this.options.onError(message);
      this.lastAppendError = message;
      throw new Error(message);
    }
    if (!this.compactionDue && !this.closed && (this.aof.bytes >= this.compactAfterBytes || this.aof.records >= this.compactAfterRecords)) {
      this.compactionDue = true;
      // Off the write's path: the writes go on into a fresh file meanwhile.
      setImmediate(() => {
        if (this.closed) return; // close() compacts anyway
        this.compact()
          .catch((error: unknown) => this.options.onError(`could not compact the cache's append-only file: ${(error as Error).message}`))
          .finally(() => (this.compactionDue = false));
      });
    }
  }

  /**
   * Folds the append-only file into a new snapshot. The file is first renamed aside (writes from then
   * on go to a fresh one), then the snapshot is taken and written, then the renamed file is deleted:
   * the snapshot holds every write of the renamed file, and writes made while it was being taken are
   * in the fresh file too, which start-up replays over it.
   */
  compact(): Promise<void> {
    const run = this.compaction.then(() => this.rewrite());
    this.compaction = run.catch(() => undefined);
    return run;
  }

  private async rewrite(): Promise<void> {
    if (this.aof.bytes === 0) return;
    const n = this.nextRotation++;
    this.aof.rotate(rotatedSegment(this.aof.file, n));
    await this.snapshotter.save();
    // Earlier ones too: left by a compaction that failed, they are in this snapshot as well.
    for (const segment of segmentsOf(this.aof.file)) if (segment.n <= n) rmSync(segment.path, { force: true });
  }

  /** Compacts and closes the file; call when no more writes come (after the runtime closed). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.compact();
    } finally {
      const empty = this.aof.bytes === 0;
      this.aof.close();
      if (empty) rmSync(this.aof.file, { force: true });
    }
  }
}
