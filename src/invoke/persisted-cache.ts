// The cache `neosl invoke` runs on: the redis fake with the data `neosl dev` keeps under .neosl/state
// (redis.json, then the writes in redis.aof replayed over it), and each write of the function appended
// to redis.aof before it is acknowledged, as under `neosl dev` (src/emulator/redis-persistence.ts).
//
// Unlike dev, invoke only reads and appends: it never folds, rotates, moves aside or deletes a file,
// so that a `neosl dev` running on the same state meanwhile keeps its files as it left them. Dev folds
// the appended writes into redis.json when it next starts.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Redis } from 'ioredis';
import { openRedisConnection } from '../backends/cache/redis-connection.js';
import { AppendOnlyFile, readSegment, segmentsOf } from '../emulator/redis-append-only-file.js';
import { replayRecords, type AofRecord } from '../emulator/redis-aof-records.js';
import { APPEND_ONLY_FILE, loadRedis, SNAPSHOT_FILE } from '../emulator/redis-persistence.js';
import { journalRedisWrites } from '../emulator/redis-write-journal.js';

export interface PersistedCache {
  /** Makes `served` (the client that answers the function's commands) append each write before answering it. */
  journal(served: Redis): void;
  /** Closes the file and the loading client (the data is in the files). */
  close(): Promise<void>;
}

/** A line cut short by a crash would swallow the first record appended after it: end it first. */
function endLastLine(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r+');
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(fd, '\n', size);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Loads the saved cache into the process's redis fake; `warn` hears of a file that could not be read. */
export async function openPersistedCache(stateDir: string, warn: (message: string) => void): Promise<PersistedCache> {
  const loader = openRedisConnection();
  const snapshot = join(stateDir, SNAPSHOT_FILE);
  try {
    await loadRedis(loader.client, snapshot);
  } catch (error) {
    warn(`the saved cache ${SNAPSHOT_FILE} could not be read (${(error as Error).message}); this run starts without it (neosl dev moves it aside when it next starts)`);
  }
  const aofPath = join(stateDir, APPEND_ONLY_FILE);
  const records: AofRecord[] = [];
  for (const segment of segmentsOf(aofPath)) {
    try {
      records.push(...readSegment(segment.path).records);
    } catch (error) {
      warn(`the cache's append-only file ${basename(segment.path)} could not be read (${(error as Error).message}); this run starts without its writes`);
    }
  }
  await replayRecords(loader.client, records);

  const aof = new AppendOnlyFile(aofPath);
  let opened = false;
  const append = (record: AofRecord): void => {
    try {
      if (!opened) {
        endLastLine(aofPath);
        aof.open();
        opened = true;
      }
      aof.append(record);
    } catch (error) {
      throw new Error(`the cache could not record a write in ${APPEND_ONLY_FILE} (${(error as Error).message}); the write was refused`);
    }
  };
  return {
    journal: (served) => journalRedisWrites(served, append),
    async close() {
      aof.close();
      await loader.close();
    },
  };
}
