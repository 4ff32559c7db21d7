// Inserts (ordered and unordered batches), updates, upserts, deletes and bulkWrite, on every engine;
// how SQLite stores a document is checked in the SQLite-only block at the end.
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from './engines.js';
import { openTestDatabase, rejection } from './helpers.js';

describeEachEngine('writes', (engine) => {
  describe('insertOne', () => {
    it('generates a 24-hex-digit _id where absent, keeps a given one, and does not touch the input', async () => {
      const db = await engine.open();
      const input = { hash: '0x1', amount: 5 };
      const { insertedId } = await db.tx.insertOne(input);
      expect(insertedId).toMatch(/^[0-9a-f]{24}$/);
      expect(input).toEqual({ hash: '0x1', amount: 5 });
      expect(await db.tx.insertOne({ _id: 'mine', hash: '0x2' })).toEqual({ insertedId: 'mine' });
      expect(await db.tx.find({}).sort({ hash: 1 })).toEqual([
        { _id: insertedId, hash: '0x1', amount: 5 },
        { _id: 'mine', hash: '0x2' },
      ]);
      const second = await db.tx.insertOne({});
      expect(second.insertedId > insertedId).toBe(true);
    });

    it('rejects a duplicate _id with DUPLICATE_KEY', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ _id: 'x' });
      const error = await rejection(db.tx.insertOne({ _id: 'x', a: 1 }));
      expect(error.code).toBe('DUPLICATE_KEY');
      expect(error.message).toBe('insertOne on "tx": the document has a duplicate _id "x": "tx" already has a document with this _id');
    });

    it.each([
      [{ amount: 10n }, 'field "amount" is a BigInt'],
      [{ meta: { onDone() {} } }, 'field "meta.onDone" is a function'],
      [{ list: [1, Symbol('s')] }, 'field "list.1" is a Symbol'],
      [{ ratio: Number.NaN }, 'field "ratio" is NaN'],
      [{ seen: new Map() }, 'field "seen" is a Map'],
      [{ at: new Date('nope') }, 'field "at" is an invalid Date'],
    ])('rejects %o as INVALID_DOCUMENT naming the field', async (document, problem) => {
      const db = await engine.open();
      const error = await rejection(db.tx.insertOne(document));
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.message).toContain(`insertOne on "tx": the document is not JSON-serialisable: ${problem}`);
    });

    it('rejects circular references and non-objects', async () => {
      const db = await engine.open();
      const circular: Record<string, unknown> = { a: { b: {} } };
      (circular.a as { b: Record<string, unknown> }).b.back = circular.a;
      expect((await rejection(db.tx.insertOne(circular))).message).toContain('field "a.b.back" is a circular reference (back to "a")');
      expect((await rejection(db.tx.insertOne([1, 2] as never))).message).toBe('insertOne on "tx": the document must be an object, got an array');
      expect((await rejection(db.tx.insertOne(null as never))).message).toBe('insertOne on "tx": the document must be an object, got null');
      expect((await rejection(db.tx.insertOne({ _id: 5 } as never))).message).toContain('has _id a number: an _id must be a non-empty string');
      expect(await db.tx.countDocuments()).toBe(0);
    });

    it('stores Dates as ISO strings', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ _id: 'd', at: new Date('2024-05-06T07:08:09.010Z') });
      expect(await db.tx.findOne({ _id: 'd' })).toEqual({ _id: 'd', at: '2024-05-06T07:08:09.010Z' });
    });
  });

  describe('insertMany', () => {
    const batch = () => [{ _id: 'a' }, { _id: 'b' }, { _id: 'taken' }, { _id: 'c' }, { fn: () => 1 }, { _id: 'd' }];

    it('ordered (default): stops at the first failure, keeps the documents before it, and says which and how many', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ _id: 'taken' });
      const error = await rejection(db.tx.insertMany(batch()));
      expect(error.code).toBe('DUPLICATE_KEY');
      expect(error.message).toBe(
        'insertMany on "tx" stopped at document 2 of 6: document 2 has a duplicate _id "taken": "tx" already has a document with this _id. ' +
          'The 2 documents before it were inserted; the 3 documents after it were not attempted (pass { ordered: false } to insert the others and get the failures in writeErrors)',
      );
      expect(error).toMatchObject({ index: 2, insertedCount: 2, insertedIds: { 0: 'a', 1: 'b' } });
      expect((await db.tx.find({}).sort({ _id: 1 })).map((doc) => doc._id)).toEqual(['a', 'b', 'taken']);
    });

    it('ordered: false goes on and reports the failed documents with index, code and message', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ _id: 'taken' });
      const result = await db.tx.insertMany(batch(), { ordered: false });
      expect(result.insertedCount).toBe(4);
      expect(result.insertedIds).toEqual({ 0: 'a', 1: 'b', 3: 'c', 5: 'd' });
      expect(result.writeErrors).toEqual([
        { index: 2, code: 'DUPLICATE_KEY', message: 'document 2 has a duplicate _id "taken": "tx" already has a document with this _id' },
        { index: 4, code: 'INVALID_DOCUMENT', message: 'document 4 is not JSON-serialisable: field "fn" is a function (functions cannot be stored)' },
      ]);
      expect((await db.tx.find({}).sort({ _id: 1 })).map((doc) => doc._id)).toEqual(['a', 'b', 'c', 'd', 'taken']);
    });

    it('a duplicate within the batch and a unique-index violation are DUPLICATE_KEY too', async () => {
      const db = await engine.open();
      await db.createIndex('tx', { hash: 1 }, { unique: true });
      const result = await db.tx.insertMany([{ _id: 'a', hash: 'h1' }, { _id: 'a', hash: 'h2' }, { _id: 'b', hash: 'h1' }, { _id: 'c' }, { _id: 'd' }], { ordered: false });
      expect(result.insertedCount).toBe(3);
      expect(result.writeErrors).toEqual([
        { index: 1, code: 'DUPLICATE_KEY', message: 'document 1 has a duplicate _id "a": "tx" already has a document with this _id' },
        { index: 2, code: 'DUPLICATE_KEY', message: 'document 2 is a duplicate key: unique index "tx_hash_1" already has a document with the same hash: "h1"' },
      ]);
    });

    it('an empty batch inserts nothing; a non-array is an error', async () => {
      const db = await engine.open();
      expect(await db.tx.insertMany([])).toEqual({ insertedCount: 0, insertedIds: {}, writeErrors: [] });
      expect((await rejection(db.tx.insertMany({ a: 1 } as never))).message).toContain('insertMany takes an array of documents, got an object');
    });
  });

  describe('updates', () => {
    async function seeded() {
      const db = await engine.open();
      await db.acc.insertMany([
        { _id: 'a', owner: 'ann', balance: 10, tags: ['new'], profile: { tier: 1 } },
        { _id: 'b', owner: 'bob', balance: 2.5, label: 'x' },
        { _id: 'c', owner: 'cy', balance: 0 },
      ]);
      return db;
    }

    it('$set (dotted paths create objects), $unset, $inc, $push: documents and counts', async () => {
      const db = await seeded();
      expect(await db.acc.updateOne({ _id: 'a' }, { $set: { 'profile.tier': 2, 'profile.flags.vip': true, owner: 'Ann' }, $inc: { balance: 5 }, $push: { tags: 'gold' } })).toEqual({
        matchedCount: 1,
        modifiedCount: 1,
        upsertedId: null,
      });
      expect(await db.acc.findOne({ _id: 'a' })).toEqual({ _id: 'a', owner: 'Ann', balance: 15, tags: ['new', 'gold'], profile: { tier: 2, flags: { vip: true } } });
      await db.acc.updateOne({ _id: 'b' }, { $unset: { label: '' }, $inc: { visits: 1, balance: -0.5 }, $push: { tags: { $each: ['p', { q: 1 }] } } });
      expect(await db.acc.findOne({ _id: 'b' })).toEqual({ _id: 'b', owner: 'bob', balance: 2, visits: 1, tags: ['p', { q: 1 }] });
    });

    it('updateMany updates every match; modifiedCount leaves out documents already so', async () => {
      const db = await seeded();
      expect(await db.acc.updateMany({ balance: { $lt: 5 } }, { $set: { low: true } })).toEqual({ matchedCount: 2, modifiedCount: 2, upsertedId: null });
      expect(await db.acc.updateMany({}, { $set: { low: true } })).toEqual({ matchedCount: 3, modifiedCount: 1, upsertedId: null });
      expect(await db.acc.countDocuments({ low: true })).toBe(3);
      expect(await db.acc.updateOne({ owner: 'nobody' }, { $set: { low: false } })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: null });
    });

    it('updateOne changes only the first match', async () => {
      const db = await seeded();
      await db.acc.updateOne({ balance: { $gte: 0 } }, { $inc: { balance: 100 } });
      expect(await db.acc.countDocuments({ balance: { $gte: 100 } })).toBe(1);
    });

    it('upsert inserts the filter equality fields plus the update, once', async () => {
      const db = await seeded();
      const first = await db.acc.updateOne({ owner: 'dee', 'profile.tier': 3, balance: { $gt: 0 } }, { $set: { email: 'd@x' }, $inc: { balance: 7 }, $push: { tags: 'first' } }, { upsert: true });
      expect(first.matchedCount).toBe(0);
      expect(first.upsertedId).toMatch(/^[0-9a-f]{24}$/);
      expect(await db.acc.findOne({ owner: 'dee' })).toEqual({ _id: first.upsertedId, owner: 'dee', profile: { tier: 3 }, email: 'd@x', balance: 7, tags: ['first'] });
      const second = await db.acc.updateOne({ owner: 'dee', 'profile.tier': 3, balance: { $gt: 0 } }, { $set: { email: 'd@y' }, $inc: { balance: 7 }, $push: { tags: 'first' } }, { upsert: true });
      expect(second).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await db.acc.countDocuments({ owner: 'dee' })).toBe(1);
      expect(await db.acc.updateMany({ _id: 'z' }, { $set: { owner: 'zed' } }, { upsert: true })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: 'z' });
      expect(await db.acc.findOne({ _id: 'z' })).toEqual({ _id: 'z', owner: 'zed' });
    });

    it('an update that is not an operator document, or has an unknown operator, is an error', async () => {
      const db = await seeded();
      const plain = await rejection(db.acc.updateOne({ _id: 'a' }, { name: 'x' } as never));
      expect(plain.code).toBe('INVALID_UPDATE');
      expect(plain.message).toBe('updateOne on "acc": the update {"name":"x"} is not an operator document: to change fields write { $set: { name: … } } (replacing whole documents is not supported)');
      expect((await rejection(db.acc.updateMany({}, { $sett: { a: 1 } } as never))).message).toBe('updateMany on "acc": unknown update operator "$sett"; did you mean "$set"?');
      expect((await rejection(db.acc.updateOne({}, { $pull: { tags: 'a' } } as never))).message).toContain('update operator $pull is not supported');
      expect((await rejection(db.acc.updateOne({}, {}))).message).toContain('the update is empty');
      expect((await rejection(db.acc.updateOne({}, { $inc: { balance: '5' } } as never))).message).toContain('$inc.balance needs a finite number, got "5"');
      expect((await rejection(db.acc.updateOne({}, { $set: { a: 1 }, $inc: { a: 1 } }))).message).toContain('$set."a" and $inc."a" would both change "a"');
      expect((await rejection(db.acc.updateOne({}, { $set: { fn: () => 1 } }))).message).toContain('the value of $set.fn is not JSON-serialisable: it is a function');
    });

    it('a document the update cannot apply to fails the call before anything is written', async () => {
      const db = await seeded();
      const error = await rejection(db.acc.updateMany({}, { $inc: { owner: 1, balance: 1 } }));
      expect(error.code).toBe('INVALID_UPDATE');
      expect(error.message).toBe('updateMany on "acc": cannot apply $inc to "owner" of the document with _id "a": the field is not a number');
      expect((await rejection(db.acc.updateOne({ _id: 'b' }, { $push: { label: 'y' } }))).message).toContain('cannot apply $push to "label" of the document with _id "b": the field is not an array');
      expect((await rejection(db.acc.updateOne({ _id: 'b' }, { $set: { 'label.sub': 1 } }))).message).toContain('cannot update inside "label" of the document with _id "b": it is not an object');
      expect((await rejection(db.acc.updateOne({ _id: 'b' }, { $set: { _id: 'other' } }))).message).toContain('an _id cannot be changed');
      expect(await db.acc.updateOne({ _id: 'b' }, { $set: { _id: 'b', seen: 1 } })).toMatchObject({ modifiedCount: 1 });
      expect(await db.acc.find({}).sort({ _id: 1 }).select('balance')).toEqual([
        { _id: 'a', balance: 10 },
        { _id: 'b', balance: 2.5 },
        { _id: 'c', balance: 0 },
      ]);
    });

    it('an update breaking a unique index is DUPLICATE_KEY and changes nothing', async () => {
      const db = await seeded();
      await db.createIndex('acc', { owner: 1 }, { unique: true });
      const error = await rejection(db.acc.updateMany({ owner: { $in: ['bob', 'cy'] } }, { $set: { owner: 'same' } }));
      expect(error.code).toBe('DUPLICATE_KEY');
      expect(error.message).toContain('unique index "acc_owner_1"');
      expect(await db.acc.countDocuments({ owner: 'same' })).toBe(0);
    });
  });

  describe('deletes', () => {
    it('deleteOne removes one match, deleteMany all of them', async () => {
      const db = await engine.open();
      await db.tx.insertMany([{ s: 'old' }, { s: 'old' }, { s: 'old' }, { s: 'new' }]);
      expect(await db.tx.deleteOne({ s: 'old' })).toEqual({ deletedCount: 1 });
      expect(await db.tx.deleteOne({ s: 'gone' })).toEqual({ deletedCount: 0 });
      expect(await db.tx.deleteMany({ s: 'old' })).toEqual({ deletedCount: 2 });
      expect(await db.tx.deleteMany({})).toEqual({ deletedCount: 1 });
    });
  });

  describe('bulkWrite', () => {
    it('ordered (default): stops at the failing operation, keeps the ones before it, says which', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ _id: 'a', n: 1 });
      const error = await rejection(
        db.tx.bulkWrite([
          { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 1 } } } },
          { insertOne: { document: { _id: 'b' } } },
          { updateOne: { filter: { _id: 'a' }, update: { $sett: { n: 0 } } as never } },
          { deleteMany: { filter: {} } },
        ]),
      );
      expect(error.code).toBe('INVALID_UPDATE');
      expect(error.message).toBe(
        'bulkWrite on "tx" stopped at operation 2 (updateOne): unknown update operator "$sett"; did you mean "$set"? ' +
          'The 2 operations before it were applied; the 1 operation after it was not attempted (pass { ordered: false } to apply the others and get the failures in writeErrors)',
      );
      expect(error).toMatchObject({ index: 2, result: { insertedCount: 1, matchedCount: 1, modifiedCount: 1 } });
      expect(await db.tx.find({}).sort({ _id: 1 })).toEqual([{ _id: 'a', n: 2 }, { _id: 'b' }]);
    });

    it('ordered: false applies the rest and lists the failures', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ _id: 'a', n: 1 });
      const result = await db.tx.bulkWrite(
        [
          { insertOne: { document: { _id: 'a' } } },
          { updateOne: { filter: { _id: 'a' }, update: { $push: { n: 1 } } } },
          { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 1 } } } },
          { deleteOne: { filter: { n: { $foo: 1 } } } },
          { insertOne: { document: { _id: 'b' } } },
        ],
        { ordered: false },
      );
      expect(result).toMatchObject({ insertedCount: 1, matchedCount: 1, modifiedCount: 1, deletedCount: 0 });
      expect(result.writeErrors.map(({ index, code }) => [index, code])).toEqual([
        [0, 'DUPLICATE_KEY'],
        [1, 'INVALID_UPDATE'],
        [3, 'INVALID_FILTER'],
      ]);
      expect(result.writeErrors[2]!.message).toBe('operation 3 (deleteOne): unknown operator "$foo" at "n"; expected one of $eq $ne $gt $gte $lt $lte $in $nin $exists $size $all $elemMatch $regex $options $not $type');
      expect(await db.tx.find({}).sort({ _id: 1 })).toEqual([{ _id: 'a', n: 2 }, { _id: 'b' }]);
    });

    it('a malformed operation is rejected before anything is written', async () => {
      const db = await engine.open();
      const error = await rejection(db.tx.bulkWrite([{ insertOne: { document: { _id: 'x' } } }, { updateone: { filter: {}, update: { $set: { a: 1 } } } } as never]));
      expect(error.code).toBe('INVALID_OPERATION');
      expect(error.message).toBe('bulkWrite on "tx": operation 1 has unknown type "updateone"; did you mean "updateOne"?');
      expect(await db.tx.countDocuments()).toBe(0);
    });
  });
});

describe('writes: SQLite only', () => {
  it('a document is stored as its JSON text in the doc column, next to its _id', async () => {
    const db = openTestDatabase();
    const { insertedId } = await db.tx.insertOne({ hash: '0x1', amount: 5 });
    await db.tx.insertOne({ _id: 'mine', hash: '0x2' });
    expect((await db.query('SELECT _id, doc FROM tx ORDER BY rowid')).rows).toEqual([
      { _id: insertedId, doc: `{"_id":"${insertedId}","hash":"0x1","amount":5}` },
      { _id: 'mine', doc: '{"_id":"mine","hash":"0x2"}' },
    ]);
  });
});
