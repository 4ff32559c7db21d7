// MongoDB's manual, run against our store on every engine: the documents and queries of the
// manual's pages, with the results the manual gives. Each block names its page (under
// https://www.mongodb.com/docs/manual/). How our store differs by design:
// - `_id` is a string we give ('1', '2', …, in insertion order) where the manual lets MongoDB
//   generate an ObjectId; results are listed in that order (the manual's, which is insertion order).
// - There are no Date/ObjectId/Timestamp BSON types: Dates are stored as ISO strings and so compare
//   and sort as strings.
// - The update pages' examples use updateOne/updateMany as the manual does, with our results shape.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Filter, Update } from '../../../src/sdk/database-types.js';
import { describeEachEngine, itUnlessOn, type TestDatabase } from './engines.js';

/** A filter or update written as the manual writes it (some operators are beyond the SDK's types). */
const filter = (value: Record<string, unknown>): Filter => value as Filter;
const update = (value: Record<string, unknown>): Update => value as Update;

/** The documents, each given _id '1', '2', … in order. */
function numbered<T extends Record<string, unknown>>(documents: T[]): (T & { _id: string })[] {
  return documents.map((document, index) => ({ _id: String(index + 1), ...document }));
}

describeEachEngine('MongoDB manual', (engine) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await engine.open();
  });

  /** The `item` of each document the filter finds, in _id order. */
  async function itemsFound(query: Record<string, unknown>): Promise<unknown[]> {
    return (await db.inventory.find(filter(query)).sort({ _id: 1 })).map((document) => document.item);
  }

  // ---- tutorial/query-arrays/ ("Query an Array") ----
  describe('Query an Array', () => {
    beforeEach(async () => {
      await db.inventory.insertMany(
        numbered([
          { item: 'journal', qty: 25, tags: ['blank', 'red'], dim_cm: [14, 21] },
          { item: 'notebook', qty: 50, tags: ['red', 'blank'], dim_cm: [14, 21] },
          { item: 'paper', qty: 100, tags: ['red', 'blank', 'plain'], dim_cm: [14, 21] },
          { item: 'planner', qty: 75, tags: ['blank', 'red'], dim_cm: [22.85, 30] },
          { item: 'postcard', qty: 45, tags: ['blue'], dim_cm: [10, 15.25] },
        ]),
      );
    });

    it("{ tags: ['red', 'blank'] } finds only the array with exactly those elements in that order (Match an Array)", async () => {
      expect(await itemsFound({ tags: ['red', 'blank'] })).toEqual(['notebook']);
    });

    it("{ tags: { $all: ['red', 'blank'] } } finds arrays holding both, in any order and among others", async () => {
      expect(await itemsFound({ tags: { $all: ['red', 'blank'] } })).toEqual(['journal', 'notebook', 'paper', 'planner']);
    });

    it("{ tags: 'red' } finds documents whose tags array contains 'red' (Query an Array for an Element)", async () => {
      expect(await itemsFound({ tags: 'red' })).toEqual(['journal', 'notebook', 'paper', 'planner']);
    });

    it('{ dim_cm: { $gt: 25 } } finds documents with at least one element above 25', async () => {
      expect(await itemsFound({ dim_cm: { $gt: 25 } })).toEqual(['planner']);
    });

    it('{ dim_cm: { $gt: 15, $lt: 20 } } lets one element satisfy $gt and another $lt (compound filter on array elements)', async () => {
      expect(await itemsFound({ dim_cm: { $gt: 15, $lt: 20 } })).toEqual(['journal', 'notebook', 'paper', 'postcard']);
    });

    it('{ dim_cm: { $elemMatch: { $gt: 22, $lt: 30 } } } needs one element satisfying both', async () => {
      expect(await itemsFound({ dim_cm: { $elemMatch: { $gt: 22, $lt: 30 } } })).toEqual(['planner']);
    });

    it("{ 'dim_cm.1': { $gt: 25 } } looks at the array's second element (Query an Element by the Array Index Position)", async () => {
      expect(await itemsFound({ 'dim_cm.1': { $gt: 25 } })).toEqual(['planner']);
    });

    it("{ tags: { $size: 3 } } finds arrays with exactly three elements (Query an Array by Array Length)", async () => {
      expect(await itemsFound({ tags: { $size: 3 } })).toEqual(['paper']);
    });
  });

  // ---- tutorial/query-array-of-documents/ ("Query an Array of Embedded Documents") ----
  describe('Query an Array of Embedded Documents', () => {
    beforeEach(async () => {
      await db.inventory.insertMany(
        numbered([
          { item: 'journal', instock: [{ warehouse: 'A', qty: 5 }, { warehouse: 'C', qty: 15 }] },
          { item: 'notebook', instock: [{ warehouse: 'C', qty: 5 }] },
          { item: 'paper', instock: [{ warehouse: 'A', qty: 60 }, { warehouse: 'B', qty: 15 }] },
          { item: 'planner', instock: [{ warehouse: 'A', qty: 40 }, { warehouse: 'B', qty: 5 }] },
          { item: 'postcard', instock: [{ warehouse: 'B', qty: 15 }, { warehouse: 'C', qty: 35 }] },
        ]),
      );
    });

    it("{ instock: { warehouse: 'A', qty: 5 } } finds the document with an array element equal to that embedded document", async () => {
      expect(await itemsFound({ instock: { warehouse: 'A', qty: 5 } })).toEqual(['journal']);
    });

    // Finding: PostgreSQL's jsonb does not keep the order of an object's fields, so there an
    // embedded-document equality matches whatever the order of the fields (MongoDB, and SQLite, do not).
    itUnlessOn(engine, ['postgres'], 'jsonb ignores field order')("{ instock: { qty: 5, warehouse: 'A' } } (the fields in another order) finds nothing", async () => {
      expect(await itemsFound({ instock: { qty: 5, warehouse: 'A' } })).toEqual([]);
    });

    it("{ 'instock.0.qty': { $lte: 20 } } looks at the first embedded document only", async () => {
      expect(await itemsFound({ 'instock.0.qty': { $lte: 20 } })).toEqual(['journal', 'notebook', 'postcard']);
    });

    it("{ 'instock.qty': { $lte: 20 } } matches when any embedded document's qty is at most 20", async () => {
      expect(await itemsFound({ 'instock.qty': { $lte: 20 } })).toEqual(['journal', 'notebook', 'paper', 'planner', 'postcard']);
    });

    it('$elemMatch needs one embedded document meeting every condition', async () => {
      expect(await itemsFound({ instock: { $elemMatch: { qty: 5, warehouse: 'A' } } })).toEqual(['journal']);
      expect(await itemsFound({ instock: { $elemMatch: { qty: { $gt: 10, $lte: 20 } } } })).toEqual(['journal', 'paper', 'postcard']);
    });

    it('without $elemMatch, the conditions may be met by different embedded documents', async () => {
      expect(await itemsFound({ 'instock.qty': { $gt: 10, $lte: 20 } })).toEqual(['journal', 'paper', 'planner', 'postcard']);
      expect(await itemsFound({ 'instock.qty': 5, 'instock.warehouse': 'A' })).toEqual(['journal', 'planner']);
    });
  });

  // ---- tutorial/query-for-null-fields/ ("Query for Null or Missing Fields") ----
  describe('Query for Null or Missing Fields', () => {
    beforeEach(async () => {
      // The manual's { _id: 1, item: null }, { _id: 2 }, with string _ids.
      await db.inventory.insertMany([{ _id: '1', item: null }, { _id: '2' }]);
    });

    const ids = async (query: Record<string, unknown>) => (await db.inventory.find(filter(query)).sort({ _id: 1 })).map((document) => document._id);

    it('{ item: null } finds the document whose item is null and the one without item (Equality Filter)', async () => {
      expect(await ids({ item: null })).toEqual(['1', '2']);
    });

    it('{ item: { $ne: null } } finds neither (Non-Equality Filter)', async () => {
      expect(await ids({ item: { $ne: null } })).toEqual([]);
    });

    it("{ item: { $type: 10 } } and { $type: 'null' } find only the document whose item is null (Type Check)", async () => {
      expect(await ids({ item: { $type: 10 } })).toEqual(['1']);
      expect(await ids({ item: { $type: 'null' } })).toEqual(['1']);
    });

    it('{ item: { $exists: false } } finds only the document without item (Existence Check)', async () => {
      expect(await ids({ item: { $exists: false } })).toEqual(['2']);
    });
  });

  // ---- tutorial/query-embedded-documents/ ("Query on Embedded/Nested Documents") ----
  describe('Query on Embedded/Nested Documents', () => {
    beforeEach(async () => {
      await db.inventory.insertMany(
        numbered([
          { item: 'journal', qty: 25, size: { h: 14, w: 21, uom: 'cm' }, status: 'A' },
          { item: 'notebook', qty: 50, size: { h: 8.5, w: 11, uom: 'in' }, status: 'A' },
          { item: 'paper', qty: 100, size: { h: 8.5, w: 11, uom: 'in' }, status: 'D' },
          { item: 'planner', qty: 75, size: { h: 22.85, w: 30, uom: 'cm' }, status: 'D' },
          { item: 'postcard', qty: 45, size: { h: 10, w: 15.25, uom: 'cm' }, status: 'A' },
        ]),
      );
    });

    it('{ size: { h: 14, w: 21, uom: "cm" } } finds the document whose size is exactly that embedded document', async () => {
      expect(await itemsFound({ size: { h: 14, w: 21, uom: 'cm' } })).toEqual(['journal']);
      expect(await itemsFound({ size: { h: 14, w: 21 } })).toEqual([]);
    });

    // Finding: as above, jsonb does not keep field order, so PostgreSQL matches this one.
    itUnlessOn(engine, ['postgres'], 'jsonb ignores field order')('{ size: { w: 21, h: 14, uom: "cm" } } (the fields in another order) finds nothing', async () => {
      expect(await itemsFound({ size: { w: 21, h: 14, uom: 'cm' } })).toEqual([]);
    });

    it("dotted paths query a nested field: { 'size.uom': 'in' }, { 'size.h': { $lt: 15 } }, and with an AND", async () => {
      expect(await itemsFound({ 'size.uom': 'in' })).toEqual(['notebook', 'paper']);
      expect(await itemsFound({ 'size.h': { $lt: 15 } })).toEqual(['journal', 'notebook', 'paper', 'postcard']);
      expect(await itemsFound({ 'size.h': { $lt: 15 }, 'size.uom': 'in', status: 'D' })).toEqual(['paper']);
    });
  });

  // ---- reference/operator/query/in/, …/nin/, …/ne/ ----
  describe('$in, $nin and $ne on arrays and missing fields ($in, $nin, $ne pages)', () => {
    beforeEach(async () => {
      await db.inventory.insertMany(
        numbered([
          { item: 'Pens', quantity: 350, tags: ['school', 'office'] },
          { item: 'Erasers', quantity: 15, tags: ['school', 'home'] },
          { item: 'Maps', tags: ['office', 'storage'] },
          { item: 'Books', quantity: 5, tags: ['school', 'storage', 'home'] },
        ]),
      );
    });

    it('{ quantity: { $in: [5, 15] } } finds the documents whose quantity is one of the values', async () => {
      expect(await itemsFound({ quantity: { $in: [5, 15] } })).toEqual(['Erasers', 'Books']);
    });

    it("{ tags: { $in: ['home', 'school'] } } finds documents whose tags array holds at least one of the values", async () => {
      expect(await itemsFound({ tags: { $in: ['home', 'school'] } })).toEqual(['Pens', 'Erasers', 'Books']);
    });

    it('{ quantity: { $nin: [5, 15] } } also finds the document without quantity', async () => {
      expect(await itemsFound({ quantity: { $nin: [5, 15] } })).toEqual(['Pens', 'Maps']);
    });

    it("{ tags: { $nin: ['school'] } } and { tags: { $ne: 'school' } } find only arrays holding no 'school'", async () => {
      expect(await itemsFound({ tags: { $nin: ['school'] } })).toEqual(['Maps']);
      expect(await itemsFound({ tags: { $ne: 'school' } })).toEqual(['Maps']);
    });
  });

  // ---- reference/operator/query/elemMatch/ ----
  describe('$elemMatch ($elemMatch page)', () => {
    it('{ results: { $elemMatch: { $gte: 80, $lt: 85 } } } needs one element in the range', async () => {
      await db.scores.insertMany([{ _id: '1', results: [82, 85, 88] }, { _id: '2', results: [75, 88, 89] }]);
      expect((await db.scores.find(filter({ results: { $elemMatch: { $gte: 80, $lt: 85 } } }))).map((document) => document._id)).toEqual(['1']);
    });

    it('on embedded documents: one element meets every condition; a lone $ne is not the same as $ne on the dotted path', async () => {
      await db.survey.insertMany([
        { _id: '1', results: [{ product: 'abc', score: 10 }, { product: 'xyz', score: 5 }] },
        { _id: '2', results: [{ product: 'abc', score: 8 }, { product: 'xyz', score: 7 }] },
        { _id: '3', results: [{ product: 'abc', score: 7 }, { product: 'xyz', score: 8 }] },
        { _id: '4', results: [{ product: 'abc', score: 7 }, { product: 'def', score: 8 }] },
      ]);
      const ids = async (query: Record<string, unknown>) => (await db.survey.find(filter(query)).sort({ _id: 1 })).map((document) => document._id);
      expect(await ids({ results: { $elemMatch: { product: 'xyz', score: { $gte: 8 } } } })).toEqual(['3']);
      expect(await ids({ results: { $elemMatch: { product: 'xyz' } } })).toEqual(['1', '2', '3']);
      expect(await ids({ 'results.product': 'xyz' })).toEqual(['1', '2', '3']);
      expect(await ids({ results: { $elemMatch: { product: { $ne: 'xyz' } } } })).toEqual(['1', '2', '3', '4']);
      expect(await ids({ 'results.product': { $ne: 'xyz' } })).toEqual(['4']);
    });
  });

  // ---- reference/operator/query/regex/ ----
  describe('$regex ($regex page)', () => {
    beforeEach(async () => {
      await db.products.insertMany([
        { _id: '100', sku: 'abc123', description: 'Single line description.' },
        { _id: '101', sku: 'abc789', description: 'First line\nSecond line' },
        { _id: '102', sku: 'xyz456', description: 'Many spaces before     line' },
        { _id: '103', sku: 'xyz789', description: 'Multiple\nline description' },
        { _id: '104', sku: 'Abc789', description: 'SKU is Uppercase' },
      ]);
    });

    const ids = async (query: Record<string, unknown>) => (await db.products.find(filter(query)).sort({ _id: 1 })).map((document) => document._id);

    it('{ sku: { $regex: /789$/ } } and case-insensitive /^ABC/i', async () => {
      expect(await ids({ sku: { $regex: /789$/ } })).toEqual(['101', '103', '104']);
      expect(await ids({ sku: { $regex: /^ABC/i } })).toEqual(['100', '101', '104']);
      expect(await ids({ sku: /^ABC/i })).toEqual(['100', '101', '104']);
    });

    it("^ matches at line starts only with $options: 'm'", async () => {
      expect(await ids({ description: { $regex: /^S/, $options: 'm' } })).toEqual(['100', '101', '104']);
      expect(await ids({ description: { $regex: /^S/ } })).toEqual(['100', '104']);
    });

    it("'.' matches a newline only with $options: 's'", async () => {
      expect(await ids({ description: { $regex: /m.*line/, $options: 'si' } })).toEqual(['102', '103']);
      expect(await ids({ description: { $regex: /m.*line/, $options: 'i' } })).toEqual(['102']);
    });

    it("$options: 'x' ignores whitespace and # comments in the pattern", async () => {
      expect(await ids({ sku: { $regex: 'abc #category code\n123 #item number', $options: 'x' } })).toEqual(['100']);
    });
  });

  // ---- reference/operator/query/type/ ----
  describe('$type ($type page)', () => {
    it('finds strings, also inside arrays; numbers by any numeric type name', async () => {
      // The page's zipCodes are a string, a double, a NumberLong, a NumberInt and an array of
      // strings; ours are JSON numbers, so every numeric $type name ('double', 'int', 'long',
      // 'number') matches all three numbers.
      await db.addressBook.insertMany([
        { _id: '1', address: '2030 Martian Way', zipCode: '90698345' },
        { _id: '2', address: '156 Lunar Place', zipCode: 43339374 },
        { _id: '3', address: '2324 Pluto Place', zipCode: 3921412 },
        { _id: '4', address: '55 Saturn Ring', zipCode: 88602117 },
        { _id: '5', address: '104 Venus Drive', zipCode: ['834847278', '1893289032'] },
      ]);
      const ids = async (query: Record<string, unknown>) => (await db.addressBook.find(filter(query)).sort({ _id: 1 })).map((document) => document._id);
      expect(await ids({ zipCode: { $type: 2 } })).toEqual(['1', '5']);
      expect(await ids({ zipCode: { $type: 'string' } })).toEqual(['1', '5']);
      expect(await ids({ zipCode: { $type: 'number' } })).toEqual(['2', '3', '4']);
      expect(await ids({ zipCode: { $type: ['string', 'number'] } })).toEqual(['1', '2', '3', '4', '5']);
      expect(await ids({ zipCode: { $type: 'array' } })).toEqual(['5']);
    });
  });

  // ---- reference/bson-type-comparison-order/ ("Comparison/Sort Order") ----
  // The page states rules rather than a document set; the documents here exercise each rule.
  describe('Comparison/Sort Order', () => {
    const sortedIds = async (spec: Record<string, 1 | -1>) => (await db.values.find({}).sort({ ...spec, _id: 1 })).map((document) => document._id);

    it('sorts mixed types as null (and missing) < numbers < strings < objects < booleans', async () => {
      // Dates would sort after booleans in MongoDB; ours are ISO strings, so they sort as strings.
      await db.values.insertMany([
        { _id: 'bool-true', v: true },
        { _id: 'string-b', v: 'b' },
        { _id: 'object', v: { x: 1 } },
        { _id: 'number-2.5', v: 2.5 },
        { _id: 'null', v: null },
        { _id: 'bool-false', v: false },
        { _id: 'missing' },
        { _id: 'string-a', v: 'a' },
        { _id: 'number-10', v: 10 },
      ]);
      expect(await sortedIds({ v: 1 })).toEqual(['missing', 'null', 'number-2.5', 'number-10', 'string-a', 'string-b', 'object', 'bool-false', 'bool-true']);
      expect(await sortedIds({ v: -1 })).toEqual(['bool-true', 'bool-false', 'object', 'string-b', 'string-a', 'number-10', 'number-2.5', 'missing', 'null']);
    });

    it('a non-existent field sorts as null: { } and { v: null } tie (Non-existent Fields)', async () => {
      await db.values.insertMany([{ _id: 'b', v: null }, { _id: 'a' }, { _id: 'c', v: 0 }]);
      expect(await sortedIds({ v: 1 })).toEqual(['a', 'b', 'c']);
      expect(await sortedIds({ v: -1 })).toEqual(['c', 'a', 'b']);
    });

    it('an ascending sort on an array uses its smallest element, a descending sort its largest (Arrays)', async () => {
      await db.values.insertMany([
        { _id: 'A', sizes: [7, 11] },
        { _id: 'B', sizes: [8, 9, 10] },
        { _id: 'C', sizes: 9.5 },
      ]);
      expect(await sortedIds({ sizes: 1 })).toEqual(['A', 'B', 'C']); // 7 < 8 < 9.5
      expect(await sortedIds({ sizes: -1 })).toEqual(['A', 'B', 'C']); // 11 > 10 > 9.5
    });

    it('mixed-type arrays sort by their smallest/largest element in BSON order (DOCS-15307: [{x:3}, 1] before [2, {x:1}])', async () => {
      // MongoDB's docs ticket DOCS-15307 confirms the rule with these two documents on a real server.
      await db.values.insertMany([
        { _id: 'first-inserted', a: [2, { x: 1 }] },
        { _id: 'second-inserted', a: [{ x: 3 }, 1] },
      ]);
      expect(await sortedIds({ a: 1 })).toEqual(['second-inserted', 'first-inserted']); // smallest: 1 < 2
      expect(await sortedIds({ a: -1 })).toEqual(['second-inserted', 'first-inserted']); // largest: {x:3} > {x:1}
    });

    it('a one-element array [1] compares as 1 against a non-array 2; an empty array sorts before null and missing', async () => {
      await db.values.insertMany([
        { _id: 'two', v: 2 },
        { _id: 'one-in-array', v: [1] },
        { _id: 'null', v: null },
        { _id: 'empty', v: [] },
        { _id: 'three', v: 3 },
      ]);
      expect(await sortedIds({ v: 1 })).toEqual(['empty', 'null', 'one-in-array', 'two', 'three']);
    });

    it('numbers compare by value whatever their form; strings by simple binary comparison (uppercase before lowercase, accents after z)', async () => {
      await db.values.insertMany([
        { _id: 'n1', v: 10 },
        { _id: 'n2', v: 9.5 },
        { _id: 'n3', v: -1 },
        { _id: 'n4', v: 1e3 },
        { _id: 's1', v: 'apple' },
        { _id: 's2', v: 'Banana' },
        { _id: 's3', v: 'éclair' },
        { _id: 's4', v: 'zebra' },
        { _id: 's5', v: '10' },
      ]);
      expect(await sortedIds({ v: 1 })).toEqual(['n3', 'n2', 'n1', 'n4', 's5', 's2', 's1', 's4', 's3']);
    });

    // Finding (both engines): objects among objects sort by each engine's own order of their JSON
    // (SQLite: the JSON text; PostgreSQL: jsonb's order, fewer fields first), not field by field as
    // the manual says; query/sort-model.ts lists it as an approximation.
    itUnlessOn(engine, ['sqlite', 'postgres'], 'objects sort by the engine JSON order')('objects compare field by field in the order the fields appear; the shorter first when one is a prefix (Objects)', async () => {
      await db.values.insertMany([
        { _id: 'b1', v: { b: 1 } },
        { _id: 'a2', v: { a: 2 } },
        { _id: 'a1b', v: { a: 1, b: 0 } },
        { _id: 'a1', v: { a: 1 } },
      ]);
      expect(await sortedIds({ v: 1 })).toEqual(['a1', 'a1b', 'a2', 'b1']);
    });

    it('range operators compare only values of the same type (Type Bracketing): { v: { $gt: 1 } } skips strings and booleans', async () => {
      await db.values.insertMany([
        { _id: 'number', v: 5 },
        { _id: 'string', v: 'x' },
        { _id: 'true', v: true },
        { _id: 'null', v: null },
        { _id: 'object', v: { a: 1 } },
      ]);
      expect(await sortedIds({})).toHaveLength(5);
      expect((await db.values.find(filter({ v: { $gt: 1 } }))).map((document) => document._id)).toEqual(['number']);
      expect((await db.values.find(filter({ v: { $gte: false } }))).map((document) => document._id)).toEqual(['true']);
      expect((await db.values.find(filter({ v: { $lt: 'z' } }))).map((document) => document._id)).toEqual(['string']);
    });
  });

  // ---- update operator pages: reference/operator/update/set/ … ----
  describe('$set (reference/operator/update/set/)', () => {
    beforeEach(async () => {
      await db.products.insertOne({
        _id: '100',
        quantity: 250,
        instock: true,
        reorder: false,
        details: { model: '14QQ', make: 'Clothing Co.' },
        tags: ['apparel', 'clothing'],
        ratings: [{ by: 'Customer007', rating: 4 }],
      });
    });

    it('sets top-level fields, replacing an embedded document and an array whole', async () => {
      await db.products.updateOne({ _id: '100' }, { $set: { quantity: 500, details: { model: '2600', make: 'Fashionaires' }, tags: ['coats', 'outerwear', 'clothing'] } });
      expect(await db.products.findOne({ _id: '100' })).toEqual({
        _id: '100',
        quantity: 500,
        instock: true,
        reorder: false,
        details: { model: '2600', make: 'Fashionaires' },
        tags: ['coats', 'outerwear', 'clothing'],
        ratings: [{ by: 'Customer007', rating: 4 }],
      });
    });

    it("sets a field in an embedded document ('details.make') and array elements by position ('tags.1', 'ratings.0.rating')", async () => {
      await db.products.updateOne({ _id: '100' }, { $set: { 'details.make': 'Kustom Kidz' } });
      await db.products.updateOne({ _id: '100' }, { $set: { 'tags.1': 'rain gear', 'ratings.0.rating': 2 } });
      expect(await db.products.findOne({ _id: '100' })).toMatchObject({
        details: { model: '14QQ', make: 'Kustom Kidz' },
        tags: ['apparel', 'rain gear'],
        ratings: [{ by: 'Customer007', rating: 2 }],
      });
    });
  });

  describe('$unset (reference/operator/update/unset/)', () => {
    it('updateOne removes the fields from the first matching document only', async () => {
      await db.products.insertMany(
        numbered([
          { item: 'chisel', sku: 'C001', quantity: 4, instock: true },
          { item: 'hammer', sku: 'unknown', quantity: 3, instock: true },
          { item: 'nails', sku: 'unknown', quantity: 100, instock: true },
        ]),
      );
      await db.products.updateOne({ sku: 'unknown' }, { $unset: { quantity: '', instock: '' } });
      expect(await db.products.find({}).sort({ _id: 1 })).toEqual([
        { _id: '1', item: 'chisel', sku: 'C001', quantity: 4, instock: true },
        { _id: '2', item: 'hammer', sku: 'unknown' },
        { _id: '3', item: 'nails', sku: 'unknown', quantity: 100, instock: true },
      ]);
    });
  });

  describe('$inc (reference/operator/update/inc/)', () => {
    it('adds to a field and to a field of an embedded document, negative amounts too', async () => {
      await db.products.insertOne({ _id: '1', sku: 'abc123', quantity: 10, metrics: { orders: 2, ratings: 3.5 } });
      await db.products.updateOne({ sku: 'abc123' }, { $inc: { quantity: -2, 'metrics.orders': 1 } });
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', sku: 'abc123', quantity: 8, metrics: { orders: 3, ratings: 3.5 } });
    });
  });

  describe('missing fields (the $set, $inc, $push, $unset pages)', () => {
    it('$set adds a field that does not exist; $inc creates it with the amount; $push creates a one-element array; $unset of a missing field changes nothing', async () => {
      await db.products.insertOne({ _id: '1', item: 'x' });
      await db.products.updateOne({ _id: '1' }, { $set: { color: 'red' }, $inc: { count: 5 }, $push: { log: 'created' } });
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', item: 'x', color: 'red', count: 5, log: ['created'] });
      expect(await db.products.updateOne({ _id: '1' }, { $unset: { nothing: '' } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    });

    it('$push on a field that is not an array fails and changes nothing', async () => {
      await db.products.insertOne({ _id: '1', log: 'text' });
      await expect(db.products.updateOne({ _id: '1' }, { $push: { log: 'more' } })).rejects.toThrow(/not an array/);
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', log: 'text' });
    });
  });

  describe('$push (reference/operator/update/push/)', () => {
    it('appends a value; with $each appends several; updateMany appends to every document', async () => {
      await db.students.insertOne({ _id: '1', scores: [44, 78, 38, 80] });
      await db.students.updateOne({ _id: '1' }, { $push: { scores: 89 } });
      expect(await db.students.findOne({ _id: '1' })).toEqual({ _id: '1', scores: [44, 78, 38, 80, 89] });
      await db.students.updateOne({ _id: '1' }, { $push: { scores: { $each: [90, 92, 85] } } });
      expect(await db.students.findOne({ _id: '1' })).toEqual({ _id: '1', scores: [44, 78, 38, 80, 89, 90, 92, 85] });
      await db.students.insertMany([
        { _id: '2', scores: [45, 78, 38, 80, 89] },
        { _id: '3', scores: [46, 78, 38, 80, 89] },
        { _id: '4', scores: [47, 78, 38, 80, 89] },
      ]);
      await db.students.updateMany({ _id: { $in: ['2', '3', '4'] } }, { $push: { scores: 95 } });
      expect((await db.students.find({ _id: { $ne: '1' } }).sort({ _id: 1 })).map((student) => student.scores)).toEqual([
        [45, 78, 38, 80, 89, 95],
        [46, 78, 38, 80, 89, 95],
        [47, 78, 38, 80, 89, 95],
      ]);
    });
  });

  describe('$addToSet (reference/operator/update/addToSet/)', () => {
    it('adds a value not yet in the array, and leaves the array alone when it is', async () => {
      await db.inventory.insertOne({ _id: '1', item: 'polarizing_filter', tags: ['electronics', 'camera'] });
      expect(await db.inventory.updateOne({ _id: '1' }, update({ $addToSet: { tags: 'accessories' } }))).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
      expect(await db.inventory.updateOne({ _id: '1' }, update({ $addToSet: { tags: 'camera' } }))).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
      expect(await db.inventory.findOne({ _id: '1' })).toEqual({ _id: '1', item: 'polarizing_filter', tags: ['electronics', 'camera', 'accessories'] });
    });

    it('an array value is added as one element; with $each each value is added unless present', async () => {
      await db.pigments.insertOne({ _id: '1', letters: ['a', 'b'] });
      await db.pigments.updateOne({ _id: '1' }, update({ $addToSet: { letters: ['c', 'd'] } }));
      expect(await db.pigments.findOne({ _id: '1' })).toEqual({ _id: '1', letters: ['a', 'b', ['c', 'd']] });
      await db.inventory.insertOne({ _id: '2', item: 'cable', tags: ['electronics', 'supplies'] });
      await db.inventory.updateOne({ _id: '2' }, update({ $addToSet: { tags: { $each: ['camera', 'electronics', 'accessories'] } } }));
      expect(await db.inventory.findOne({ _id: '2' })).toEqual({ _id: '2', item: 'cable', tags: ['electronics', 'supplies', 'camera', 'accessories'] });
    });

    it('on a field that is not an array, the update fails and changes nothing', async () => {
      await db.pigments.insertOne({ _id: '1', colors: 'blue, green, red' });
      await expect(db.pigments.updateOne({ _id: '1' }, update({ $addToSet: { colors: 'mauve' } }))).rejects.toThrow(/not an array/);
      expect(await db.pigments.findOne({ _id: '1' })).toEqual({ _id: '1', colors: 'blue, green, red' });
    });
  });

  describe('$rename (reference/operator/update/rename/)', () => {
    beforeEach(async () => {
      await db.students.insertMany([
        { _id: '1', alias: ['The American Cincinnatus', 'The American Fabius'], mobile: '555-555-5555', nmae: { first: 'george', last: 'washington' } },
        { _id: '2', alias: ['My dearest friend'], mobile: '222-222-2222', nmae: { first: 'abigail', last: 'adams' } },
        { _id: '3', alias: ['Amazing grace'], mobile: '111-111-1111', nmae: { first: 'grace', last: 'hopper' } },
      ]);
    });

    it("updateMany({ nmae: { $ne: null } }, { $rename: { nmae: 'name' } }) renames the field in every document", async () => {
      expect(await db.students.updateMany(filter({ nmae: { $ne: null } }), update({ $rename: { nmae: 'name' } }))).toMatchObject({ matchedCount: 3, modifiedCount: 3 });
      expect((await db.students.find({}).sort({ _id: 1 })).map((student) => [student.name, student.nmae])).toEqual([
        [{ first: 'george', last: 'washington' }, undefined],
        [{ first: 'abigail', last: 'adams' }, undefined],
        [{ first: 'grace', last: 'hopper' }, undefined],
      ]);
    });

    it("renames a field of an embedded document ('nmae.first' to 'nmae.fname'); a missing field is left alone", async () => {
      await db.students.updateOne({ _id: '1' }, update({ $rename: { 'nmae.first': 'nmae.fname' } }));
      expect((await db.students.findOne({ _id: '1' }))?.nmae).toEqual({ last: 'washington', fname: 'george' });
      expect(await db.students.updateOne({ _id: '1' }, update({ $rename: { wife: 'spouse' } }))).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    });
  });

  describe('$setOnInsert (reference/operator/update/setOnInsert/)', () => {
    it('an upsert that inserts applies $setOnInsert; one that matches does not', async () => {
      const inserted = await db.products.updateOne({ _id: '1' }, update({ $set: { item: 'apple' }, $setOnInsert: { defaultQty: 100 } }), { upsert: true });
      expect(inserted).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: '1' });
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', item: 'apple', defaultQty: 100 });
      await db.products.updateOne({ _id: '1' }, update({ $set: { item: 'pear' }, $setOnInsert: { defaultQty: 500 } }), { upsert: true });
      expect(await db.products.findOne({ _id: '1' })).toEqual({ _id: '1', item: 'pear', defaultQty: 100 });
    });
  });
});
