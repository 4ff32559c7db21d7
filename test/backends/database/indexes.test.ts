// createIndex on every engine (names, idempotence, unique indexes, bad specs); on SQLite, that it
// builds real expression indexes and that queries use them (EXPLAIN QUERY PLAN).
import { describe, expect, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import type { DocumentDatabase } from '../../../src/backends/database/document-database.js';
import type { Database } from '../../../src/sdk/database-types.js';
import { describeEachEngine } from './engines.js';
import { openTestDatabase, rejection } from './helpers.js';

async function planOf(db: DocumentDatabase, cursor: unknown): Promise<string> {
  const { sql, params } = (cursor as DocumentCursor).toSQL();
  const { rows } = await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
  return rows.map((row) => row.detail).join('\n');
}

async function seed(db: Database): Promise<void> {
  await db.transactions.insertMany(
    Array.from({ length: 5000 }, (_, i) => ({
      hash: `0x${i.toString(16).padStart(8, '0')}`,
      status: ['confirmed', 'pending', 'failed'][i % 3],
      timestamp: 1_700_000_000_000 + i * 1000,
      amount: i % 97,
    })),
  );
}

describeEachEngine('createIndex', (engine) => {
  it('an indexed range query + sort (single and compound index) gives the same documents as without the index', async () => {
    const db = await engine.open();
    await seed(db);
    const range = () => db.transactions.find({ timestamp: { $gte: 1_700_004_000_000 } }).sort({ timestamp: -1 }).limit(10).select('hash timestamp');
    const compound = () => db.transactions.find({ status: 'pending', timestamp: { $lt: 1_700_000_100_000 } }).sort({ timestamp: -1 });
    const unindexed = [await range(), await compound()];
    await db.createIndex('transactions', { timestamp: -1 });
    await db.createIndex('transactions', { status: 1, timestamp: -1 }, { name: 'by_status_time' });
    expect([await range(), await compound()]).toEqual(unindexed);
    expect(unindexed[0]!.map((row) => row.timestamp)).toEqual(Array.from({ length: 10 }, (_, i) => 1_700_000_000_000 + (4999 - i) * 1000));
    expect(unindexed[1]!.map((row) => (row.timestamp - 1_700_000_000_000) / 1000)).toEqual([97, 94, 91, 88, 85, 82, 79, 76, 73, 70, 67, 64, 61, 58, 55, 52, 49, 46, 43, 40, 37, 34, 31, 28, 25, 22, 19, 16, 13, 10, 7, 4, 1]);
  });

  it('is idempotent; the same name with another definition is an error; it works before the collection has documents', async () => {
    const db = await engine.open();
    expect(await db.createIndex('events', { 'meta.kind': 1 })).toBe('events_meta.kind_1');
    expect(await db.createIndex('events', { 'meta.kind': 1 })).toBe('events_meta.kind_1');
    const clash = await rejection(db.createIndex('events', { at: -1 }, { name: 'events_meta.kind_1' }));
    expect(clash.code).toBe('INVALID_INDEX');
    expect(clash.message).toContain('an index named "events_meta.kind_1" already exists on this collection with a different definition');
    await db.events.insertMany([{ meta: { kind: 'b' } }, { meta: { kind: 'a' } }]);
    expect((await db.events.find({ 'meta.kind': 'a' })).map((event) => event.meta)).toEqual([{ kind: 'a' }]);
  });

  it('a unique index rejects duplicates, and cannot be built over existing ones', async () => {
    const db = await engine.open();
    await db.users.insertMany([{ email: 'a@x' }, { email: 'b@x' }, { name: 'no email' }, { name: 'no email either' }]);
    await db.createIndex('users', { email: 1 }, { unique: true });
    const error = await rejection(db.users.insertOne({ email: 'a@x' }));
    expect(error.code).toBe('DUPLICATE_KEY');
    expect(error.message).toBe('insertOne on "users": the document is a duplicate key: unique index "users_email_1" already has a document with the same email: "a@x"');
    await db.users.insertOne({ email: 'b@x ' });
    await db.other.insertMany([{ k: 1 }, { k: 1 }]);
    const build = await rejection(db.createIndex('other', { k: 1 }, { unique: true }));
    expect(build.code).toBe('DUPLICATE_KEY');
    expect(build.message).toContain('cannot build unique index "other_k_1": some documents already share the same values');
  });

  it.each([
    [{}, 'createIndex("tx", {}): the index spec is empty; name at least one field, e.g. { timestamp: -1 }'],
    [{ hash: 2 }, 'createIndex("tx", {"hash":2}): the value for "hash" must be 1 (ascending) or -1 (descending), got 2'],
    [{ hash: 'text' }, 'createIndex("tx", {"hash":"text"}): the value for "hash" must be 1 (ascending) or -1 (descending), got "text" (index type "text" is not supported)'],
    [{ hash: 1, 'meta..kind': -1 }, 'createIndex("tx", {"hash":1,"meta..kind":-1}): invalid field path "meta..kind": it has an empty segment (leading, trailing or doubled dot)'],
    [{ $hash: 1 }, 'createIndex("tx", {"$hash":1}): invalid field path "$hash": segment "$hash" starts with "$"'],
    [['hash'], 'createIndex("tx", ["hash"]): the index spec must be an object like { timestamp: -1 }, got an array'],
  ])('rejects the spec %j', async (spec, message) => {
    const db = await engine.open();
    const error = await rejection(db.createIndex('tx', spec as never));
    expect(error.code).toBe('INVALID_INDEX');
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('rejects unknown options and bad collection names', async () => {
    const db = await engine.open();
    expect((await rejection(db.createIndex('tx', { a: 1 }, { uniqe: true } as never))).message).toContain('unknown index option "uniqe"; did you mean "unique"?');
    const bad = await rejection(db.createIndex('price-feeds', { a: 1 }));
    expect(bad.code).toBe('INVALID_COLLECTION');
    expect(bad.message).toBe('createIndex: invalid collection name "price-feeds": use letters, digits and _, starting with a letter (e.g. "price_feeds")');
  });
});

describe('createIndex: SQLite only: expression indexes and query plans', () => {
  it('an index on a path with a digits-only segment (byBlock.100 on an object) serves the filter on it', async () => {
    const db = openTestDatabase();
    await db.balances.insertMany(Array.from({ length: 500 }, (_, i) => ({ account: `a${i}`, byBlock: { '100': i % 10, '101': i } })));
    await db.createIndex('balances', { 'byBlock.100': 1 });
    const cursor = db.balances.find({ 'byBlock.100': 7 });
    expect(await planOf(db, cursor)).toContain('USING INDEX balances_byBlock.100_1');
    expect((await db.balances.countDocuments({ 'byBlock.100': 7 }))).toBe(50);
    expect(await db.createIndex('balances', { 'byBlock.100': 1 })).toBe('balances_byBlock.100_1'); // idempotent
  });

  it('builds a SQLite expression index on json_extract of the path', async () => {
    const db = openTestDatabase();
    await db.createIndex('events', { 'meta.kind': 1 });
    const { rows } = await db.query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`);
    expect(rows).toEqual([{ name: 'events_meta.kind_1', sql: `CREATE INDEX "events_meta.kind_1" ON "events" (json_extract(doc, '$.meta.kind'))` }]);
  });

  it('an indexed range query + sort uses the index (and scans without it), with the same results', async () => {
    const db = openTestDatabase();
    await seed(db);
    const query = () => db.transactions.find({ timestamp: { $gte: 1_700_004_000_000 } }).sort({ timestamp: -1 }).limit(10).select('hash timestamp');

    const before = await planOf(db, query());
    expect(before).toMatch(/SCAN transactions/);
    expect(before).not.toContain('USING INDEX');
    const unindexed = await query();

    const name = await db.createIndex('transactions', { timestamp: -1 });
    expect(name).toBe('transactions_timestamp_-1');
    const after = await planOf(db, query());
    expect(after).toContain('SEARCH transactions USING INDEX transactions_timestamp_-1');
    expect(after).not.toContain('SCAN');
    expect(after).not.toContain('TEMP B-TREE'); // the index gives the order too
    expect(await query()).toEqual(unindexed);
    expect(unindexed.map((row) => row.timestamp)).toEqual(Array.from({ length: 10 }, (_, i) => 1_700_000_000_000 + (4999 - i) * 1000));
  });

  it('a compound index serves equality on its first field and a range on the second; $in and _id too', async () => {
    const db = openTestDatabase();
    await seed(db);
    await db.createIndex('transactions', { status: 1, timestamp: -1 }, { name: 'by_status_time' });
    expect(await planOf(db, db.transactions.find({ status: 'pending', timestamp: { $lt: 1_700_000_100_000 } }).sort({ timestamp: -1 }))).toMatch(
      /SEARCH transactions USING INDEX by_status_time \(<expr>=\? AND <expr>/,
    );
    expect(await planOf(db, db.transactions.find({ status: { $in: ['pending', 'failed'] } }))).toContain('USING INDEX by_status_time');
    expect(await planOf(db, db.transactions.find({ _id: 'x' }))).toMatch(/USING INDEX sqlite_autoindex_transactions_1|USING PRIMARY KEY/);
    const rows = await db.transactions.find({ status: 'pending', timestamp: { $lt: 1_700_000_100_000 } }).sort({ timestamp: -1 });
    expect(rows.map((row) => row.timestamp)).toEqual([97, 94, 91, 88, 85, 82, 79, 76, 73, 70, 67, 64, 61, 58, 55, 52, 49, 46, 43, 40, 37, 34, 31, 28, 25, 22, 19, 16, 13, 10, 7, 4, 1].map((i) => 1_700_000_000_000 + i * 1000));
  });
});
