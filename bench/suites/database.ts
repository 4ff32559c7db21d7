// The document database against hand-written better-sqlite3 doing the same work on the same schema
// (_id TEXT PRIMARY KEY, doc TEXT; WAL, synchronous=NORMAL), each on a fresh file in a temp dir:
// (1) insertMany of 100k documents vs one prepared INSERT in one transaction;
// (2) an indexed range find + sort + limit 100 vs the equivalent SQL on the same index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { median, medianRates, secondsSince } from '../measure.js';
import { openDocumentDatabase } from '../../src/backends/database/document-database.js';

const DOCUMENTS = Number(process.env.NEOSL_BENCH_DB_DOCS ?? 100_000);
const RUNS = Number(process.env.NEOSL_BENCH_DB_RUNS ?? 5);
const QUERY_MS = Number(process.env.NEOSL_BENCH_DB_QUERY_MS ?? 300);
const START = 1_700_000_000_000;

export interface TransactionDoc {
  hash: string;
  status: 'confirmed' | 'pending' | 'failed';
  timestamp: number;
  amount: number;
}

export function makeDocuments(count: number): TransactionDoc[] {
  const statuses = ['confirmed', 'confirmed', 'pending', 'failed'] as const;
  return Array.from({ length: count }, (_, i) => ({
    hash: `0x${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(56, '0')}`,
    status: statuses[i % statuses.length]!,
    timestamp: START + i * 1000,
    amount: (i % 1000) * 0.125,
  }));
}

function openRaw(file: string): Sqlite.Database {
  const db = new Sqlite(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS transactions (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)');
  return db;
}

/** Hand-written: one prepared INSERT of each document's JSON (with a 24-hex-digit _id) in one transaction. */
function rawInsert(db: Sqlite.Database, documents: TransactionDoc[]): void {
  const insert = db.prepare('INSERT INTO transactions (_id, doc) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < documents.length; i++) insert.run(i.toString(16).padStart(24, '0'), JSON.stringify(documents[i]));
  })();
}

async function insertBenchmark(dir: string, documents: TransactionDoc[]): Promise<BenchmarkResult> {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    {
      const db = openDocumentDatabase({ file: join(dir, `ours-${run + 1}.db`) });
      const started = process.hrtime.bigint();
      const result = await db.transactions.insertMany(documents);
      const elapsed = secondsSince(started);
      if (result.insertedCount !== documents.length) throw new Error(`insertMany inserted ${result.insertedCount} of ${documents.length}`);
      db.close();
      if (run >= 0) ours.push(documents.length / elapsed);
    }
    {
      const db = openRaw(join(dir, `raw-${run + 1}.db`));
      const started = process.hrtime.bigint();
      rawInsert(db, documents);
      const elapsed = secondsSince(started);
      db.close();
      if (run >= 0) baseline.push(documents.length / elapsed);
    }
  }
  return {
    name: 'database insertMany',
    ours: { label: `insertMany(${DOCUMENTS / 1000}k docs)`, value: median(ours), unit: 'docs/s' },
    baseline: { label: 'prepared INSERT in a transaction', value: median(baseline), unit: 'docs/s' },
    better: 'higher',
    target: 0.7,
    notes: `median of ${RUNS}, fresh file DB each`,
  };
}

async function findBenchmark(dir: string, documents: TransactionDoc[]): Promise<BenchmarkResult> {
  const file = join(dir, 'find.db');
  const db = openDocumentDatabase({ file });
  await db.transactions.insertMany(documents);
  await db.createIndex('transactions', { status: 1, timestamp: -1 });
  const raw = new Sqlite(file, { timeout: 5000 });
  raw.pragma('synchronous = NORMAL');
  const statement = raw.prepare(
    `SELECT _id, json_extract(doc, '$.hash') AS hash, json_extract(doc, '$.status') AS status, json_extract(doc, '$.timestamp') AS timestamp ` +
      `FROM transactions WHERE json_extract(doc, '$.status') = ? AND json_extract(doc, '$.timestamp') > ? ` +
      `ORDER BY json_extract(doc, '$.timestamp') DESC LIMIT 100`,
  );
  // Start times spread over the collection, so each query reads a different stretch of the index.
  const since = (i: number): number => START + ((i * 7919) % (documents.length - 1000)) * 1000;
  const ours = async (i: number) => {
    const rows = await db.transactions.find({ status: 'confirmed', timestamp: { $gt: since(i) } }).select('hash status timestamp').sort({ timestamp: -1 }).limit(100);
    if (rows.length !== 100) throw new Error(`find returned ${rows.length} rows`);
  };
  const handWritten = (i: number) => {
    const rows = statement.all('confirmed', since(i));
    if (rows.length !== 100) throw new Error(`SQL returned ${rows.length} rows`);
  };
  const rates = await medianRates(ours, handWritten, RUNS, QUERY_MS);
  raw.close();
  db.close();
  return {
    name: 'database indexed find',
    ours: { label: 'find($gt)+select+sort+limit(100)', value: rates.ours, unit: 'queries/s' },
    baseline: { label: 'hand-written SQL, same index', value: rates.baseline, unit: 'queries/s' },
    better: 'higher',
    target: 0.5,
    notes: `${DOCUMENTS / 1000}k docs, index { status: 1, timestamp: -1 }, median of ${RUNS}`,
  };
}

export const databaseBenchmarks: Benchmark = {
  name: 'database',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'neosl-bench-db-'));
    try {
      const documents = makeDocuments(DOCUMENTS);
      return [await insertBenchmark(dir, documents), await findBenchmark(dir, documents)];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
