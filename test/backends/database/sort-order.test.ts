// sort() in MongoDB's "Comparison/Sort Order" (cases in sort-cases.ts, shared with the emitter-level
// PostgreSQL suite sort-postgres.test.ts), through the SDK on every engine; and, on SQLite, that a sort
// on a field that only ever held one type stays served by its index (EXPLAIN QUERY PLAN), even while
// other fields of the collection hold arrays.
import { describe, expect, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import type { DocumentDatabase } from '../../../src/backends/database/document-database.js';
import { describeEachEngine } from './engines.js';
import { openTestDatabase, rejection } from './helpers.js';
import { sortCases } from './sort-cases.js';

async function ids(cursor: PromiseLike<{ _id: unknown }[]>): Promise<unknown[]> {
  return (await cursor).map((document) => document._id);
}

async function planOf(db: DocumentDatabase, cursor: unknown): Promise<string> {
  const { sql, params } = (cursor as DocumentCursor).toSQL();
  const { rows } = await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
  return rows.map((row) => row.detail).join('\n');
}

describeEachEngine('sort order (MongoDB Comparison/Sort Order)', (engine) => {
  it.each(sortCases.map((sortCase) => [sortCase.name, sortCase] as const))('%s', async (_name, { documents, sort, expected }) => {
    const db = await engine.open();
    await db.c.insertMany(documents);
    expect(await ids(db.c.find({}).sort(sort))).toEqual(expected);
  });

  it('the order holds with a filter, skip and limit, and after updates change a field\'s types', async () => {
    const db = await engine.open();
    await db.c.insertMany([
      { _id: 'a', k: 'x', tags: 3 },
      { _id: 'b', k: 'x', tags: 2 },
      { _id: 'c', k: 'y', tags: 1 },
      { _id: 'd', k: 'x', tags: 8 },
    ]);
    expect(await ids(db.c.find({ k: 'x' }).sort({ tags: -1 }))).toEqual(['d', 'a', 'b']);
    // tags becomes an array in one document, a boolean in another: the sort follows.
    await db.c.updateOne({ _id: 'b' }, { $set: { tags: [9, 0] } });
    await db.c.updateOne({ _id: 'a' }, { $set: { tags: true } });
    expect(await ids(db.c.find({ k: 'x' }).sort({ tags: -1 }))).toEqual(['a', 'b', 'd']); // true, max 9, 8
    expect(await ids(db.c.find({ k: 'x' }).sort({ tags: 1 }))).toEqual(['b', 'd', 'a']); // min 0, 8, true
    expect(await ids(db.c.find({ k: 'x' }).sort({ tags: 1 }).skip(1).limit(1))).toEqual(['d']);
  });

  it('sorting does not change which documents are returned, nor their contents', async () => {
    const db = await engine.open();
    const documents = [{ _id: 'a', v: [3, 'x', { y: 1 }] }, { _id: 'b', v: null }, { _id: 'c' }, { _id: 'd', v: [] }];
    await db.c.insertMany(documents);
    const sorted = await db.c.find({}).sort({ v: -1 });
    expect(sorted.map((document) => document._id)).toEqual(['a', 'b', 'c', 'd']);
    expect(sorted).toEqual([documents[0], documents[1], documents[2], documents[3]]);
  });

  it('bad sort specs are reported with the call and the field', async () => {
    const db = await engine.open();
    expect((await rejection(db.c.find({}).sort({ v: 2 } as never))).message).toBe('find on "c": sort direction for "v" must be 1 (ascending) or -1 (descending), got 2');
    expect((await rejection(db.c.find({}).sort('v' as never))).message).toBe('find on "c": sort() takes an object like { timestamp: -1 }, got a string');
    expect((await rejection(db.c.find({}).sort({ 'a..b': 1 }))).message).toBe('find on "c": sort(): invalid field path "a..b": it has an empty segment (leading, trailing or doubled dot)');
    const tooMany = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`f${i}`, 1 as const]));
    const error = await rejection(db.c.find({}).sort(tooMany));
    expect(error.code).toBe('INVALID_SORT');
    expect(error.message).toBe('find on "c": sort() on 33 fields; at most 32 are allowed');
  });
});

describe('a sort on a single-type field stays index-served', () => {
  async function seeded(): Promise<DocumentDatabase> {
    const db = openTestDatabase();
    await db.events.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({
        ts: 1_700_000_000_000 + i,
        tags: i % 2 === 0 ? ['a', String(i % 7)] : [], // another field holds arrays
        kind: i % 3 === 0 ? null : 'k', // null besides one type is still a single type
        flag: i % 5 === 0 ? true : i, // booleans among numbers: needs the type bracket
      })),
    );
    await db.createIndex('events', { ts: -1 });
    await db.createIndex('events', { kind: 1 });
    await db.createIndex('events', { flag: 1 });
    return db;
  }

  it('a numeric field: ORDER BY uses the index, no sorter, in both directions', async () => {
    const db = await seeded();
    for (const direction of [1, -1] as const) {
      const cursor = db.events.find({}).sort({ ts: direction }).limit(5);
      const plan = await planOf(db, cursor);
      expect(plan).toContain('USING INDEX events_ts_-1');
      expect(plan).not.toContain('TEMP B-TREE');
    }
    expect((await db.events.find({}).sort({ ts: -1 }).limit(3).select('ts')).map((event) => event.ts)).toEqual([1_700_000_001_999, 1_700_000_001_998, 1_700_000_001_997]);
  });

  it('a string field that also holds null: still index-served', async () => {
    const db = await seeded();
    const plan = await planOf(db, db.events.find({}).sort({ kind: 1 }).limit(5));
    expect(plan).toContain('USING INDEX events_kind_1');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('the array field and the mixed-type field are sorted (not by the index) in MongoDB\'s order', async () => {
    const db = await seeded();
    const mixedPlan = await planOf(db, db.events.find({}).sort({ flag: -1 }).limit(5));
    expect(mixedPlan).toContain('TEMP B-TREE');
    expect((await db.events.find({}).sort({ flag: -1, ts: -1 }).limit(2).select('flag ts')).map((event) => event.flag)).toEqual([true, true]);
    expect((await db.events.find({}).sort({ flag: 1 }).limit(1).select('flag'))[0]!.flag).toBe(1);
    const empty = await db.events.find({}).sort({ tags: 1, ts: 1 }).limit(1).select('tags ts');
    expect(empty).toEqual([{ _id: expect.any(String), tags: [], ts: 1_700_000_000_001 }]);
    const largest = await db.events.find({}).sort({ tags: -1, ts: 1 }).limit(1).select('tags');
    expect(largest[0]!.tags).toEqual(['a', '0']); // 'a' (above every digit) is each even document's largest; ts breaks the tie
  });
});
