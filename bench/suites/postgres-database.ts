// The PostgreSQL document engine against hand-written `pg` SQL doing the same work on the same
// schema ("<collection>" (_id text PRIMARY KEY, doc jsonb NOT NULL)), both on one throwaway
// PostgreSQL (test/helpers/postgres-server.ts: fsync off) started for the run, with the documents
// of the SQLite suite (bench/suites/database.ts):
// (1) insertMany of 100k documents vs the fastest hand-written bulk insert found (batches of JSON
//     arrays unpacked by jsonb_array_elements, all in one transaction), each into a fresh table;
// (2) an indexed equality + range find + select + sort + limit 100 vs the equivalent SQL as a named
//     prepared statement on the same table and the same index (made by createIndex).
// Reps alternate ours and the baseline; figures are medians. No PostgreSQL installed: a skip line.
import pg from 'pg';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { median, medianRates, secondsSince } from '../measure.js';
import { makeDocuments, type TransactionDoc } from './database.js';
import { openPostgresDatabase, type PostgresDocumentDatabase } from '../../src/backends/database/postgres/index.js';
import { postgresBin, startPostgresServer } from '../../test/helpers/postgres-server.js';

const DOCUMENTS = Number(process.env.NEOSL_BENCH_DB_DOCS ?? 100_000);
const RUNS = Number(process.env.NEOSL_BENCH_DB_RUNS ?? 5);
const QUERY_MS = Number(process.env.NEOSL_BENCH_DB_QUERY_MS ?? 300);
/** Documents per INSERT statement of the hand-written bulk insert (1k and 10k measured alike; 20k–100k slower). */
const RAW_BATCH = 10_000;
const LIMIT = 100;

/** A 24-hex-digit _id, as ours generates (the SQLite suite's baseline does the same). */
function rawId(index: number): string {
  return index.toString(16).padStart(24, '0');
}

/**
 * Hand-written: the table, then every document in one transaction, RAW_BATCH per statement, each
 * batch sent as one JSON array of [_id, doc] pairs and unpacked in the server (about twice as fast
 * here as unnest($1::text[], $2::jsonb[]), and faster than a multi-row VALUES list or
 * jsonb_to_recordset; COPY would need pg-copy-streams, which is not a dependency).
 */
