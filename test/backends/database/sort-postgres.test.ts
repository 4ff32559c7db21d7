// The PostgreSQL sort emitter (postgres/sort-sql.ts) against a real PostgreSQL: collection tables
// made by hand with `pg` (`_id text PRIMARY KEY, doc jsonb NOT NULL`), the same documents and sort
// specs as the SQLite suite (sort-cases.ts), the same expected order; and EXPLAIN showing an index on
// (doc->'ts') serving ORDER BY for a field that only ever held numbers while another holds arrays.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePostgresSort } from '../../../src/backends/database/postgres/sort-sql.js';
import { collectDocumentTypes } from '../../../src/backends/database/query/path-types.js';
import { parseSort } from '../../../src/backends/database/query/sort-model.js';
import { type PostgresServer, realPostgresSkipReason, startPostgresServer } from '../../helpers/postgres-server.js';
import { sortCases } from './sort-cases.js';

const run = realPostgresSkipReason === '' ? describe : describe.skip;

run(`sort order on PostgreSQL (jsonb)${realPostgresSkipReason}`, () => {
  let server: PostgresServer;
  let client: pg.Client;

  beforeAll(async () => {
    server = await startPostgresServer();
    client = new pg.Client({ connectionString: await server.createDatabase('neosl_sort') });
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    await server?.destroy();
  });

  /** A fresh collection table holding `documents`; returns the path types they record. */
  async function collection(table: string, documents: Record<string, unknown>[]): Promise<Map<string, number>> {
    await client.query(`DROP TABLE IF EXISTS "${table}"; CREATE TABLE "${table}" (_id text PRIMARY KEY, doc jsonb NOT NULL)`);
    const types = new Map<string, number>();
    for (const document of documents) collectDocumentTypes(document, types);
    await client.query(
      `INSERT INTO "${table}" (_id, doc) SELECT d->>'_id', d FROM jsonb_array_elements($1::jsonb) d`,
      [JSON.stringify(documents)],
    );
    return types;
  }

  async function sortedIds(table: string, sort: Record<string, 1 | -1>, types: Map<string, number>, limit = ''): Promise<string[]> {
    const order = compilePostgresSort(parseSort(sort, 'find'), types);
    const { rows } = await client.query<{ _id: string }>(`SELECT _id FROM "${table}" ORDER BY ${order}${limit}`);
    return rows.map((row) => row._id);
  }

  it.each(sortCases.map((sortCase) => [sortCase.name, sortCase] as const))('%s', async (_name, { documents, sort, expected }) => {
    const types = await collection('c', documents);
    expect(await sortedIds('c', sort, types)).toEqual(expected);
  });

  describe('an index on (doc->\'ts\') serves ORDER BY for a single-type field', () => {
    let types: Map<string, number>;

    beforeAll(async () => {
      const documents = Array.from({ length: 20_000 }, (_, i) => ({
        _id: `e${i}`,
        ts: 1_700_000_000_000 + i,
        tags: i % 2 === 0 ? ['a', String(i % 7)] : [], // another field holds arrays
        flag: i % 5 === 0 ? true : i,
      }));
      types = await collection('events', documents);
      // NULLS FIRST: missing/null lowest ascending, as MongoDB sorts them; scanned backwards for DESC.
      await client.query(`CREATE INDEX events_ts ON events ((doc->'ts') NULLS FIRST); ANALYZE events`);
    }, 60_000);

    async function plan(sort: Record<string, 1 | -1>): Promise<string> {
      const order = compilePostgresSort(parseSort(sort, 'find'), types);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT _id FROM events ORDER BY ${order} LIMIT 5`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }

    it('in both directions, without a Sort node', async () => {
      const descending = await plan({ ts: -1 });
      expect(descending).toContain('Index Scan Backward using events_ts');
      expect(descending).not.toMatch(/\bSort\b/);
      const ascending = await plan({ ts: 1 });
      expect(ascending).toMatch(/Index Scan using events_ts/);
      expect(ascending).not.toMatch(/\bSort\b/);
      expect(await sortedIds('events', { ts: -1 }, types, ' LIMIT 3')).toEqual(['e19999', 'e19998', 'e19997']);
    });

    it('the array and mixed-type fields sort in MongoDB\'s order (by a Sort node)', async () => {
      expect(await plan({ tags: 1 })).toMatch(/\bSort\b/);
      expect(await sortedIds('events', { tags: 1, ts: 1 }, types, ' LIMIT 1')).toEqual(['e1']); // [] below everything
      expect(await sortedIds('events', { tags: -1, ts: 1 }, types, ' LIMIT 1')).toEqual(['e0']); // 'a' is the largest
      expect(await sortedIds('events', { flag: 1 }, types, ' LIMIT 1')).toEqual(['e1']); // numbers below booleans
      expect(await sortedIds('events', { flag: -1, ts: 1 }, types, ' LIMIT 1')).toEqual(['e0']);
    });
  });
});
