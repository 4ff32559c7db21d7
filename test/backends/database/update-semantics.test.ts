// Update semantics checked against MongoDB's manual: numeric path segments on objects and arrays
// ($set / $inc / $unset, "Update Operators" and "$set"), padding past an array's end, $addToSet
// with $each ("$addToSet", "$each"), $rename ("$rename") and $setOnInsert ("$setOnInsert").
// Every case reads the document back, on every engine.
import { describe, expect, it } from 'vitest';
import type { Update } from '../../../src/sdk/database-types.js';
import { describeEachEngine } from './engines.js';
import { rejection } from './helpers.js';

/** An update written as a plain object (some cases here are malformed on purpose). */
const op = (update: Record<string, unknown>): Update => update as Update;

describeEachEngine('update semantics', (engine) => {
  describe('numeric path segments', () => {
    it('are object keys when the field is an object: $inc and $set write the key "100"', async () => {
      const db = await engine.open();
      await db.stats.insertOne({ _id: 's', byBlock: { '100': 1 } });
      expect(await db.stats.updateOne({ _id: 's' }, { $inc: { 'byBlock.100': 5 } })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await db.stats.findOne({ _id: 's' })).toEqual({ _id: 's', byBlock: { '100': 6 } });
      await db.stats.updateOne({ _id: 's' }, { $set: { 'byBlock.100': 5, 'byBlock.7': 'x' } });
      expect(await db.stats.findOne({ _id: 's' })).toEqual({ _id: 's', byBlock: { '100': 5, '7': 'x' } });
    });

    it('create an object (not an array) when the field is missing, as $set creates embedded documents', async () => {
      const db = await engine.open();
      await db.stats.insertMany([{ _id: 'a' }, { _id: 'b' }]);
      expect(await db.stats.updateOne({ _id: 'a' }, { $inc: { 'byBlock.100': 5 } })).toMatchObject({ modifiedCount: 1 });
      expect(await db.stats.updateOne({ _id: 'b' }, { $set: { 'byBlock.0.n': 1 } })).toMatchObject({ modifiedCount: 1 });
      expect(await db.stats.find({}).sort({ _id: 1 })).toEqual([
        { _id: 'a', byBlock: { '100': 5 } },
        { _id: 'b', byBlock: { '0': { n: 1 } } },
      ]);
    });

    it('are array positions when the field is an array, decided per document in one updateMany', async () => {
      const db = await engine.open();
      await db.stats.insertMany([
        { _id: 'arr', v: [10, 20, { n: 1 }] },
        { _id: 'obj', v: { '1': 7, '2': { n: 1 } } },
      ]);
      expect(await db.stats.updateMany({}, { $inc: { 'v.1': 1, 'v.2.n': 10 } })).toEqual({ matchedCount: 2, modifiedCount: 2, upsertedId: null });
      expect(await db.stats.find({}).sort({ _id: 1 })).toEqual([
        { _id: 'arr', v: [10, 21, { n: 11 }] },
        { _id: 'obj', v: { '1': 8, '2': { n: 11 } } },
      ]);
    });

    it('$unset of an array element sets it to null; of an object key removes the key ("$unset")', async () => {
      const db = await engine.open();
      await db.stats.insertMany([
        { _id: 'arr', v: [1, 2, 3] },
        { _id: 'obj', v: { '1': 'x', '2': 'y' } },
      ]);
      await db.stats.updateMany({}, { $unset: { 'v.1': '' } });
      expect(await db.stats.find({}).sort({ _id: 1 })).toEqual([
        { _id: 'arr', v: [1, null, 3] },
        { _id: 'obj', v: { '2': 'y' } },
      ]);
    });

    it('a non-numeric segment inside an array, or any segment inside a scalar, is an error and writes nothing', async () => {
      const db = await engine.open();
      await db.stats.insertMany([{ _id: 'a', v: [1] }, { _id: 'b', s: 'text' }]);
      expect((await rejection(db.stats.updateOne({ _id: 'a' }, { $set: { 'v.x': 1 } }))).message).toContain('cannot update inside "v" of the document with _id "a": it is not an object');
      expect((await rejection(db.stats.updateOne({ _id: 'b' }, { $set: { 's.0': 1 } }))).message).toContain('cannot update inside "s" of the document with _id "b": it is not an object or array');
      expect(await db.stats.find({}).sort({ _id: 1 })).toEqual([{ _id: 'a', v: [1] }, { _id: 'b', s: 'text' }]);
    });
  });

  describe('past the end of an array', () => {
    it('$set pads with null up to the position', async () => {
      const db = await engine.open();
      await db.arr.insertMany([{ _id: 'one', a: [0] }, { _id: 'empty', a: [] }, { _id: 'nested', a: [[1]] }]);
      await db.arr.updateMany({}, { $set: { 'a.5': 1 } });
      expect(await db.arr.find({}).sort({ _id: 1 })).toEqual([
        { _id: 'empty', a: [null, null, null, null, null, 1] },
        { _id: 'nested', a: [[1], null, null, null, null, 1] },
        { _id: 'one', a: [0, null, null, null, null, 1] },
      ]);
    });

    it('at the end appends; $inc, $push and embedded paths pad too', async () => {
      const db = await engine.open();
      await db.arr.insertOne({ _id: 'x', a: [0], b: [], c: [{ n: 1 }] });
      await db.arr.updateOne({ _id: 'x' }, { $set: { 'a.1': 'end' }, $inc: { 'b.2': 3 }, $push: { 'c.2.list': 'p' } });
      expect(await db.arr.findOne({ _id: 'x' })).toEqual({ _id: 'x', a: [0, 'end'], b: [null, null, 3], c: [{ n: 1 }, null, { list: ['p'] }] });
      // Two positions in the same array: padded to the larger one.
      await db.arr.updateOne({ _id: 'x' }, { $set: { 'a.3': 3, 'a.5': 5 } });
      expect(await db.arr.findOne({ _id: 'x' })).toMatchObject({ a: [0, 'end', null, 3, null, 5] });
    });

    it('refuses to pad with more than 100000 nulls, and writes nothing', async () => {
      const db = await engine.open();
      await db.arr.insertOne({ _id: 'x', a: [0] });
      const error = await rejection(db.arr.updateOne({ _id: 'x' }, { $set: { 'a.200000': 1 } }));
      expect(error.message).toContain('cannot update position 200000 of the array "a" of the document with _id "x"');
      expect(await db.arr.findOne({ _id: 'x' })).toEqual({ _id: 'x', a: [0] });
    });
  });

  describe('$addToSet', () => {
    it('adds with $each only the values not already there (example from "$each")', async () => {
      const db = await engine.open();
      await db.inventory.insertOne({ _id: '2', item: 'cable', tags: ['electronics', 'supplies'] });
      await db.inventory.updateOne({ _id: '2' }, op({ $addToSet: { tags: { $each: ['camera', 'electronics', 'accessories'] } } }));
      expect(await db.inventory.findOne({ _id: '2' })).toEqual({ _id: '2', item: 'cable', tags: ['electronics', 'supplies', 'camera', 'accessories'] });
    });

    it('a value already present changes nothing; an array value is added as one element; duplicates within $each are added once', async () => {
      const db = await engine.open();
      await db.inventory.insertOne({ _id: '1', colors: ['blue', 'green', 'red'], docs: [{ a: 1, b: 2 }] });
      expect(await db.inventory.updateOne({ _id: '1' }, op({ $addToSet: { colors: 'red' } }))).toEqual({ matchedCount: 1, modifiedCount: 0, upsertedId: null });
      await db.inventory.updateOne({ _id: '1' }, op({ $addToSet: { colors: ['c', 'd'], docs: { $each: [{ a: 1, b: 2 }, { b: 2, a: 1 }, 7, 7, true] } } }));
      expect(await db.inventory.findOne({ _id: '1' })).toEqual({
        _id: '1',
        colors: ['blue', 'green', 'red', ['c', 'd']],
        // Documents are equal only with the same fields in the same order, as in MongoDB.
        docs: [{ a: 1, b: 2 }, { b: 2, a: 1 }, 7, true],
      });
    });

    it('creates a missing field; a field that is not an array is an error', async () => {
      const db = await engine.open();
      await db.inventory.insertMany([{ _id: 'a' }, { _id: 'b', tags: 'x' }]);
      await db.inventory.updateOne({ _id: 'a' }, op({ $addToSet: { tags: { $each: ['x', 'x', 'y'] }, 'n.list': 1 } }));
      expect(await db.inventory.findOne({ _id: 'a' })).toEqual({ _id: 'a', tags: ['x', 'y'], n: { list: [1] } });
      expect((await rejection(db.inventory.updateOne({ _id: 'b' }, op({ $addToSet: { tags: 'y' } })))).message).toContain('cannot apply $addToSet to "tags" of the document with _id "b": the field is not an array');
      expect((await rejection(db.inventory.updateOne({ _id: 'b' }, op({ $addToSet: { tags: { $each: ['y'], $sort: 1 } } })))).message).toContain('the $addToSet modifier $sort is not supported');
      expect(await db.inventory.findOne({ _id: 'b' })).toEqual({ _id: 'b', tags: 'x' });
    });
  });

  describe('$rename', () => {
    it('renames top-level and embedded fields; a missing field is left alone (examples from "$rename")', async () => {
      const db = await engine.open();
      await db.students.insertOne({ _id: '1', alias: ['The American Cincinnatus'], mobile: '555-555-5555', nmae: { first: 'george', last: 'washington' }, spouse: 'martha' });
      await db.students.updateOne({ _id: '1' }, op({ $rename: { nmae: 'name' } }));
      await db.students.updateOne({ _id: '1' }, op({ $rename: { 'name.first': 'name.fname' } }));
      expect(await db.students.updateOne({ _id: '1' }, op({ $rename: { wife: 'spouse' } }))).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
      expect(await db.students.findOne({ _id: '1' })).toEqual({ _id: '1', alias: ['The American Cincinnatus'], mobile: '555-555-5555', name: { last: 'washington', fname: 'george' }, spouse: 'martha' });
    });

    it('overwrites an existing destination, moves values of any type, and can move into a new embedded document', async () => {
      const db = await engine.open();
      await db.students.insertOne({ _id: 'x', a: 'text', b: 1, list: [1, { c: 2 }], flag: false });
      await db.students.updateOne({ _id: 'x' }, op({ $rename: { a: 'b', list: 'moved.list', flag: 'f' } }));
      expect(await db.students.findOne({ _id: 'x' })).toEqual({ _id: 'x', b: 'text', moved: { list: [1, { c: 2 }] }, f: false });
    });

    it('does not work through arrays, nor on _id, nor onto a path it overlaps', async () => {
      const db = await engine.open();
      await db.students.insertOne({ _id: 'x', arr: [{ a: 1 }], o: { p: 1 } });
      expect((await rejection(db.students.updateOne({ _id: 'x' }, op({ $rename: { 'arr.0.a': 'z' } })))).message).toContain('"arr" is an array ($rename does not work inside arrays)');
      expect((await rejection(db.students.updateOne({ _id: 'x' }, op({ $rename: { _id: 'id' } })))).message).toContain('the _id of a document cannot be changed');
      expect((await rejection(db.students.updateOne({ _id: 'x' }, op({ $rename: { o: 'o.q' } })))).message).toContain('would both change "o"');
      expect((await rejection(db.students.updateOne({ _id: 'x' }, op({ $rename: { o: 5 } })))).message).toContain('$rename.o needs the new field name as a string');
      expect(await db.students.findOne({ _id: 'x' })).toEqual({ _id: 'x', arr: [{ a: 1 }], o: { p: 1 } });
    });
  });

  describe('$setOnInsert', () => {
    it('applies when an upsert inserts, and is ignored when the filter matches (example from "$setOnInsert")', async () => {
      const db = await engine.open();
      const update = op({ $set: { item: 'apple' }, $setOnInsert: { defaultQty: 100 } });
      expect(await db.products.updateOne({ _id: '1' }, update, { upsert: true })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: '1' });
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', item: 'apple', defaultQty: 100 });
      await db.products.updateOne({ _id: '1' }, { $set: { defaultQty: 5 } });
      expect(await db.products.updateOne({ _id: '1' }, op({ $set: { item: 'pear' }, $setOnInsert: { defaultQty: 100 } }), { upsert: true })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', item: 'pear', defaultQty: 5 });
    });

    it('alone, on a match, changes nothing; without upsert it never applies; dotted paths and _id work on insert', async () => {
      const db = await engine.open();
      await db.products.insertOne({ _id: 'p', n: 1 });
      expect(await db.products.updateOne({ _id: 'p' }, op({ $setOnInsert: { n: 2 } }), { upsert: true })).toEqual({ matchedCount: 1, modifiedCount: 0, upsertedId: null });
      expect(await db.products.updateMany({}, op({ $setOnInsert: { n: 3 } }))).toEqual({ matchedCount: 1, modifiedCount: 0, upsertedId: null });
      const result = await db.products.updateOne({ sku: 'k' }, op({ $setOnInsert: { _id: 'new', 'meta.created': 't0' }, $inc: { count: 1 } }), { upsert: true });
      expect(result.upsertedId).toBe('new');
      expect(await db.products.find({}).sort({ _id: 1 })).toEqual([
        { _id: 'new', sku: 'k', meta: { created: 't0' }, count: 1 },
        { _id: 'p', n: 1 },
      ]);
      expect((await rejection(db.products.updateOne({}, op({ $set: { a: 1 }, $setOnInsert: { a: 2 } })))).message).toContain('$set."a" and $setOnInsert."a" would both change "a"');
    });
  });
});
