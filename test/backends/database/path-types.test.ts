// The path-type map on SQLite (path-type-registry.ts): filters stay plain (index-served) on paths
// that never held an array, and every way a write can put an array somewhere makes the filters
// answer element-wise there — inserts, updates, upserts, renames, another connection's writes, and
// collections written before the map existed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import type { DocumentDatabase } from '../../../src/backends/database/document-database.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { openTestDatabase, thrown } from './helpers.js';

function sqlOf(db: DocumentDatabase, collection: string, filter: Record<string, unknown>): string {
  return (db.collection(collection).find(filter) as unknown as DocumentCursor).toSQL().sql;
}

async function ids(db: DocumentDatabase, collection: string, filter: Record<string, unknown>): Promise<string[]> {
  return (await db.collection(collection).find(filter).sort({ _id: 1 })).map((doc) => doc._id as string);
}

describe('the path-type map', () => {
  it('keeps filters plain until an array is stored, then matches elements', async () => {
    const db = openTestDatabase();
    await db.posts.insertMany([{ _id: 'a', tag: 'x' }, { _id: 'b', tag: 'y' }]);
    expect(sqlOf(db, 'posts', { tag: 'x' })).toBe(`SELECT doc FROM "posts" WHERE json_extract(doc, '$.tag') = ?`);
    await db.posts.insertOne({ _id: 'c', tag: ['x', 'z'] });
    expect(sqlOf(db, 'posts', { tag: 'x' })).toContain('json_each');
    expect(await ids(db, 'posts', { tag: 'x' })).toEqual(['a', 'c']);
  });

  it('updates record what they write: $set of an array, $push, $addToSet, $rename, upsert', async () => {
    const db = openTestDatabase();
    await db.u.insertMany([{ _id: 'a', v: 1, w: 1 }, { _id: 'b', v: 2, w: 2 }]);
    await db.u.updateOne({ _id: 'a' }, { $set: { v: [5, 6] } });
    expect(await ids(db, 'u', { v: 6 })).toEqual(['a']);
    await db.u.updateOne({ _id: 'b' }, { $push: { list: { k: 3 } } });
    expect(await ids(db, 'u', { 'list.k': 3 })).toEqual(['b']);
    await db.u.updateOne({ _id: 'b' }, { $addToSet: { set: 'q' } });
    expect(await ids(db, 'u', { set: 'q' })).toEqual(['b']);
    await db.u.updateOne({ _id: 'a' }, { $rename: { v: 'moved' } });
    expect(await ids(db, 'u', { moved: 5 })).toEqual(['a']);
    await db.u.updateOne({ _id: 'c' }, { $set: { tags: ['new'] } }, { upsert: true });
    expect(await ids(db, 'u', { tags: 'new' })).toEqual(['c']);
    await db.u.bulkWrite([{ insertOne: { document: { _id: 'd', w: [9] } } }, { updateOne: { filter: { _id: 'a' }, update: { $set: { 'nested.deep': [1] } } } }]);
    expect(await ids(db, 'u', { w: 9 })).toEqual(['d']);
    expect(await ids(db, 'u', { 'nested.deep': 1 })).toEqual(['a']);
  });

  it('a second connection on the same file sees the arrays the first one stored', async () => {
    const file = join(makeTempDir('neosl-path-types-'), 'shared.db');
    const first = openTestDatabase(file);
    const second = openTestDatabase(file);
    await first.feed.insertOne({ _id: 'a', kind: 'x' });
    expect(await ids(second, 'feed', { kind: 'x' })).toEqual(['a']); // the second caches "no arrays"
    await first.feed.insertOne({ _id: 'b', kind: ['x', 'y'] });
    expect(await ids(second, 'feed', { kind: 'y' })).toEqual(['b']);
    expect(await ids(second, 'feed', { kind: 'x' })).toEqual(['a', 'b']);
  });

  it('a collection written before the map existed is scanned on first use', async () => {
    const file = join(makeTempDir('neosl-path-types-'), 'old.db');
    const old = openTestDatabase(file);
    await old.query('CREATE TABLE legacy (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)');
    await old.query(`INSERT INTO legacy (_id, doc) VALUES ('a', '{"_id":"a","tags":["red","blue"]}'), ('b', '{"_id":"b","tags":"red"}')`);
    old.close();
    const reopened = openTestDatabase(file);
    expect(await ids(reopened, 'legacy', { tags: 'blue' })).toEqual(['a']);
    expect(await ids(reopened, 'legacy', { tags: 'red' })).toEqual(['a', 'b']);
    const { rows } = await reopened.query<{ path: string; types: number }>(`SELECT path, types FROM _neosl_path_types WHERE collection = 'legacy' ORDER BY path`);
    expect(rows.map((row) => row.path)).toEqual(['_id', 'tags']);
  });

  it('past MAX_TRACKED_PATHS distinct paths (map-like documents) every path is treated as possibly an array', async () => {
    const db = openTestDatabase();
    const wide = Object.fromEntries(Array.from({ length: 2100 }, (_, i) => [`k${i}`, i]));
    await db.wide.insertOne({ _id: 'map', ...wide });
    await db.wide.insertOne({ _id: 'list', k5: [5, 6] });
    expect(sqlOf(db, 'wide', { k7: 7 })).toContain('json_each');
    expect(await ids(db, 'wide', { k5: 5 })).toEqual(['list', 'map']);
    expect(await ids(db, 'wide', { k5: 6 })).toEqual(['list']);
  });

  it('its table is not a collection name', () => {
    const db = openTestDatabase();
    expect(thrown(() => db.collection('_neosl_path_types')).code).toBe('INVALID_COLLECTION');
  });
});

describe('the path-type map and transactions', () => {
  it('types written in a transaction that rolled back are written again by the next write', async () => {
    const file = join(makeTempDir('neosl-path-types-'), 'rollback.db');
    const first = openTestDatabase(file);
    const second = openTestDatabase(file);
    await first.rb.insertOne({ _id: 'a', tags: 'x' });
    await first.query('BEGIN IMMEDIATE');
    await first.rb.insertOne({ _id: 'b', tags: ['x'] });
    await first.query('ROLLBACK');
    await first.query('BEGIN IMMEDIATE');
    await first.rb.insertOne({ _id: 'c', tags: ['y'] });
    await first.query('COMMIT');
    expect(await ids(second, 'rb', { tags: 'y' })).toEqual(['c']);
    expect(await ids(first, 'rb', { tags: 'x' })).toEqual(['a']);
  });
});
