// The PostgreSQL engine on a real server: its tables, indexes (used by the planner), the SQLite
// engine's error messages for duplicates and failed batches, all-or-nothing transactions, the pool
// size, and path types shared between two processes through LISTEN/NOTIFY.
import { describe, expect, it } from 'vitest';
import { openDocumentDatabase } from '../../../src/backends/database/document-database.js';
import type { PostgresCursor } from '../../../src/backends/database/postgres/cursor.js';
import type { PostgresDocumentDatabase } from '../../../src/backends/database/postgres/index.js';
import { queryRows } from '../../helpers/postgres-client.js';
import { realPostgresSkipReason } from '../../helpers/postgres-server.js';
import { rejection } from './helpers.js';
import { openTestPostgres, usePostgresServer } from './postgres-fixture.js';

const skip = realPostgresSkipReason !== '';

describe.skipIf(skip)(`PostgreSQL engine${realPostgresSkipReason}`, () => {
  const postgres = usePostgresServer('backend');

  async function freshDatabase(poolMax = 4): Promise<{ db: PostgresDocumentDatabase; url: string }> {
    const url = await postgres.createDatabase();
    return { db: openTestPostgres({ url, poolMax }), url };
  }

  it('keeps one table per collection (_id text, doc jsonb) and round-trips documents', async () => {
    const { db } = await freshDatabase();
    const { insertedId } = await db.transactions.insertOne({ hash: '0xa', amount: 5, meta: { kind: 'transfer' }, tags: ['x'] });
    expect(insertedId).toMatch(/^[0-9a-f]{24}$/);
    await db.collection('transactions').insertOne({ _id: 'given', hash: '0xb', amount: 7 });
    expect(await db.transactions.findOne({ hash: '0xa' })).toEqual({ _id: insertedId, hash: '0xa', amount: 5, meta: { kind: 'transfer' }, tags: ['x'] });
    expect(await db.transactions.find({ amount: { $gt: 4 } }).sort({ amount: -1 }).select('hash')).toEqual([
      { _id: 'given', hash: '0xb' },
      { _id: insertedId, hash: '0xa' },
    ]);
    expect(await db.transactions.countDocuments({})).toBe(2);
    expect(await db.transactions.updateOne({ _id: 'given' }, { $inc: { amount: 1 }, $push: { tags: 'new' } })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
    expect(await db.transactions.findOne({ _id: 'given' })).toEqual({ _id: 'given', hash: '0xb', amount: 8, tags: ['new'] });
    expect(await db.transactions.deleteMany({ amount: { $gte: 5 } })).toEqual({ deletedCount: 2 });

    const columns = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'transactions' ORDER BY ordinal_position`);
    expect(columns.rows).toEqual([
      { column_name: '_id', data_type: 'text' },
      { column_name: 'doc', data_type: 'jsonb' },
    ]);
    const { rows } = await db.query('SELECT $1::int + 1 AS n', [41]);
    expect(rows).toEqual([{ n: 42 }]);
  });

  it('builds expression indexes the planner uses for an equality filter; createIndex is idempotent', async () => {
    const { db } = await freshDatabase();
    await db.blocks.insertMany(Array.from({ length: 3000 }, (_, i) => ({ height: i, hash: `0x${i.toString(16)}`, meta: { miner: `m${i % 50}` } })));
    expect(await db.createIndex('blocks', { 'meta.miner': 1, height: -1 })).toBe('blocks_meta.miner_1_height_-1');
    expect(await db.createIndex('blocks', { 'meta.miner': 1, height: -1 })).toBe('blocks_meta.miner_1_height_-1');
    await db.query('ANALYZE blocks');
    const cursor = db.blocks.find({ 'meta.miner': 'm7' }) as unknown as PostgresCursor;
    const { sql, params } = await cursor.toSQL();
    const plan = (await db.query(`EXPLAIN ${sql}`, params)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('blocks_meta.miner_1_height_-1');
    expect(await db.blocks.countDocuments({ 'meta.miner': 'm7' })).toBe(60);

    const other = await rejection(db.createIndex('blocks', { height: 1 }, { name: 'blocks_meta.miner_1_height_-1' }));
    expect(other.code).toBe('INVALID_INDEX');
    expect(other.message).toMatch(/^createIndex\("blocks"\): an index named "blocks_meta.miner_1_height_-1" already exists on this collection with a different definition/);
    const invalid = await rejection(db.createIndex('blocks', { height: 'text' as unknown as 1 }));
    expect(invalid.code).toBe('INVALID_INDEX');
  });

  it('reports duplicates with the SQLite engine’s codes and messages', async () => {
    const { db } = await freshDatabase();
    const sqlite = openDocumentDatabase({ file: ':memory:' });
    try {
      for (const engine of [db, sqlite]) {
        await engine.createIndex('tx', { hash: 1 }, { unique: true });
        await engine.tx.insertOne({ _id: 'a', hash: '0x1' });
      }
      const messages = async (engine: typeof db | typeof sqlite): Promise<string[]> => {
        const byId = await rejection(engine.tx.insertOne({ _id: 'a', hash: '0x9' }));
        const byIndex = await rejection(engine.tx.insertOne({ _id: 'b', hash: '0x1' }));
        const batch = await rejection(engine.tx.insertMany([{ _id: 'c', hash: '0x3' }, { _id: 'd', hash: '0x1' }, { _id: 'e', hash: '0x5' }]));
        const update = await rejection(engine.tx.updateOne({ _id: 'c' }, { $set: { hash: '0x1' } }));
        const bulk = await rejection(engine.tx.bulkWrite([{ insertOne: { document: { _id: 'f' } } }, { insertOne: { document: { _id: 'a' } } }]));
        return [byId, byIndex, batch, update, bulk].map((error) => `${error.code}: ${error.message}`);
      };
      const postgresMessages = await messages(db);
      expect(postgresMessages).toEqual(await messages(sqlite));
      expect(postgresMessages[1]).toBe('DUPLICATE_KEY: insertOne on "tx": the document is a duplicate key: unique index "tx_hash_1" already has a document with the same hash: "0x1"');
      expect(await db.tx.find({}).sort({ _id: 1 })).toEqual(await sqlite.tx.find({}).sort({ _id: 1 }));
      // Once the path types are cached, an insert adding none is a single statement: same answers.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await db.tx.find({});
      for (const document of [{ _id: 'a', hash: '0x7' }, { _id: 'z', hash: '0x1' }]) {
        const [onPostgres, onSqlite] = await Promise.all([rejection(db.tx.insertOne(document)), rejection(sqlite.tx.insertOne(document))]);
        expect(`${onPostgres.code}: ${onPostgres.message}`).toBe(`${onSqlite.code}: ${onSqlite.message}`);
      }
      await db.tx.insertOne({ _id: 'plain', hash: '0x8' });
      expect(await db.tx.findOne({ hash: '0x8' })).toEqual({ _id: 'plain', hash: '0x8' });
    } finally {
      sqlite.close();
    }
  });

  it('writes a batch all or nothing: an update one document cannot take writes none', async () => {
    const { db } = await freshDatabase();
    await db.tx.insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 'text' }, { _id: 'c', n: 3 }]);
    const error = await rejection(db.tx.updateMany({}, { $inc: { n: 1 } }));
    expect(error.code).toBe('INVALID_UPDATE');
    expect(error.message).toBe('updateMany on "tx": cannot apply $inc to "n" of the document with _id "b": the field is not a number');
    expect(await db.tx.find({}).sort({ _id: 1 })).toEqual([{ _id: 'a', n: 1 }, { _id: 'b', n: 'text' }, { _id: 'c', n: 3 }]);

    const unordered = await db.tx.bulkWrite(
      [{ insertOne: { document: { _id: 'd' } } }, { updateOne: { filter: { _id: 'b' }, update: { $inc: { n: 1 } } } }, { deleteOne: { filter: { _id: 'a' } } }],
      { ordered: false },
    );
    expect(unordered).toMatchObject({ insertedCount: 1, deletedCount: 1, writeErrors: [{ index: 1, code: 'INVALID_UPDATE' }] });
    expect((await db.tx.find({}).sort({ _id: 1 })).map((doc) => doc._id)).toEqual(['b', 'c', 'd']);
  });

  it('keeps within the configured pool size under concurrent load', async () => {
    const { db, url } = await freshDatabase(3);
    await db.tx.insertOne({ n: 1 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? db.tx.find({ n: 1 }) : db.tx.updateOne({ n: 1 }, { $set: { at: i } }))));
    const rows = await queryRows<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    // The pool (3) plus the LISTEN connection of the path types.
    expect(rows[0]!.n).toBeLessThanOrEqual(4);
  });

  it('shares path types between processes: an array stored by one is matched element-wise by the other', async () => {
    const { db: first, url } = await freshDatabase();
    const second = openTestPostgres({ url, poolMax: 2 });
    await first.tx.insertOne({ _id: 'scalar', tags: 'x' });
    // The second caches "tags: strings only" once its LISTEN connection is up.
    for (let i = 0; i < 5; i++) {
      expect(await second.tx.find({ tags: 'x' })).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await first.tx.insertOne({ _id: 'array', tags: ['y', 'x'] });
    // The notification arrives shortly after the commit.
    let found: unknown[] = [];
    for (let attempt = 0; attempt < 100 && found.length < 2; attempt++) {
      found = await second.tx.find({ tags: 'x' });
      if (found.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(found).toHaveLength(2);
    const { rows } = await first.query(`SELECT path, types FROM _neosl_path_types WHERE collection = 'tx' ORDER BY path`);
    expect(rows.map((row: { path: string }) => row.path)).toEqual(['_id', 'tags']);
  });
});
