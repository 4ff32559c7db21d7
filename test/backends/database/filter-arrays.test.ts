// Array semantics of filters on every engine, with the documents and queries of MongoDB's manual
// pages "Query an Array", "Query an Array of Embedded Documents", $elemMatch, $size, $all and
// "Comparison/Sort Order". That SQLite's indexes still serve them, and the SQL it is given, are in
// the SQLite-only block at the end.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import type { Database } from '../../../src/sdk/database-types.js';
import { describeEachEngine, itUnlessOn, type TestDatabase } from './engines.js';
import { collections } from './filter-cases.js';
import { openTestDatabase, rejection } from './helpers.js';

/**
 * The manual's "Query an Array" and "Query an Array of Embedded Documents" documents (filter-cases.ts),
 * copies so that no test changes them for another; the stock document without a qty is left out (one test adds it).
 */
async function seed(db: Database): Promise<void> {
  await db.arrays.insertMany(structuredClone(collections.inventory!));
  await db.stock.insertMany(structuredClone(collections.stock!.filter((doc) => doc._id !== 'zz-partial')));
}

describeEachEngine('array filters', (engine) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await engine.open();
    await seed(db);
  });

  async function ids(collection: string, filter: Record<string, unknown>): Promise<string[]> {
    return (await db.collection(collection).find(filter).sort({ _id: 1 })).map((doc) => doc._id as string);
  }

  describe('Query an Array', () => {
    it.each([
      // an exact array, in order
      [{ tags: ['red', 'blank'] }, ['notebook']],
      [{ tags: { $eq: ['blank', 'red'] } }, ['journal', 'planner']],
      // one element
      [{ tags: 'red' }, ['journal', 'notebook', 'paper', 'planner']],
      [{ tags: { $eq: 'plain' } }, ['paper']],
      [{ dim_cm: 21 }, ['journal', 'notebook', 'paper']],
      [{ tags: { $in: ['plain', 'blue'] } }, ['paper', 'postcard']],
      // $ne / $nin exclude any element, and keep documents without the field
      [{ tags: { $ne: 'red' } }, ['postcard', 'zz-none']],
      [{ tags: { $nin: ['blue', 'plain'] } }, ['journal', 'notebook', 'planner', 'zz-none']],
      [{ tags: { $ne: ['red', 'blank'] } }, ['journal', 'paper', 'planner', 'postcard', 'zz-none']],
      // $all, $size, $elemMatch, positions
      [{ tags: { $all: ['red', 'blank'] } }, ['journal', 'notebook', 'paper', 'planner']],
      [{ tags: { $all: ['red', 'plain'] } }, ['paper']],
      [{ tags: { $size: 3 } }, ['paper']],
      [{ tags: { $size: 1 } }, ['postcard']],
      [{ dim_cm: { $elemMatch: { $gt: 22, $lt: 30 } } }, ['planner']],
      [{ 'dim_cm.1': { $gt: 25 } }, ['planner']],
      [{ 'tags.0': 'red' }, ['notebook', 'paper']],
    ])('%j matches %j', async (filter, expected) => {
      expect(await ids('arrays', filter)).toEqual(expected);
    });

    it('$elemMatch with operators ($elemMatch page: results between 80 and 85)', async () => {
      await db.scores.insertMany([{ _id: '1', results: [82, 85, 88] }, { _id: '2', results: [75, 88, 89] }]);
      expect((await db.scores.find({ results: { $elemMatch: { $gte: 80, $lt: 85 } } })).map((d) => d._id)).toEqual(['1']);
      expect((await db.scores.find({ results: { $elemMatch: { $in: [75, 76] } } })).map((d) => d._id)).toEqual(['2']);
    });

    it('arrays of arrays and booleans: an element equal to the array matches; true is not 1', async () => {
      await db.mixed.insertMany([{ _id: 'a', v: [[1, 2], 3] }, { _id: 'b', v: [true] }, { _id: 'c', v: [1] }, { _id: 'd', v: true }]);
      expect(await ids('mixed', { v: [1, 2] })).toEqual(['a']);
      expect(await ids('mixed', { v: 1 })).toEqual(['c']);
      expect(await ids('mixed', { v: true })).toEqual(['b', 'd']);
      expect(await ids('mixed', { v: { $in: [true] } })).toEqual(['b', 'd']);
    });
  });

  describe('Query an Array of Embedded Documents', () => {
    it.each([
      [{ instock: { warehouse: 'A', qty: 5 } }, ['journal']],
      [{ 'instock.qty': 5 }, ['journal', 'notebook', 'planner']],
      [{ 'instock.warehouse': { $in: ['B'] } }, ['paper', 'planner', 'postcard']],
      [{ 'instock.warehouse': { $ne: 'C' } }, ['paper', 'planner']],
      [{ 'instock.0.qty': { $lte: 20 } }, ['journal', 'notebook', 'postcard']],
      [{ instock: { $elemMatch: { qty: 5, warehouse: 'A' } } }, ['journal']],
      [{ instock: { $elemMatch: { qty: { $gt: 10, $lte: 20 } } } }, ['journal', 'paper', 'postcard']],
      [{ 'instock.qty': 5, 'instock.warehouse': 'A' }, ['journal', 'planner']],
      [{ 'instock.qty': null }, []],
      [{ 'instock.qty': { $exists: true } }, ['journal', 'notebook', 'paper', 'planner', 'postcard']],
      [{ 'instock.price': { $exists: false } }, ['journal', 'notebook', 'paper', 'planner', 'postcard']],
    ])('%j matches %j', async (filter, expected) => {
      expect(await ids('stock', filter)).toEqual(expected);
    });

    // Finding: PostgreSQL's jsonb does not keep the order of an object's fields, so there an
    // embedded-document equality ignores field order (MongoDB and SQLite do not).
    itUnlessOn(engine, ['postgres'], 'jsonb ignores field order')('an embedded document with the fields in another order is not equal: { instock: { qty: 5, warehouse: \'A\' } } finds nothing', async () => {
      expect(await ids('stock', { instock: { qty: 5, warehouse: 'A' } })).toEqual([]);
    });

    it('null through an array matches elements without the field, not documents whose elements have it', async () => {
      await db.stock.insertOne({ _id: 'zz-partial', instock: [{ warehouse: 'D' }, { warehouse: 'E', qty: 1 }] });
      expect(await ids('stock', { 'instock.qty': null })).toEqual(['zz-partial']);
      expect(await ids('stock', { 'instock.qty': { $ne: null } })).toEqual(['journal', 'notebook', 'paper', 'planner', 'postcard']);
    });
  });

  describe('range operators keep to their type bracket (Comparison/Sort Order)', () => {
    it('$gt 0 matches numbers, not true; $lt 2 not true or false', async () => {
      await db.br.insertMany([{ _id: 'one', v: 1 }, { _id: 'true', v: true }, { _id: 'false', v: false }, { _id: 'text', v: 'x' }]);
      expect(await ids('br', { v: { $gt: 0 } })).toEqual(['one']);
      expect(await ids('br', { v: { $lt: 2 } })).toEqual(['one']);
      expect(await ids('br', { v: { $gte: false } })).toEqual(['false', 'true']);
    });
  });

  it('with an index on a field holding arrays and scalars, equality and $in still find both', async () => {
    await db.arrays.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `n${i}`, tags: `t${i % 50}` })));
    await db.createIndex('arrays', { tags: 1 });
    expect(await ids('arrays', { tags: 'red' })).toEqual(['journal', 'notebook', 'paper', 'planner']);
    expect(await ids('arrays', { tags: { $in: ['blue', 't7'] } })).toEqual([...Array.from({ length: 10 }, (_, i) => `n${i * 50 + 7}`), 'postcard'].sort());
  });

  describe('errors', () => {
    it('bad operands of the array operators are named', async () => {
      expect((await rejection(db.arrays.find({ tags: { $size: -1 } }))).message).toContain('$size needs a whole number of at least 0 (at "tags")');
      expect((await rejection(db.arrays.find({ tags: { $all: 'red' } }))).message).toContain('$all needs an array of values (at "tags")');
      expect((await rejection(db.arrays.find({ tags: { $elemMatch: 5 } }))).message).toContain('$elemMatch needs a condition object');
      expect((await rejection(db.arrays.find({ tags: { $all: [{ $gt: 1 }] } }))).message).toContain('$all takes values or { $elemMatch: … } objects (at "tags.$all[0]")');
      expect((await rejection(db.arrays.find({ tags: { $elemMatch: { $gt: 1, qty: 2 } } }))).message).toContain('$elemMatch at "tags" mixes operators and field names');
    });
  });

  describe('Query for Null or Missing Fields', () => {
    it('equality to null, $type null and $exists (the manual\'s inventory example)', async () => {
      await db.nulls.insertMany([{ _id: '1', item: null }, { _id: '2' }]);
      const found = async (filter: Record<string, unknown>) => (await db.nulls.find(filter).sort({ _id: 1 })).map((doc) => doc._id);
      expect(await found({ item: null })).toEqual(['1', '2']);
      expect(await found({ item: { $ne: null } })).toEqual([]);
      expect(await found({ item: { $type: 10 } })).toEqual(['1']);
      expect(await found({ item: { $type: 'null' } })).toEqual(['1']);
      expect(await found({ item: { $exists: false } })).toEqual(['2']);
      expect(await found({ item: { $in: [null] } })).toEqual(['1', '2']);
    });
  });

  describe('$all with $elemMatch, and dotted paths through nested arrays of documents', () => {
    it('$all of $elemMatch conditions needs an element for each', async () => {
      expect(await ids('stock', { instock: { $all: [{ $elemMatch: { warehouse: 'A' } }, { $elemMatch: { qty: { $gte: 30 } } }] } })).toEqual(['paper', 'planner']);
    });

    it('"a.b.c" follows two levels of arrays', async () => {
      await db.deep.insertMany([
        { _id: 'x', orders: [{ lines: [{ sku: 'p1' }, { sku: 'p2' }] }, { lines: [] }] },
        { _id: 'y', orders: [{ lines: [{ sku: 'p3' }] }] },
        { _id: 'z', orders: { lines: { sku: 'p2' } } },
      ]);
      expect(await ids('deep', { 'orders.lines.sku': 'p2' })).toEqual(['x', 'z']);
      expect(await ids('deep', { 'orders.lines.sku': { $in: ['p3'] } })).toEqual(['y']);
      expect(await ids('deep', { 'orders.lines.sku': { $ne: 'p2' } })).toEqual(['y']);
    });
  });

  describe('numeric path segments', () => {
    it('are object keys on objects ({ "byBlock.100": 5 }) and positions on arrays', async () => {
      await db.blocks.insertMany([
        { _id: 'object', byBlock: { 100: 5, 7: 1 } },
        { _id: 'array', byBlock: [0, 5] },
        { _id: 'other', byBlock: { 100: 6 } },
      ]);
      expect(await ids('blocks', { 'byBlock.100': 5 })).toEqual(['object']);
      expect(await ids('blocks', { 'byBlock.100': { $gte: 5 } })).toEqual(['object', 'other']);
      expect(await ids('blocks', { 'byBlock.1': 5 })).toEqual(['array']);
      expect(await ids('blocks', { 'byBlock.7': { $exists: true } })).toEqual(['object']);
    });
  });
});

