// The PostgreSQL dialect of filters (src/backends/database/postgres/filter-sql.ts) against a real
// PostgreSQL: tables of the backend's shape (_id text PRIMARY KEY, doc jsonb NOT NULL) filled with
// plain `pg`, the path-type map computed from the same documents, and the cases of filter-cases.ts
// (the ones the SQLite suite runs too) expected to give the same _ids. Plus: a btree expression
// index on doc->'field' serves equality and ranges on paths that never held an array.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePostgresFilter } from '../../../src/backends/database/postgres/filter-sql.js';
import { postgresField } from '../../../src/backends/database/postgres/paths.js';
import { parseFilter } from '../../../src/backends/database/query/filter-model.js';
import { collectDocumentTypes, type PathTypes, TYPE_BOOLEAN, TYPE_NULL, TYPE_NUMBER, TYPE_STRING } from '../../../src/backends/database/query/path-types.js';
import { type PostgresServer, realPostgresSkipReason, startPostgresServer } from '../../helpers/postgres-server.js';
import { collections, filterCases, regexCases } from './filter-cases.js';

const runIf = realPostgresSkipReason ? describe.skip : describe;

runIf(`filters on PostgreSQL${realPostgresSkipReason}`, () => {
  let server: PostgresServer;
  let client: pg.Client;
  const types = new Map<string, PathTypes>();

  beforeAll(async () => {
    server = await startPostgresServer();
    client = new pg.Client({ connectionString: await server.createDatabase('filters') });
    await client.connect();
    for (const [name, documents] of Object.entries(collections)) {
      await client.query(`CREATE TABLE "${name}" (_id text PRIMARY KEY, doc jsonb NOT NULL)`);
      const found = new Map<string, number>();
      for (const document of documents) {
        await client.query(`INSERT INTO "${name}" (_id, doc) VALUES ($1, $2::jsonb)`, [document._id, JSON.stringify(document)]);
        collectDocumentTypes(document, found);
      }
      types.set(name, found);
    }
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await server?.destroy();
  });

  async function ids(collection: string, filter: Record<string, unknown>): Promise<string[]> {
    const params: unknown[] = [];
    const where = compilePostgresFilter(parseFilter(filter, `find on "${collection}"`), types.get(collection) ?? new Map(), params);
    const { rows } = await client.query<{ _id: string }>(`SELECT _id FROM "${collection}"${where === '' ? '' : ` WHERE ${where}`} ORDER BY _id COLLATE "C"`, params);
    return rows.map((row) => row._id);
  }

  it.each([...filterCases, ...regexCases])('%s %j matches %j', async (collection, filter, expected) => {
    expect(await ids(collection, filter)).toEqual(expected);
  });

  it('an empty filter matches everything and binds nothing', () => {
    const params: unknown[] = [];
    expect(compilePostgresFilter(parseFilter({}, 'find'), new Map(), params)).toBe('');
    expect(params).toEqual([]);
  });

  it('numbers its parameters after those already bound', () => {
    const params: unknown[] = ['earlier'];
    const sql = compilePostgresFilter(parseFilter({ status: 'a', n: { $gt: 1 } }, 'find'), new Map(), params);
    expect(sql).toBe(`(doc->'status' = $2::jsonb AND doc->'n' > $3::jsonb)`);
    expect(params).toEqual(['earlier', '"a"', '1']);
  });

  it('keeps a range to its type with a bound an index serves where the stored types allow, jsonb_typeof otherwise', () => {
    const range = (types: [string, number][], filter: Record<string, unknown>) => compilePostgresFilter(parseFilter(filter, 'find'), new Map(types), []);
    expect(range([['n', TYPE_NUMBER | TYPE_NULL]], { n: { $gt: 1 } })).toBe(`doc->'n' > $1::jsonb`);
    expect(range([['n', TYPE_NUMBER | TYPE_BOOLEAN]], { n: { $gte: 1 } })).toBe(`(doc->'n' >= $1::jsonb AND doc->'n' < 'false'::jsonb)`);
    expect(range([['n', TYPE_NUMBER | TYPE_NULL]], { n: { $lt: 1 } })).toBe(`(doc->'n' < $1::jsonb AND doc->'n' > 'null'::jsonb)`);
    expect(range([['n', TYPE_NUMBER | TYPE_STRING]], { n: { $lt: 1 } })).toBe(`(doc->'n' < $1::jsonb AND jsonb_typeof(doc->'n') = 'number')`);
    expect(range([['s', TYPE_STRING | TYPE_NUMBER]], { s: { $gt: 'a' } })).toBe(`(doc->'s' > $1::jsonb AND jsonb_typeof(doc->'s') = 'string')`);
  });

  it('a btree expression index on doc->\'field\' serves equality and ranges where no array was stored; arrays elsewhere do not matter', async () => {
    await client.query(`CREATE TABLE events (_id text PRIMARY KEY, doc jsonb NOT NULL)`);
    const found = new Map<string, number>();
    const documents = Array.from({ length: 2000 }, (_, i) => ({ _id: `e${i}`, status: `s${i % 50}`, ts: i, tags: [`t${i % 7}`] }));
    for (const document of documents) collectDocumentTypes(document, found);
    await client.query(`INSERT INTO events (_id, doc) SELECT d->>'_id', d FROM jsonb_array_elements($1::jsonb) AS d`, [JSON.stringify(documents)]);
    await client.query(`CREATE INDEX events_status_ts ON events ((${postgresField('status')}), (${postgresField('ts')}) DESC)`);
    await client.query('ANALYZE events');
    const explain = async (filter: Record<string, unknown>, order = ''): Promise<string> => {
      const params: unknown[] = [];
      const where = compilePostgresFilter(parseFilter(filter, 'find'), found, params);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT doc FROM events WHERE ${where}${order} LIMIT 5`, params);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    expect(await explain({ status: 's7' }, ` ORDER BY ${postgresField('ts')} DESC`)).toMatch(/Index Scan using events_status_ts/);
    expect(await explain({ status: 's7', ts: { $gt: 1500 } })).toMatch(/Index (Only )?Scan using events_status_ts|Bitmap Index Scan on events_status_ts/);
    // an array path gets the element-wise alternative (not index-served) and still answers
    const params: unknown[] = [];
    const where = compilePostgresFilter(parseFilter({ tags: 't3', status: 's3' }, 'find'), found, params);
    expect(where).toContain('jsonb_array_elements');
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM events WHERE ${where}`, params);
    expect(rows[0].n).toBe(Math.floor(2000 / 350) + (2000 % 350 > 3 ? 1 : 0));
  });
});
