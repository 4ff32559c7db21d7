// The Database object on every engine: collections by property and by name, query(), pools, two
// handles on one database, and closing. SQLite's own (its SQL dialect and errors, WAL, files) are
// in the SQLite-only block at the end.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDocumentDatabase } from '../../../src/backends/database/document-database.js';
import { DatabaseError } from '../../../src/backends/database/errors.js';
import { makeTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { describeEachEngine } from './engines.js';
import { openTestDatabase, rejection, thrown } from './helpers.js';

afterAll(() => removeTempDirs());

describeEachEngine('database', (engine) => {
  const p = engine.param;

  describe('collections', () => {
    it('are reachable by property and by collection(name), as the same collection', async () => {
      const db = await engine.open();
      expect(db.transactions).toBe(db.collection('transactions'));
      expect(db.transactions.name).toBe('transactions');
      await db.transactions.insertOne({ _id: 't1' });
      expect(await db.collection('transactions').findOne({ _id: 't1' })).toEqual({ _id: 't1' });
    });

    it('collection is both the accessor and the collection named "collection"', async () => {
      const db = await engine.open();
      expect(typeof db.collection).toBe('function');
      expect(db.collection.name).toBe('collection');
      const result = await db.collection.insertMany([{ id: 1 }, { id: 2 }]);
      expect(result.insertedCount).toBe(2);
      expect(await db.collection('collection').countDocuments({})).toBe(2);
      expect(await db.collection.findOne({ id: 2 })).toMatchObject({ id: 2 });
      expect((await db.query('SELECT CAST(count(*) AS INTEGER) AS n FROM collection')).rows).toEqual([{ n: 2 }]);
    });

    it('methods are never collections, the database is not thenable, and Object members stay', async () => {
      const db = await engine.open();
      expect((db as unknown as { then: unknown }).then).toBeUndefined();
      expect(await Promise.resolve(db)).toBe(db);
      expect(typeof db.createIndex).toBe('function');
      expect(typeof db.query).toBe('function');
      expect(typeof db.createPool).toBe('function');
      expect(typeof db.close).toBe('function');
      expect(String(db)).toBe('[object Object]');
      expect(Object.keys(db).sort()).toEqual(['close', 'collection', 'createIndex', 'createPool', 'query']);
      expect('transactions' in db).toBe(false);
      expect((db as unknown as Record<string, unknown>).$$typeof).toBeUndefined();
      // A collection that shares a method's name is still reachable by name.
      await db.collection('query').insertOne({ a: 1 });
      expect(await db.collection('query').countDocuments()).toBe(1);
    });

    it('names are validated with a clear error', async () => {
      const db = await engine.open();
      const error = thrown(() => db.collection('my collection'));
      expect(error.code).toBe('INVALID_COLLECTION');
      expect(error.message).toBe('database.collection(): invalid collection name "my collection": use letters, digits and _, starting with a letter (e.g. "my_collection")');
      expect(thrown(() => db['price-feeds']).message).toContain('database.price-feeds: invalid collection name "price-feeds"');
      expect(thrown(() => db.collection('sqlite_master')).message).toContain('names starting with "sqlite_" are reserved by SQLite');
      expect(thrown(() => db.collection('')).message).toContain('it is empty');
      expect(() => ((db as unknown as Record<string, unknown>).transactions = 1)).toThrow(/cannot assign database.transactions/);
    });
  });

  describe('query', () => {
    it('binds parameters and reports rowCount for reads and writes', async () => {
      const db = await engine.open();
      expect(await db.query(`SELECT ${p(1)} + 1 AS answer`, [41])).toEqual({ rows: [{ answer: 42 }], rowCount: 1 });
      await db.tx.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
      expect(await db.query(`SELECT _id FROM tx WHERE _id >= ${p(1)} ORDER BY _id`, ['b'])).toEqual({ rows: [{ _id: 'b' }, { _id: 'c' }], rowCount: 2 });
      expect(await db.query(`DELETE FROM tx WHERE _id < ${p(1)}`, ['c'])).toEqual({ rows: [], rowCount: 2 });
      expect(await db.tx.find({})).toEqual([{ _id: 'c' }]);
    });

    it('an SQL error is SQL_ERROR and carries the SQL', async () => {
      const db = await engine.open();
      const syntax = await rejection(db.query('SELEC * FROM tx'));
      expect(syntax.code).toBe('SQL_ERROR');
      expect(syntax.sql).toBe('SELEC * FROM tx');
      expect(syntax.message).toMatch(/^SQL error: .*SELEC.*\n {2}in: SELEC \* FROM tx$/);
      expect((await rejection(db.query(`SELECT * FROM nowhere WHERE a = ${p(1)}`, [1]))).message).toMatch(/nowhere/);
    });

    it('a collection dropped through query() is recreated on next use', async () => {
      const db = await engine.open();
      await db.tx.insertOne({ a: 1 });
      await db.query('DROP TABLE tx');
      expect(await db.tx.countDocuments()).toBe(0);
      await db.tx.insertOne({ a: 2 });
      expect(await db.tx.countDocuments()).toBe(1);
    });
  });

  describe('two handles on one database (two hosts)', () => {
    it('see each other’s writes, indexes and collections; interleaved batches both land', async () => {
      const [first, second] = await engine.openTwo();
      await first.tx.insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
      expect(await second.tx.countDocuments()).toBe(2);
      await second.tx.updateOne({ _id: 'a' }, { $inc: { n: 10 } });
      expect(await first.tx.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 11 });
      await second.createIndex('tx', { n: 1 }, { unique: true });
      expect((await rejection(first.tx.insertOne({ n: 2 }))).code).toBe('DUPLICATE_KEY');
      await Promise.all([
        first.tx.insertMany(Array.from({ length: 500 }, (_, i) => ({ n: 1000 + i }))),
        second.tx.insertMany(Array.from({ length: 500 }, (_, i) => ({ n: 2000 + i }))),
      ]);
      expect(await first.tx.countDocuments()).toBe(1002);
      expect(await second.tx.countDocuments({ n: { $gte: 2000 } })).toBe(500);
    });
  });

  describe('createPool', () => {
    it('connect() waits while max clients are out, and gets the next released one', async () => {
      const db = await engine.open();
      const pool = await db.createPool({ min: 1, max: 2, idleTimeoutMillis: 1000 });
      const a = await pool.connect();
      const b = await pool.connect();
      let thirdConnected = false;
      const third = pool.connect().then((client) => {
        thirdConnected = true;
        return client;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(thirdConnected).toBe(false);
      expect(await a.query(`SELECT ${p(1)} + 1 AS answer`, [41])).toEqual({ rows: [{ answer: 42 }], rowCount: 1 });
      a.release();
      const c = await third;
      expect(thirdConnected).toBe(true);
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(() => a.release()).toThrow(/already released/);
      expect((await rejection(a.query('SELECT 1'))).code).toBe('CLIENT_RELEASED');
      b.release();
      c.release();
      await pool.end();
      expect((await rejection(pool.connect())).code).toBe('POOL_ENDED');
    });

    it('runs the guide’s executeQuery under load without exceeding max; end() rejects waiters', async () => {
      const db = await engine.open();
      const pool = await db.createPool({ min: 5, max: 3, idleTimeoutMillis: 30000 }).catch((error: DatabaseError) => error);
      expect(pool).toBeInstanceOf(DatabaseError);
      expect((pool as DatabaseError).message).toBe('createPool: min (5) is greater than max (3)');

      const pooled = await db.createPool({ max: 3 });
      let out = 0;
      let most = 0;
      async function executeQuery(query: string, params: any[]) {
        const client = await pooled.connect();
        out++;
        most = Math.max(most, out);
        try {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return await client.query(query, params);
        } finally {
          out--;
          client.release();
        }
      }
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => executeQuery(`SELECT ${p(1)} + 0 AS i`, [i])));
      expect(results.map((result) => result.rows[0].i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(most).toBe(3);

      const held = await Promise.all([pooled.connect(), pooled.connect(), pooled.connect()]);
      const waiting = pooled.connect();
      await pooled.end();
      expect((await rejection(waiting)).code).toBe('POOL_ENDED');
      for (const client of held) client.release();
    });
  });

  describe('close', () => {
    it('later calls fail with CLOSED', async () => {
      const db = await engine.open();
      await db.close();
      await db.close();
      const error = await rejection(db.tx.insertOne({ a: 1 }));
      expect(error.code).toBe('CLOSED');
      expect(error.message).toBe('insertOne on "tx": the database has been closed');
      expect((await rejection(db.query('SELECT 1'))).code).toBe('CLOSED');
    });
  });
});

describe('SQLite only: its SQL, errors, WAL and files', () => {
  it('query(): reads return rows and rowCount = rows; writes return rowCount = changes; Dates and booleans are bound as SQLite values', async () => {
    const db = openTestDatabase();
    await db.tx.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const read = await db.query(`SELECT json_extract(doc, '$.n') AS n FROM tx WHERE json_extract(doc, '$.n') >= ? ORDER BY 1`, [2]);
    expect(read).toEqual({ rows: [{ n: 2 }, { n: 3 }], rowCount: 2 });
    const write = await db.query(`UPDATE tx SET doc = json_set(doc, '$.seen', json(?)) WHERE json_extract(doc, '$.n') < ?`, ['true', 3]);
    expect(write).toEqual({ rows: [], rowCount: 2 });
    expect(await db.tx.countDocuments({ seen: true })).toBe(2);
    expect((await db.query('SELECT ? AS a, ? AS b', [new Date('2024-01-02T03:04:05.000Z'), false])).rows).toEqual([{ a: '2024-01-02T03:04:05.000Z', b: 0 }]);
  });

  it('SQL errors carry the SQL and SQLite message', async () => {
    const db = openTestDatabase();
    const syntax = await rejection(db.query('SELEC * FROM tx'));
    expect(syntax.code).toBe('SQL_ERROR');
    expect(syntax.message).toBe('SQL error: near "SELEC": syntax error\n  in: SELEC * FROM tx');
    expect(syntax.sql).toBe('SELEC * FROM tx');
    expect(syntax.sqliteCode).toBe('SQLITE_ERROR');
    const missing = await rejection(db.query('SELECT * FROM nowhere WHERE a = ?', [1]));
    expect(missing.message).toContain('no such table: nowhere');
    const params = await rejection(db.query('SELECT ? + ?', [1]));
    expect(params.code).toBe('SQL_ERROR');
    expect(params.message).toContain('Too few parameter values were provided');
  });

  it('two connections on one file use WAL with synchronous=NORMAL', async () => {
    const file = join(makeTempDir(), 'shared.db');
    const first = openTestDatabase(file);
    openTestDatabase(file);
    expect((await first.query('PRAGMA journal_mode')).rows).toEqual([{ journal_mode: 'wal' }]);
    expect((await first.query('PRAGMA synchronous')).rows).toEqual([{ synchronous: 1 }]);
  });

  it('a file database keeps its documents after closing', async () => {
    const file = join(makeTempDir(), 'kept.db');
    const db = openDocumentDatabase({ file });
    await db.tx.insertOne({ _id: 'x', v: 1 });
    db.close();
    const again = openTestDatabase(file);
    expect(await again.tx.findOne({ _id: 'x' })).toEqual({ _id: 'x', v: 1 });
  });
});
