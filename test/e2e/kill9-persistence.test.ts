// `neosl dev` killed with SIGKILL in the middle of a burst of writes, then restarted on the same
// project: every call that was answered 200 finds its cache key and its database document again.
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, killDevProcesses, post, startDev, type Dev } from '../helpers/dev-process.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const persistFixture = fileURLToPath(new URL('../fixtures/persist-project', import.meta.url));

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

const CALLS = 300;
const CONCURRENCY = 20;
/** Acknowledged writes after which the process is killed: mid-burst. */
const KILL_AFTER = 120;

async function readBack(dev: Dev, ids: number[]): Promise<{ cache: number[]; database: number[] }> {
  const answer = await post(`${dev.url}/functions/read`, { ids });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { cache: number[]; database: number[] };
}

describe('neosl dev killed with SIGKILL mid-burst', () => {
  it('keeps every write it answered 200: the cache key and the database document', async () => {
    const project = copyFixture(persistFixture);
    const first = await startDev(project);

    const acknowledged: number[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < CALLS) {
        const id = next++;
        try {
          const answer = await post(`${first.url}/functions/write`, { id });
          if (answer.status === 200 && ((await answer.json()) as { id: number }).id === id) acknowledged.push(id);
        } catch {
          // The connection died with the process: not acknowledged.
        }
        if (!killed && acknowledged.length >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(await first.exited).toBeNull(); // died of the signal, no exit code
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acknowledged.length).toBeLessThan(CALLS); // the kill did land mid-burst

    const all = Array.from({ length: CALLS }, (_, id) => id);
    const second = await startDev(project);
    const found = await readBack(second, all);
    expect(acknowledged.filter((id) => !found.cache.includes(id))).toEqual([]);
    expect(acknowledged.filter((id) => !found.database.includes(id))).toEqual([]);
    expect(second.stderr()).not.toMatch(/could not be read|damaged/);

    // A clean stop folds the append-only file into the snapshot; nothing is lost that way either.
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    const third = await startDev(project);
    const again = await readBack(third, all);
    expect(again.cache).toEqual(found.cache);
    expect(again.database).toEqual(found.database);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 90_000);

  it('moves a damaged snapshot and a truncated append-only file aside with a message, keeping the records it can read', async () => {
    const project = copyFixture(persistFixture);
    const first = await startDev(project);
    for (let id = 1; id <= 5; id++) expect((await post(`${first.url}/functions/write`, { id })).status).toBe(200);
    first.child.kill('SIGKILL');
    await first.exited;
    const state = join(project, '.neosl', 'state');
    writeFileSync(join(state, 'redis.json'), '{"version":1,"entries":[{"key":"write:9","ty');
    appendFileSync(join(state, 'redis.aof'), '{"op":"set","key":"write:6","val');

    const second = await startDev(project);
    expect(second.stderr()).toMatch(/the saved cache redis\.json could not be read \(.+\); it was moved to \S*redis\.json\.unreadable-\d+/);
    expect(second.stderr()).toMatch(/append-only file redis\.aof is damaged: line 6 could not be read; the 5 records it held besides were kept; it was moved to \S*redis\.aof\.unreadable-\d+/);
    const aside = readdirSync(state).filter((name) => name.includes('.unreadable-'));
    expect(aside).toHaveLength(2);
    expect(readFileSync(join(state, aside.find((name) => name.startsWith('redis.json'))!), 'utf8')).toContain('"write:9","ty');
    expect((await readBack(second, [1, 2, 3, 4, 5, 6])).cache).toEqual([1, 2, 3, 4, 5]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
