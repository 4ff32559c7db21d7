// The PostgreSQL engine when the server is not there: down at start (UNAVAILABLE naming host:port
// and the cause, never the password), lost mid-run (the call fails, nothing half-written, the same
// handle works again once the server is back), a schema from a newer neosl (refused, both versions
// named), several processes applying the schema at once (one does it), and the 503 a function's
// unhandled UNAVAILABLE answers.
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../src/backends/database/errors.js';
import type { PostgresDocumentDatabase } from '../../../src/backends/database/postgres/index.js';
import { describeThrown } from '../../../src/runtime/describe-error.js';
import { freePort } from '../../helpers/free-port.js';
import { withPostgresClient } from '../../helpers/postgres-client.js';
import { realPostgresSkipReason } from '../../helpers/postgres-server.js';
import { rejection } from './helpers.js';
import { openTestPostgres, usePostgresServer } from './postgres-fixture.js';

const skip = realPostgresSkipReason !== '';

function open(url: string, connectAttempts?: number): PostgresDocumentDatabase {
  return openTestPostgres({ url, poolMax: 3, ...(connectAttempts !== undefined ? { connectAttempts } : {}) });
}

describe('a function that lets UNAVAILABLE escape', () => {
  it('answers 503 with the cause; other database errors stay 500', () => {
    const unavailable = new DatabaseError('UNAVAILABLE', 'find on "tx": PostgreSQL at 127.0.0.1:5432 is unavailable: connect ECONNREFUSED 127.0.0.1:5432');
    expect(describeThrown(unavailable)).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE', message: unavailable.message });
    expect(describeThrown(new DatabaseError('INVALID_FILTER', 'x')).statusCode).toBe(500);
  });
});

describe('PostgreSQL down at start', () => {
  it('fails calls with UNAVAILABLE naming host:port and the cause, without the password, after retrying', async () => {
    const port = await freePort();
    const db = open(`postgres://neosl:s3cret-pw@127.0.0.1:${port}/app`, 3);
    const error = await rejection(db.tx.insertOne({ a: 1 }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(`insertOne on "tx": PostgreSQL at 127.0.0.1:${port} is unavailable: connect ECONNREFUSED 127.0.0.1:${port} (tried 3 times)`);
    expect(error.message).not.toContain('s3cret');
    const read = await rejection(db.tx.find({}));
    expect(read.code).toBe('UNAVAILABLE');
    expect((await rejection(db.query('SELECT 1'))).code).toBe('UNAVAILABLE');
  });
});

describe.skipIf(skip)(`PostgreSQL failures on a real server${realPostgresSkipReason}`, () => {
  const postgres = usePostgresServer('failures');

  it('lost mid-run: calls fail with UNAVAILABLE, and the same handle works again once the server is back', async () => {
    const url = await postgres.createDatabase();
    const db = open(url, 2);
    await db.tx.insertOne({ _id: 'before', n: 1 });
    await postgres.server.stop();
    try {
      const error = await rejection(db.tx.insertOne({ _id: 'during' }));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/^insertOne on "tx": PostgreSQL at 127\.0\.0\.1:\d+ is unavailable: /);
      expect((await rejection(db.tx.findOne({ _id: 'before' }))).code).toBe('UNAVAILABLE');
    } finally {
      await postgres.server.start();
    }
    expect(await db.tx.findOne({ _id: 'before' })).toEqual({ _id: 'before', n: 1 });
    await db.tx.insertOne({ _id: 'after' });
    expect((await db.tx.find({}).sort({ _id: 1 })).map((doc) => doc._id)).toEqual(['after', 'before']);
  }, 60_000);

  it('a connection lost inside a batch writes nothing of it', async () => {
    const url = await postgres.createDatabase();
    const db = open(url, 2);
    await db.tx.insertOne({ _id: 'kept' });
    // A trigger that stalls on the second document, so the batch is surely mid-way when its connection is cut.
    await db.query(`CREATE FUNCTION stall() RETURNS trigger AS $$ BEGIN IF NEW._id = 'slow' THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.query(`CREATE TRIGGER stall BEFORE INSERT ON tx FOR EACH ROW EXECUTE FUNCTION stall()`);
    const batch = rejection(db.tx.bulkWrite([{ insertOne: { document: { _id: 'first' } } }, { insertOne: { document: { _id: 'slow' } } }, { insertOne: { document: { _id: 'third' } } }]));
    await withPostgresClient(url, async (client) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const { rows } = await client.query(`SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the batch never reached the stalled document');
    });
    const error = await batch;
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/^bulkWrite on "tx": PostgreSQL at .* is unavailable: .*\(nothing was written\)$/);
    await db.query('DROP TRIGGER stall ON tx');
    expect((await db.tx.find({})).map((doc) => doc._id)).toEqual(['kept']);
  }, 60_000);

  it('refuses a schema made by a newer neosl, naming both versions', async () => {
    const url = await postgres.createDatabase();
    const first = open(url);
    await first.tx.insertOne({ a: 1 });
    await first.query('UPDATE _neosl_schema SET version = 99');
    const newer = open(url);
    const error = await rejection(newer.tx.find({}));
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    expect(error.message).toContain('neosl schema version 99');
    expect(error.message).toContain("this neosl's (version 1)");
    expect((await rejection(newer.tx.insertOne({ b: 1 }))).code).toBe('SCHEMA_TOO_NEW');
  });

  it('applies the schema once when several processes start on an empty database at the same time', async () => {
    const url = await postgres.createDatabase();
    const handles = Array.from({ length: 6 }, () => open(url));
    await Promise.all(handles.map((db, i) => db.tx.insertOne({ _id: `p${i}` })));
    const versions = await withPostgresClient(url, (client) => client.query('SELECT version FROM _neosl_schema'));
    expect(versions.rows).toEqual([{ version: 1 }]);
    expect(await handles[0]!.tx.countDocuments({})).toBe(6);
  });
});
