// bulkWrite with every operation kind, on every engine (the guide's own examples run in test/guide).
import { expect, it } from 'vitest';
import { describeEachEngine } from './engines.js';

describeEachEngine('bulkWrite', (engine) => {
  it('bulkWrite reports its counts', async () => {
    const db = await engine.open();
    await db.collection.insertMany([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const result = await db.collection.bulkWrite(
      [
        { updateOne: { filter: { id: 1 }, update: { $set: { id: 1, status: 'done' } } } },
        { updateOne: { filter: { id: 1 }, update: { $set: { status: 'done' } } } }, // matched, not modified
        { updateMany: { filter: { id: { $gte: 2 } }, update: { $inc: { seen: 1 } } } },
        { updateOne: { filter: { id: 9 }, update: { $set: { status: 'new' } }, upsert: true } },
        { insertOne: { document: { id: 10 } } },
        { deleteOne: { filter: { id: 3 } } },
        { deleteMany: { filter: { id: { $in: [10, 11] } } } },
      ],
      { ordered: false },
    );
    expect(result).toEqual({ insertedCount: 1, matchedCount: 4, modifiedCount: 3, deletedCount: 2, upsertedCount: 1, writeErrors: [] });
    expect((await db.collection.find({}).sort({ id: 1 })).map(({ _id, ...rest }) => rest)).toEqual([
      { id: 1, status: 'done' },
      { id: 2, seen: 1 },
      { id: 9, status: 'new' },
    ]);
  });
});
