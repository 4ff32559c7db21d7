// applyUpdate (the JS applier the PostgreSQL engine uses) against the SQLite engine's SQL: for each
// document and update, both must give the same document, or refuse with the same message.
import { describe, expect, it } from 'vitest';
import { openDocumentDatabase } from '../../../src/backends/database/document-database.js';
import { DatabaseError } from '../../../src/backends/database/errors.js';
import { applyUpdate } from '../../../src/backends/database/query/apply-update.js';
import { parseUpdate, updateWrites } from '../../../src/backends/database/query/update-model.js';
import { TYPE_ARRAY, TYPE_NULL, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from '../../../src/backends/database/query/path-types.js';

type Doc = Record<string, unknown>;

const cases: [string, Doc, Doc][] = [
  ['$set a new field', { _id: 'a', n: 1 }, { $set: { s: 'x' } }],
  ['$set an embedded path, creating parents', { _id: 'a' }, { $set: { 'meta.kind.deep': 1 } }],
  ['$set a numeric key on an object', { _id: 'a', byBlock: { 7: 1 } }, { $set: { 'byBlock.100': 5 } }],
  ['$set a numeric key where the field is missing (an object)', { _id: 'a' }, { $set: { 'byBlock.100': 5 } }],
  ['$set an array position', { _id: 'a', items: [1, 2, 3] }, { $set: { 'items.1': 9 } }],
  ['$set past the end pads with null', { _id: 'a', items: [1] }, { $set: { 'items.4': 9 } }],
  ['$set at the end appends', { _id: 'a', items: [1] }, { $set: { 'items.1': 9 } }],
  ['$set into an empty array', { _id: 'a', items: [] }, { $set: { 'items.2': 'x' } }],
  ['$set an embedded path past the end', { _id: 'a', items: [{ k: 1 }] }, { $set: { 'items.2.k': 3 } }],
  ['$set inside an element', { _id: 'a', items: [{ k: 1 }, { k: 2 }] }, { $set: { 'items.1.k': 3 } }],
  ['$set a non-numeric segment inside an array fails', { _id: 'a', items: [1] }, { $set: { 'items.k': 3 } }],
  ['$set inside a scalar fails', { _id: 'a', n: 5 }, { $set: { 'n.k': 3 } }],
  ['$set inside null fails', { _id: 'a', n: null }, { $set: { 'n.k': 3 } }],
  ['$set inside a padded null fails', { _id: 'a', items: [1] }, { $set: { 'items.0.k': 3 } }],
  ['$set the same _id', { _id: 'a', n: 1 }, { $set: { _id: 'a', n: 2 } }],
  ['$set another _id fails', { _id: 'a', n: 1 }, { $set: { _id: 'b' } }],
  ['$set with undefined leaves the field', { _id: 'a', n: 1 }, { $set: { n: undefined, m: 2 } }],
  ['$set an object and a Date', { _id: 'a' }, { $set: { o: { x: [1, { y: null }] }, at: new Date(0) } }],
  ['$unset a field', { _id: 'a', n: 1, m: 2 }, { $unset: { n: '' } }],
  ['$unset an embedded field', { _id: 'a', meta: { a: 1, b: 2 } }, { $unset: { 'meta.a': 1 } }],
  ['$unset an array element sets null', { _id: 'a', items: [1, 2, 3] }, { $unset: { 'items.1': '' } }],
  ['$unset past the end changes nothing', { _id: 'a', items: [1] }, { $unset: { 'items.5': '' } }],
  ['$unset a numeric key of an object', { _id: 'a', byBlock: { 100: 1, 5: 2 } }, { $unset: { 'byBlock.100': '' } }],
  ['$unset a missing field', { _id: 'a' }, { $unset: { 'x.y': '' } }],
  ['$unset inside an element', { _id: 'a', items: [{ k: 1, j: 2 }] }, { $unset: { 'items.0.k': '' } }],
  ['$inc an existing number', { _id: 'a', n: 1 }, { $inc: { n: 2.5 } }],
  ['$inc a missing field', { _id: 'a' }, { $inc: { n: -3 } }],
  ['$inc a numeric key on an object', { _id: 'a', byBlock: {} }, { $inc: { 'byBlock.100': 5 } }],
  ['$inc an array element', { _id: 'a', counts: [1, 2] }, { $inc: { 'counts.1': 5 } }],
  ['$inc past the end pads', { _id: 'a', counts: [1] }, { $inc: { 'counts.3': 5 } }],
  ['$inc a string fails', { _id: 'a', n: 'x' }, { $inc: { n: 1 } }],
  ['$inc null fails', { _id: 'a', n: null }, { $inc: { n: 1 } }],
  ['$inc a boolean fails', { _id: 'a', n: true }, { $inc: { n: 1 } }],
  ['$push to an array', { _id: 'a', tags: ['x'] }, { $push: { tags: 'y' } }],
  ['$push to a missing field', { _id: 'a' }, { $push: { tags: { k: 1 } } }],
  ['$push $each', { _id: 'a', tags: ['x'] }, { $push: { tags: { $each: ['y', 'x', ['z']] } } }],
  ['$push $each [] to a missing field', { _id: 'a' }, { $push: { tags: { $each: [] } } }],
  ['$push to a string fails', { _id: 'a', tags: 'x' }, { $push: { tags: 'y' } }],
  ['$push into an element past the end', { _id: 'a', items: [] }, { $push: { 'items.1': 3 } }],
  ['$addToSet a present value', { _id: 'a', tags: ['x', 'y'] }, { $addToSet: { tags: 'x' } }],
  ['$addToSet a new value', { _id: 'a', tags: ['x'] }, { $addToSet: { tags: 'z' } }],
  ['$addToSet $each with repeats', { _id: 'a', tags: ['x'] }, { $addToSet: { tags: { $each: ['x', 'y', 'y', { a: 1 }, { a: 1 }] } } }],
  ['$addToSet an array value', { _id: 'a', tags: [[1]] }, { $addToSet: { tags: [1] } }],
  ['$addToSet to an object fails', { _id: 'a', tags: {} }, { $addToSet: { tags: 1 } }],
  ['$rename a field', { _id: 'a', old: { x: 1 }, keep: 2 }, { $rename: { old: 'renamed' } }],
  ['$rename into an embedded path', { _id: 'a', old: 1 }, { $rename: { old: 'meta.new' } }],
  ['$rename a missing field changes nothing', { _id: 'a', dest: 1 }, { $rename: { old: 'dest' } }],
  ['$rename over an existing field', { _id: 'a', a: 1, b: 2 }, { $rename: { a: 'b' } }],
  ['$rename inside an array fails', { _id: 'a', items: [{ k: 1 }] }, { $rename: { 'items.k': 'x' } }],
  ['$rename digits are keys', { _id: 'a', m: { 0: 'zero' } }, { $rename: { 'm.0': 'n.1' } }],
  ['$rename into a scalar fails', { _id: 'a', a: 1, s: 'x' }, { $rename: { a: 's.t' } }],
  ['$setOnInsert does nothing on a match', { _id: 'a', n: 1 }, { $set: { n: 2 }, $setOnInsert: { created: true } }],
  ['several operators at once', { _id: 'a', n: 1, tags: ['a'], meta: { k: 1 }, gone: 1 }, { $inc: { n: 1 }, $push: { tags: 'b' }, $set: { 'meta.j': 2 }, $unset: { gone: '' }, $rename: { 'meta.k': 'meta.kk' } }],
  ['the first failing check is reported', { _id: 'a', n: 'x', tags: 1 }, { $push: { tags: 1 }, $inc: { n: 1 } }],
];

describe('applyUpdate gives what the SQLite engine gives', () => {
  const db = openDocumentDatabase({ file: ':memory:' });
  for (const [title, document, update] of cases) {
    it(title, async () => {
      await db.t.deleteMany({});
      await db.t.insertOne(structuredClone(document));
      let sqliteError: DatabaseError | undefined;
      try {
        await db.t.updateOne({ _id: 'a' }, update);
      } catch (error) {
        sqliteError = error as DatabaseError;
      }
      const stored = await db.t.findOne({ _id: 'a' });
      const model = parseUpdate(update, 'updateOne on "t"');
      const before = JSON.parse(JSON.stringify(document)) as Doc;
      const frozen = JSON.stringify(before);
      if (sqliteError !== undefined) {
        expect(sqliteError.code).toBe('INVALID_UPDATE');
        expect(() => applyUpdate(before, model, { inserting: false, where: 'updateOne on "t"' })).toThrow(sqliteError.message);
        expect(stored).toEqual(before);
        return;
      }
      const after = applyUpdate(before, model, { inserting: false, where: 'updateOne on "t"' });
      expect(after).toEqual(stored);
      expect(JSON.stringify(before)).toBe(frozen); // the input is left as it is
    });
  }

  it('applies $setOnInsert and its _id when inserting, as an upsert does', async () => {
    await db.t.deleteMany({});
    const update = { $set: { n: 2 }, $setOnInsert: { created: true, _id: 'z' } };
    await db.t.updateOne({ k: 1 }, update, { upsert: true });
    const stored = await db.t.findOne({ k: 1 });
    const after = applyUpdate({ _id: 'z', k: 1 }, parseUpdate(update, 'x'), { inserting: true });
    expect(after).toEqual(stored);
  });
});

describe('updateWrites', () => {
  it('names the types an update may write, including array readings of numeric segments', () => {
    const model = parseUpdate({ $set: { 'items.2.k': 'x', n: null }, $inc: { c: 1 }, $push: { tags: { $each: [1, 'a'] } } }, 'x');
    const writes = updateWrites(model, new Map());
    expect(writes.get('items.2.k')! & TYPE_STRING).toBeTruthy();
    expect(writes.get('items.k')! & TYPE_STRING).toBeTruthy();
    expect(writes.get('items')! & (TYPE_OBJECT | TYPE_ARRAY | TYPE_NULL)).toBe(TYPE_OBJECT | TYPE_ARRAY | TYPE_NULL);
    expect(writes.get('n')).toBe(TYPE_NULL);
    expect(writes.get('c')).toBe(TYPE_NUMBER);
    expect(writes.get('tags')).toBe(TYPE_ARRAY | TYPE_NUMBER | TYPE_STRING);
  });

  it('copies the source path bits on $rename', () => {
    const model = parseUpdate({ $rename: { old: 'fresh' } }, 'x');
    const writes = updateWrites(model, new Map([['old', TYPE_ARRAY | TYPE_OBJECT], ['old.k', TYPE_NUMBER]]));
    expect(writes.get('fresh')).toBe(TYPE_ARRAY | TYPE_OBJECT);
    expect(writes.get('fresh.k')).toBe(TYPE_NUMBER);
  });
});
