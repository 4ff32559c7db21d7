// The performance guide's "Database Optimization" examples, run against the document database.
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from './helpers.js';

describe('guide: Query Optimization', () => {
  it('returns the newest confirmed transactions after startTime, three fields plus _id, at most 100', async () => {
    const context = { database: openTestDatabase() };
    const startTime = 1_700_000_000_000;
    await context.database.transactions.insertMany(
      Array.from({ length: 400 }, (_, i) => ({
        hash: `0x${i.toString(16).padStart(64, '0')}`,
        status: i % 3 === 0 ? 'pending' : 'confirmed',
        timestamp: startTime - 100_000 + i * 1_000,
        amount: i,
        memo: `transaction ${i}`,
      })),
    );

    // Use indexes
    await context.database.createIndex('transactions', {
      hash: 1,
      timestamp: -1
    });

    // Efficient queries
    const result = await context.database.transactions
      .find({
        timestamp: { $gt: startTime },
        status: 'confirmed'
      })
      .select('hash status timestamp')
      .limit(100)
      .sort({ timestamp: -1 });

    expect(result).toHaveLength(100);
    for (const row of result) {
      expect(Object.keys(row).sort()).toEqual(['_id', 'hash', 'status', 'timestamp']);
      expect(row.status).toBe('confirmed');
      expect(row.timestamp).toBeGreaterThan(startTime);
      expect(row._id).toMatch(/^[0-9a-f]{24}$/);
    }
    const timestamps = result.map((row) => row.timestamp as number);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => b - a));
    // The newest confirmed one is i = 398 (399 is pending); pending ones are skipped throughout.
    expect(timestamps[0]).toBe(startTime - 100_000 + 398 * 1_000);
    const expected = Array.from({ length: 400 }, (_, i) => i)
      .filter((i) => i % 3 !== 0 && startTime - 100_000 + i * 1_000 > startTime)
      .reverse()
      .slice(0, 100)
      .map((i) => `0x${i.toString(16).padStart(64, '0')}`);
    expect(result.map((row) => row.hash)).toEqual(expected);
  });
});

describe('guide: Batch Operations', () => {
  it('batchInsert (ordered: false, batches of 1000) and batchUpdate (bulkWrite updateOne $set) write what they say', async () => {
    const context = { database: openTestDatabase() };

    // Batch inserts
    async function batchInsert(records: any[]) {
      const batchSize = 1000;
      for (let i = 0; i < records.length; i += batchSize) {
        const batch = records.slice(i, i + batchSize);
        await context.database.collection.insertMany(batch, {
          ordered: false
        });
      }
    }

    // Batch updates
    async function batchUpdate(updates: any[]) {
      const operations = updates.map(update => ({
        updateOne: {
          filter: { id: update.id },
          update: { $set: update }
        }
      }));

      await context.database.collection.bulkWrite(operations, {
        ordered: false
      });
    }

    await batchInsert(Array.from({ length: 2500 }, (_, i) => ({ id: i, status: 'new', amount: i * 10 })));
    expect(await context.database.collection.countDocuments({})).toBe(2500);
    expect(await context.database.collection('collection').countDocuments({ status: 'new' })).toBe(2500);

    await batchUpdate([
      { id: 3, status: 'done' },
      { id: 2499, status: 'done', note: 'last' },
      { id: 99_999, status: 'done' }, // matches nothing: not an error, nothing inserted
    ]);
    expect(await context.database.collection.countDocuments({ status: 'done' })).toBe(2);
    expect(await context.database.collection.countDocuments({})).toBe(2500);
    expect(await context.database.collection.findOne({ id: 2499 })).toMatchObject({ id: 2499, status: 'done', note: 'last', amount: 24_990 });
    expect(await context.database.collection.findOne({ id: 3 })).toMatchObject({ id: 3, status: 'done', amount: 30 });
    expect(await context.database.collection.findOne({ id: 4 })).toMatchObject({ id: 4, status: 'new', amount: 40 });
    expect(await context.database.collection.findOne({ id: 4 })).not.toHaveProperty('note');
  });

  it('bulkWrite reports its counts', async () => {
    const db = openTestDatabase();
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