async function rawInsert(client: pg.Client, table: string, documents: TransactionDoc[]): Promise<void> {
  await client.query(`CREATE TABLE "${table}" (_id text PRIMARY KEY, doc jsonb NOT NULL)`);
  await client.query('BEGIN');
  try {
    for (let start = 0; start < documents.length; start += RAW_BATCH) {
      const rows: [string, TransactionDoc][] = [];
      for (let i = start; i < Math.min(documents.length, start + RAW_BATCH); i++) rows.push([rawId(i), documents[i]!]);
      await client.query(`INSERT INTO "${table}" (_id, doc) SELECT e->>0, e->1 FROM jsonb_array_elements($1::jsonb) AS e`, [JSON.stringify(rows)]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function rowCount(client: pg.Client, table: string): Promise<number> {
  const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${table}"`);
  return rows[0]!.count;
}

async function insertBenchmark(db: PostgresDocumentDatabase, client: pg.Client, documents: TransactionDoc[]): Promise<BenchmarkResult> {
  const ours: number[] = [];
  const baseline: number[] = [];
  // Each rep writes fresh tables (new names), dropped afterwards so that they cost nothing later.
  for (let run = -1; run < RUNS; run++) {
    {
      const collection = `ours_insert_${run + 1}`;
      const started = process.hrtime.bigint();
      const result = await db.collection(collection).insertMany(documents);
      const elapsed = secondsSince(started);
      if (result.insertedCount !== documents.length) throw new Error(`insertMany into "${collection}" inserted ${result.insertedCount} of ${documents.length}`);
      const stored = await rowCount(client, collection);
      if (stored !== documents.length) throw new Error(`insertMany reported ${documents.length} documents, but table "${collection}" holds ${stored}`);
      await client.query(`DROP TABLE "${collection}"`);
      if (run >= 0) ours.push(documents.length / elapsed);
    }
    {
      const table = `raw_insert_${run + 1}`;
      const started = process.hrtime.bigint();
      await rawInsert(client, table, documents);
      const elapsed = secondsSince(started);
      const stored = await rowCount(client, table);
      if (stored !== documents.length) throw new Error(`the hand-written insert left ${stored} of ${documents.length} rows in "${table}"`);
      await client.query(`DROP TABLE "${table}"`);
      if (run >= 0) baseline.push(documents.length / elapsed);
    }
  }
  return {
    name: 'postgres-database insertMany',
    ours: { label: `insertMany(${DOCUMENTS / 1000}k docs)`, value: median(ours), unit: 'docs/s' },
    baseline: { label: `jsonb_array_elements INSERTs of ${RAW_BATCH / 1000}k in a transaction`, value: median(baseline), unit: 'docs/s' },
    better: 'higher',
    target: 0.7,
    notes: `median of ${RUNS}, fresh table each, both timings include CREATE TABLE, fsync off`,
  };
}

const FIND_SQL =
  `SELECT _id, doc->'hash' AS hash, doc->'status' AS status, doc->'timestamp' AS timestamp FROM transactions ` +
  `WHERE doc->'status' = $1::jsonb AND doc->'timestamp' > $2::jsonb ORDER BY doc->'timestamp' DESC NULLS LAST LIMIT ${LIMIT}`;

/**
 * Throws unless PostgreSQL answers the hand-written query from the index alone, in index order (an
 * index scan, no bitmap scan, no sort): a baseline that sorts or scans the table would flatter ours.
 */
async function assertIndexOrdered(client: pg.Client, since: number): Promise<void> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${FIND_SQL.replace('$1::jsonb', `'"confirmed"'::jsonb`).replace('$2::jsonb', `'${since}'::jsonb`)}`);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  if (!/Index (Only )?Scan/.test(plan) || /Bitmap|Sort|Seq Scan/.test(plan)) {
    throw new Error(`the hand-written find is not answered in order from the index createIndex made; its plan:\n${plan}`);
  }
}

async function findBenchmark(db: PostgresDocumentDatabase, client: pg.Client, documents: TransactionDoc[]): Promise<BenchmarkResult> {
  await db.collection('transactions').insertMany(documents);
  await db.createIndex('transactions', { status: 1, timestamp: -1 });
  await client.query('ANALYZE transactions'); // the same table for both: fresh statistics for either plan
  const first = documents[0]!.timestamp;
  // Start times spread over the collection, so each query reads a different stretch of the index.
  const since = (i: number): number => first + ((i * 7919) % (documents.length - 1000)) * 1000;
  await assertIndexOrdered(client, since(0));
  const ours = async (i: number) => {
    const rows = await db.collection('transactions').find({ status: 'confirmed', timestamp: { $gt: since(i) } }).select('hash status timestamp').sort({ timestamp: -1 }).limit(LIMIT);
    if (rows.length !== LIMIT) throw new Error(`find returned ${rows.length} rows, not ${LIMIT}`);
  };
  const handWritten = async (i: number) => {
    const { rows } = await client.query({ name: 'bench-find', text: FIND_SQL, values: ['"confirmed"', String(since(i))] });
    if (rows.length !== LIMIT) throw new Error(`the hand-written SQL returned ${rows.length} rows, not ${LIMIT}`);
  };
  const rates = await medianRates(ours, handWritten, RUNS, QUERY_MS);
  return {
    name: 'postgres-database indexed find',
    ours: { label: `find($gt)+select+sort+limit(${LIMIT})`, value: rates.ours, unit: 'queries/s' },
    baseline: { label: 'prepared pg SQL, same index', value: rates.baseline, unit: 'queries/s' },
    better: 'higher',
    target: 0.5,
    notes: `${DOCUMENTS / 1000}k docs, index { status: 1, timestamp: -1 }, median of ${RUNS} x ${QUERY_MS} ms`,
  };
}

export const postgresDatabaseBenchmarks: Benchmark = {
  name: 'postgres-database',
  async run() {
    if (!postgresBin) {
      process.stdout.write('postgres-database: skipped, PostgreSQL is not installed (apt-get install postgresql)\n');
      return [];
    }
    const server = await startPostgresServer();
    let db: PostgresDocumentDatabase | undefined;
    let client: pg.Client | undefined;
    try {
      const url = await server.createDatabase('neosl_bench');
      db = openPostgresDatabase({ url });
      client = new pg.Client({ connectionString: url });
      await client.connect();
      const documents = makeDocuments(DOCUMENTS);
      return [await insertBenchmark(db, client, documents), await findBenchmark(db, client, documents)];
    } finally {
      await client?.end();
      await db?.close();
      await server.destroy();
    }
  },
};
