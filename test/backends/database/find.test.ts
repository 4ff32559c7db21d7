// find(): lazy cursors, select (projection in SQL), sort, limit, skip; findOne and countDocuments,
// on every engine. The SQL that SQLite is given is checked in the SQLite-only block.
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import { describeEachEngine, itUnlessOn, type TestDatabase } from './engines.js';
import { openTestDatabase, rejection, thrown } from './helpers.js';

const transactions = () => [
  { _id: 't1', hash: '0x01', status: 'confirmed', timestamp: 300, amount: 5, meta: { from: 'A', to: 'B', fee: 1 } },
  { _id: 't2', hash: '0x02', status: 'pending', timestamp: 100, amount: 7, meta: { from: 'C' } },
  { _id: 't3', hash: '0x03', status: 'confirmed', timestamp: 200, amount: 5, memo: null },
  { _id: 't4', hash: '0x04', status: 'confirmed', timestamp: 400, amount: 1, flag: true },
];

describeEachEngine('find', (engine) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await engine.open();
    await db.tx.insertMany(transactions());
  });

  it('returns whole documents with their _id, awaited or through toArray()', async () => {
    const all = await db.tx.find({ status: 'pending' });
    expect(all).toEqual([{ _id: 't2', hash: '0x02', status: 'pending', timestamp: 100, amount: 7, meta: { from: 'C' } }]);
    expect(await db.tx.find({ status: 'pending' }).toArray()).toEqual(all);
    expect(await db.tx.find().toArray()).toHaveLength(4);
  });

  it('is lazy: the query runs when awaited, whatever the order of the chained calls', async () => {
    const cursor = db.tx.find({ status: 'confirmed' }).limit(2).sort({ timestamp: 1 }).select('timestamp');
    await db.tx.insertOne({ _id: 't0', status: 'confirmed', timestamp: 50 });
    expect(await cursor).toEqual([{ _id: 't0', timestamp: 50 }, { _id: 't3', timestamp: 200 }]);
  });

  // Finding: PostgreSQL's jsonb does not keep the order of an object's fields (it stores them
  // shortest name first), so there documents come back reordered, _id not first; MongoDB and SQLite
  // keep the order they were written in.
  itUnlessOn(engine, ['postgres'], 'jsonb reorders fields')('returns a document with its fields in the order they were written, _id first, nested ones too', async () => {
    await db.tx.insertOne({ _id: 'k', zeta: 1, nested: { long_name: 1, b: 2 }, mid: 3 });
    const found = await db.tx.findOne({ _id: 'k' });
    expect(JSON.stringify(found)).toBe('{"_id":"k","zeta":1,"nested":{"long_name":1,"b":2},"mid":3}');
    await db.tx.updateOne({ _id: 'k' }, { $set: { added: true } });
    expect(Object.keys((await db.tx.findOne({ _id: 'k' }))!)).toEqual(['_id', 'zeta', 'nested', 'mid', 'added']);
  });

  it('select: named fields (string or array) plus _id; missing fields are left out, null is kept', async () => {
    expect(await db.tx.find({ _id: { $in: ['t1', 't3'] } }).select('hash memo').sort({ _id: 1 })).toEqual([
      { _id: 't1', hash: '0x01' },
      { _id: 't3', hash: '0x03', memo: null },
    ]);
    const rows = await db.tx.find({ flag: true }).select(['flag', 'amount']);
    expect(rows).toEqual([{ _id: 't4', flag: true, amount: 1 }]);
    expect(Object.keys(rows[0]!)).toEqual(['_id', 'flag', 'amount']);
  });

  it('select: dotted paths give the nested shape; exclusions with -', async () => {
    expect(await db.tx.find({}).select('meta.from meta.fee').sort({ _id: 1 })).toEqual([
      { _id: 't1', meta: { from: 'A', fee: 1 } },
      { _id: 't2', meta: { from: 'C' } },
      { _id: 't3' },
      { _id: 't4' },
    ]);
    expect(await db.tx.find({ _id: 't1' }).select('-meta -hash -amount')).toEqual([{ _id: 't1', status: 'confirmed', timestamp: 300 }]);
  });

  it('sort on one or more fields, either direction, with limit and skip', async () => {
    const order = async (cursor: PromiseLike<{ _id: string }[]>) => (await cursor).map((doc) => doc._id);
    expect(await order(db.tx.find({}).sort({ timestamp: -1 }))).toEqual(['t4', 't1', 't3', 't2']);
    expect(await order(db.tx.find({}).sort({ amount: 1, timestamp: -1 }))).toEqual(['t4', 't1', 't3', 't2']);
    expect(await order(db.tx.find({}).sort({ amount: -1, _id: 1 }))).toEqual(['t2', 't1', 't3', 't4']);
    expect(await order(db.tx.find({}).sort({ timestamp: 1 }).skip(1).limit(2))).toEqual(['t3', 't1']);
    expect(await order(db.tx.find({}).sort({ timestamp: 1 }).skip(3))).toEqual(['t4']);
    expect(await order(db.tx.find({}).sort({ timestamp: 1 }).limit(0))).toEqual(['t2', 't3', 't1', 't4']);
  });

  it('findOne and countDocuments', async () => {
    expect(await db.tx.findOne({ hash: '0x03' })).toEqual({ _id: 't3', hash: '0x03', status: 'confirmed', timestamp: 200, amount: 5, memo: null });
    expect(await db.tx.findOne({ hash: 'nope' })).toBeNull();
    expect(await db.tx.countDocuments({ status: 'confirmed' })).toBe(3);
    expect(await db.tx.countDocuments()).toBe(4);
    expect(await db.never_written.countDocuments({})).toBe(0);
    expect(await db.never_written.find({ a: 1 })).toEqual([]);
  });

  it('bad select, sort, limit and skip arguments are reported', async () => {
    expect((await rejection(db.tx.find({}).sort({ timestamp: 2 } as never))).message).toBe('find on "tx": sort direction for "timestamp" must be 1 (ascending) or -1 (descending), got 2');
    expect((await rejection(db.tx.find({}).select('hash -memo'))).message).toContain('mixes included and excluded (-) fields');
    expect((await rejection(db.tx.find({}).select(''))).message).toContain('select() needs at least one field name');
    expect((await rejection(db.tx.find({}).select('meta meta.from'))).message).toContain('has both "meta" and "meta.from"');
    expect(thrown(() => db.tx.find({}).limit(-1)).message).toBe('limit() needs a whole number ≥ 0, got -1');
    expect(thrown(() => db.tx.find({}).skip(1.5)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('find: types', () => {
  it('select narrows the document type to the selected fields', () => {
    type Tx = { hash: string; status: string; amount: number; meta: { from: string } };
    const tx = openTestDatabase().collection<Tx>('tx');
    type Row = Awaited<ReturnType<typeof picked>>[number];
    const picked = () => tx.find({}).select('hash meta.from');
    expectTypeOf<Row>().toHaveProperty('hash').toEqualTypeOf<string>();
    expectTypeOf<Row>().toHaveProperty('meta');
    expectTypeOf<Row>().toHaveProperty('_id').toEqualTypeOf<string>();
    expectTypeOf<Row>().not.toHaveProperty('amount');
    type FromArray = Awaited<ReturnType<typeof fromArray>>[number];
    const fromArray = () => tx.find({}).select(['amount']);
    expectTypeOf<FromArray>().toHaveProperty('amount').toEqualTypeOf<number>();
    expectTypeOf<FromArray>().not.toHaveProperty('hash');
    type Excluded = Awaited<ReturnType<typeof excluded>>[number];
    const excluded = () => tx.find({}).select('-meta');
    expectTypeOf<Excluded>().toHaveProperty('amount');
  });
});

describe('find: SQLite only', () => {
  it('select is done in SQL (json_object), not by fetching whole documents', () => {
    const db = openTestDatabase();
    const { sql } = (db.tx.find({}).select('hash status') as unknown as DocumentCursor).toSQL();
    expect(sql).toMatch(/^SELECT json_object\('_id', _id, 'hash', .*'status', .* FROM "tx"$/);
  });
});