describe('array filters: SQLite only: indexes and SQL', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = openTestDatabase();
    await seed(db);
  });

  async function ids(collection: string, filter: Record<string, unknown>): Promise<string[]> {
    return (await db.collection(collection).find(filter).sort({ _id: 1 })).map((doc) => doc._id as string);
  }

  describe('indexes still serve scalar equality', () => {
    it('equality and $in on an indexed field holding arrays use the index (MULTI-INDEX OR) and also find arrays holding the value', async () => {
      await db.arrays.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `n${i}`, tags: `t${i % 50}` })));
      await db.createIndex('arrays', { tags: 1 });
      for (const filter of [{ tags: 'red' }, { tags: { $in: ['red', 'blue'] } }]) {
        const { sql, params } = (db.arrays.find(filter) as unknown as DocumentCursor).toSQL();
        const { rows } = await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
        const plan = rows.map((row) => row.detail).join('\n');
        expect(plan).toContain('SEARCH arrays USING INDEX arrays_tags_1 (<expr>=?)');
        expect(plan).not.toMatch(/SCAN arrays\b/);
      }
      expect(await ids('arrays', { tags: 'red' })).toEqual(['journal', 'notebook', 'paper', 'planner']);
      expect(await ids('arrays', { tags: 't7' })).toEqual(Array.from({ length: 10 }, (_, i) => `n${i * 50 + 7}`).sort());
    });
  });

  it('a field that was only ever an object compiles to its object key alone', async () => {
    await db.counters.insertOne({ _id: 'c', byBlock: { 100: 5 } });
    const { sql } = (db.counters.find({ 'byBlock.100': 5 }) as unknown as DocumentCursor).toSQL();
    expect(sql).toContain(`json_extract(doc, '$.byBlock."100"') = ?`);
    expect(sql).not.toContain('[100]');
  });
});
