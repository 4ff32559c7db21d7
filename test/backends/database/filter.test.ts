// The filter language on every engine: every operator, missing fields, types, and the errors. How
// a filter becomes SQLite SQL (bound parameters) is checked in the SQLite-only block at the end.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentCursor } from '../../../src/backends/database/cursor.js';
import { describeEachEngine, type TestDatabase } from './engines.js';
import { openTestDatabase, rejection } from './helpers.js';

const items = () => [
  { _id: 'a', n: 1, s: 'apple', b: true, tags: ['x'], meta: { kind: 'k1', level: 2 }, when: new Date('2024-01-01T00:00:00Z') },
  { _id: 'b', n: 5, s: 'banana', b: false, meta: { kind: 'k2' }, nul: null },
  { _id: 'c', n: 10, s: 'cherry', b: 1, meta: { kind: 'k1', level: 5 } },
  { _id: 'd', s: '10', when: new Date('2024-06-01T00:00:00Z') },
  { _id: 'e', n: 'seven', meta: 'flat' },
];

describeEachEngine('filter', (engine) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await engine.open();
    await db.items.insertMany(items());
  });

  async function ids(filter: Record<string, unknown>): Promise<string[]> {
    return (await db.items.find(filter).sort({ _id: 1 })).map((doc) => doc._id);
  }

  describe('equality', () => {
    it.each([
      [{ n: 5 }, ['b']],
      [{ s: 'apple' }, ['a']],
      [{ _id: 'c' }, ['c']],
      [{ 'meta.kind': 'k1' }, ['a', 'c']],
      [{ 'meta.kind': 'k1', n: 10 }, ['c']],
      [{ n: { $eq: 5 } }, ['b']],
      [{ s: '10' }, ['d']], // a string is not the number 10
      [{ n: '5' }, []],
      [{ meta: { kind: 'k2' } }, ['b']], // embedded document, exactly
      [{ meta: { kind: 'k1' } }, []],
      [{ tags: ['x'] }, ['a']],
      [{ when: new Date('2024-06-01T00:00:00Z') }, ['d']], // Dates are stored and bound as ISO strings
      [{}, ['a', 'b', 'c', 'd', 'e']],
    ])('%j matches %j', async (filter, expected) => {
      expect(await ids(filter)).toEqual(expected);
    });

    it('null matches null and missing fields; $exists tells them apart', async () => {
      expect(await ids({ 'meta.level': null })).toEqual(['b', 'd', 'e']);
      expect(await ids({ nul: null })).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await ids({ nul: { $exists: true } })).toEqual(['b']);
      expect(await ids({ nul: { $exists: false } })).toEqual(['a', 'c', 'd', 'e']);
      expect(await ids({ n: { $exists: true } })).toEqual(['a', 'b', 'c', 'e']);
      expect(await ids({ n: { $exists: false } })).toEqual(['d']);
      expect(await ids({ nul: { $ne: null } })).toEqual([]);
      expect(await ids({ n: { $ne: null } })).toEqual(['a', 'b', 'c', 'e']);
    });

    it('booleans match JSON true/false only, not 1/0', async () => {
      expect(await ids({ b: true })).toEqual(['a']);
      expect(await ids({ b: false })).toEqual(['b']);
      expect(await ids({ b: 1 })).toEqual(['c']);
      expect(await ids({ b: { $ne: true } })).toEqual(['b', 'c', 'd', 'e']);
      expect(await ids({ b: { $in: [true, 1] } })).toEqual(['a', 'c']);
    });
  });

  describe('comparison operators', () => {
    it.each([
      [{ n: { $gt: 1 } }, ['b', 'c']], // the string 'seven' is not greater than a number
      [{ n: { $gte: 5 } }, ['b', 'c']],
      [{ n: { $lt: 10 } }, ['a', 'b']],
      [{ n: { $lte: 10 } }, ['a', 'b', 'c']],
      [{ n: { $gt: 1, $lte: 10 } }, ['b', 'c']],
      [{ n: { $lt: 'z' } }, ['e']], // numbers are not less than a string
      [{ s: { $lt: 'c' } }, ['a', 'b', 'd']],
      [{ s: { $gte: 'banana' } }, ['b', 'c']],
      [{ 'meta.level': { $gt: 2 } }, ['c']],
      [{ when: { $gte: new Date('2024-03-01T00:00:00Z') } }, ['d']],
      [{ when: { $lt: new Date('2024-03-01T00:00:00Z') } }, ['a']],
      [{ _id: { $gt: 'b' } }, ['c', 'd', 'e']],
    ])('%j matches %j', async (filter, expected) => {
      expect(await ids(filter)).toEqual(expected);
    });

    it('$ne matches documents where the field is missing', async () => {
      expect(await ids({ n: { $ne: 5 } })).toEqual(['a', 'c', 'd', 'e']);
      expect(await ids({ 'meta.kind': { $ne: 'k1' } })).toEqual(['b', 'd', 'e']);
    });

    it('$in and $nin (which matches missing fields), short and long lists', async () => {
      expect(await ids({ n: { $in: [1, 10, 'seven'] } })).toEqual(['a', 'c', 'e']);
      expect(await ids({ 'meta.level': { $in: [2, null] } })).toEqual(['a', 'b', 'd', 'e']);
      expect(await ids({ n: { $in: [] } })).toEqual([]);
      expect(await ids({ n: { $nin: [1, 5] } })).toEqual(['c', 'd', 'e']);
      expect(await ids({ n: { $nin: [1, null] } })).toEqual(['b', 'c', 'e']);
      expect(await ids({ n: { $nin: [] } })).toEqual(['a', 'b', 'c', 'd', 'e']);
      const many = Array.from({ length: 40 }, (_, i) => i * 5); // 0, 5, 10 … bound as one JSON array
      expect(await ids({ n: { $in: many } })).toEqual(['b', 'c']);
      expect(await ids({ n: { $nin: many } })).toEqual(['a', 'd', 'e']);
      expect(await ids({ _id: { $in: ['a', 'e', 'zz'] } })).toEqual(['a', 'e']);
    });
  });

  describe('logical operators', () => {
    it('$or, $and, $nor, nested, next to field conditions', async () => {
      expect(await ids({ $or: [{ n: 1 }, { s: 'cherry' }] })).toEqual(['a', 'c']);
      expect(await ids({ $and: [{ n: { $gt: 1 } }, { n: { $lt: 10 } }] })).toEqual(['b']);
      expect(await ids({ $nor: [{ n: 1 }, { n: 5 }] })).toEqual(['c', 'd', 'e']);
      expect(await ids({ 'meta.kind': 'k1', $or: [{ n: 1 }, { n: 5 }] })).toEqual(['a']);
      expect(await ids({ $or: [{ $and: [{ n: { $gte: 5 } }, { b: false }] }, { s: { $in: ['10'] } }] })).toEqual(['b', 'd']);
    });
  });

  describe('filter errors', () => {
    it('an unknown operator is named with its field and a suggestion', async () => {
      const error = await rejection(db.items.find({ n: { $gtt: 5 } }));
      expect(error.code).toBe('INVALID_FILTER');
      expect(error.message).toBe('find on "items": unknown operator "$gtt" at "n"; did you mean "$gt"?');
      const nested = await rejection(db.items.countDocuments({ $or: [{ n: 1 }, { 'meta.kind': { $nin: ['k1'], $exist: true } }] }));
      expect(nested.message).toContain('unknown operator "$exist" at "$or[1].meta.kind"; did you mean "$exists"?');
      expect((await rejection(db.items.find({ $ore: [] }))).message).toContain('unknown operator "$ore" at "$ore"; did you mean "$or"?');
    });

    it('unsupported and misplaced operators, bad operands and values say what to do', async () => {
      expect((await rejection(db.items.find({ s: { $mod: [2, 0] } }))).message).toContain('operator $mod is not supported (at "s")');
      expect((await rejection(db.items.find({ s: /\bx/ }))).message).toContain('$regex escape "\\b" is not supported (at "s")');
      expect((await rejection(db.items.find({ $gt: 5 }))).message).toContain("$gt must be inside a field's condition");
      expect((await rejection(db.items.find({ $or: { n: 1 } } as never))).message).toContain('$or needs a non-empty array of filters');
      expect((await rejection(db.items.find({ n: { $in: 5 } }))).message).toContain('$in needs an array of values (at "n.$in")');
      expect((await rejection(db.items.find({ n: undefined }))).message).toContain('the value for "n" is undefined');
      expect((await rejection(db.items.find({ n: { $gt: 1, kind: 'x' } }))).message).toContain('mixes operators and field names');
      expect((await rejection(db.items.find({ 'meta..kind': 1 }))).message).toContain('invalid field path "meta..kind": it has an empty segment');
      expect((await rejection(db.items.find({ n: { $gt: { a: 1 } } }))).message).toContain('$gt needs a number, string, Date, boolean or null (at "n")');
      expect((await rejection(db.items.find({ n: { $exists: 'yes' } }))).message).toContain('$exists needs true or false');
      for (const error of [await rejection(db.items.find({ s: /\bx/ })), await rejection(db.items.deleteMany({ n: { $gtt: 1 } }))]) {
        expect(error.code).toBe('INVALID_FILTER');
      }
      expect((await rejection(db.items.updateMany({ n: { $gtt: 1 } }, { $set: { x: 1 } }))).message).toMatch(/^updateMany on "items": unknown operator "\$gtt"/);
    });
  });
});

describe('filter: SQLite only: translation to SQL', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = openTestDatabase();
    await db.items.insertMany(items());
  });

  async function ids(filter: Record<string, unknown>): Promise<string[]> {
    return (await db.items.find(filter).sort({ _id: 1 })).map((doc) => doc._id);
  }

  it('binds values as parameters (nothing user-supplied is spliced into the SQL)', async () => {
    const cursor = db.items.find({ s: "x' OR 1=1 --", n: { $gt: 3 } }) as unknown as DocumentCursor;
    const { sql, params } = cursor.toSQL();
    expect(sql).not.toContain('OR 1=1');
    expect(params).toEqual(["x' OR 1=1 --", 3]);
    expect(sql).toContain(`json_extract(doc, '$.s') = ?`);
    expect(await ids({ s: "x' OR 1=1 --" })).toEqual([]);
  });
});
