// The filter operators on the document database (SQLite), with the cases shared with the PostgreSQL
// dialect (filter-cases.ts: MongoDB's documented examples for arrays, nulls, types, $regex, $not,
// $type …), plus what users notice around them: errors, and indexes still used.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import type { DocumentDatabase } from '../../../src/backends/database/document-database.js';
import { collections, filterCases, keyOrderCases, regexCases } from './filter-cases.js';
import { openTestDatabase, rejection } from './helpers.js';

let db: DocumentDatabase;

beforeEach(async () => {
  db = openTestDatabase();
  for (const [name, documents] of Object.entries(collections)) await db.collection(name).insertMany(documents.map((doc) => structuredClone(doc)));
});

async function ids(collection: string, filter: Record<string, unknown>): Promise<string[]> {
  return (await db.collection(collection).find(filter).sort({ _id: 1 })).map((doc) => doc._id as string);
}

describe('MongoDB\'s documented cases', () => {
  it.each(filterCases)('%s %j matches %j', async (collection, filter, expected) => {
    expect(await ids(collection, filter)).toEqual(expected);
  });

  it.each([...regexCases, ...keyOrderCases])('%s %s matches %j', async (collection, filter, expected) => {
    expect(await ids(collection, filter)).toEqual(expected);
  });

  it('count, delete and update use the same semantics', async () => {
    expect(await db.inventory.countDocuments({ tags: 'red' })).toBe(4);
    expect((await db.inventory.updateMany({ tags: 'blue' }, { $set: { sold: true } })).modifiedCount).toBe(1);
    expect((await db.inventory.deleteMany({ 'dim_cm': { $elemMatch: { $lt: 11 } } })).deletedCount).toBe(1);
    expect(await ids('inventory', { sold: true })).toEqual([]);
  });
});

describe('$regex, $not, $type errors', () => {
  it.each([
    [{ s: { $regex: '\\bword' } }, '$regex escape "\\b" is not supported (at "s"): its meaning differs between the database engines'],
    [{ s: { $regex: '(?<year>\\d+)' } }, '$regex group "(?<" is not supported (at "s")'],
    [{ s: { $regex: '(' } }, '$regex pattern "(" is not a valid regular expression (at "s")'],
    [{ s: { $regex: 5 } }, '$regex needs a string or a regular expression (at "s"), got 5'],
    [{ s: { $regex: 'a', $options: 'g' } }, '$options flag "g" is not supported (at "s"); supported: i m s x'],
    [{ s: { $options: 'i' } }, '$options needs a $regex next to it (at "s")'],
    [{ s: { $not: 5 } }, '$not needs an operator expression or a regular expression'],
    [{ s: { $type: 'date' } }, '$type "date" never matches here (at "s"): Dates are stored as ISO strings'],
    [{ s: { $type: 'strng' } }, '$type "strng" is not a type a stored document can hold (at "s"); did you mean "string"?'],
    [{ s: { $in: [/a/] } }, 'regular expressions inside $in are not supported (at "s.$in[0]")'],
    [{ s: { $gt: /a/ } }, '$gt needs a number, string, Date, boolean or null (at "s"), got a regular expression'],
    [{ s: { $mod: [2, 1] } }, 'operator $mod is not supported (at "s")'],
  ])('%j: %s', async (filter, message) => {
    const error = await rejection(db.words.find(filter));
    expect(error.code).toBe('INVALID_FILTER');
    expect(error.message).toContain(message);
  });
});

describe('indexes', () => {
  async function plan(collection: string, cursor: unknown): Promise<string> {
    const { sql, params } = (cursor as DocumentCursor).toSQL();
    const { rows } = await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
    void collection;
    return rows.map((row) => row.detail).join('\n');
  }

  it('equality + sort on a compound index is served by the index, with arrays stored in other fields', async () => {
    await db.events.insertMany(Array.from({ length: 300 }, (_, i) => ({ status: `s${i % 3}`, ts: i, tags: [`t${i % 7}`, 'all'], items: [{ k: i }] })));
    await db.createIndex('events', { status: 1, ts: -1 });
    const query = db.events.find({ status: 's1' }).sort({ ts: -1 }).limit(5);
    const detail = await plan('events', query);
    expect(detail).toContain('SEARCH events USING INDEX events_status_1_ts_-1 (<expr>=?)');
    expect(detail).not.toContain('TEMP B-TREE');
    expect((await query).map((doc) => doc.ts)).toEqual([298, 295, 292, 289, 286]);
    // and the array fields still answer element-wise
    expect(await db.events.countDocuments({ status: 's1', tags: 't0' })).toBe(14);
    expect(await db.events.countDocuments({ 'items.k': 7 })).toBe(1);
  });

  it('a range on an indexed field that never held a boolean, array or object is a plain index range', async () => {
    await db.ranges.insertMany(Array.from({ length: 300 }, (_, i) => ({ n: i, label: `l${i}` })));
    await db.createIndex('ranges', { n: 1 });
    const { sql } = (db.ranges.find({ n: { $gt: 250 } }) as unknown as DocumentCursor).toSQL();
    expect(sql).not.toContain('json_type');
    expect(sql).not.toContain('json_each');
    expect(await plan('ranges', db.ranges.find({ n: { $gt: 250 } }))).toContain('SEARCH ranges USING INDEX ranges_n_1 (<expr>>? AND <expr><?)');
  });
});
