// The engines the database suite runs on, and a way to write a test once for all of them:
//
//   describeEachEngine('find', (engine) => {
//     it('…', async () => {
//       const db = await engine.open();   // an empty database, closed after the test
//       …
//     });
//   });
//
// SQLite always (':memory:'); PostgreSQL when its binaries are installed (`.ci/run` installs them,
// so in CI it always runs; elsewhere its blocks are skipped with the reason in their name). One
// PostgreSQL server per test file, started by the first PostgreSQL block's beforeAll and destroyed
// after the file. Each open() hands out an empty database: the file keeps a few PostgreSQL
// databases and empties one (see EMPTY_DATABASE, about 10 ms) instead of creating a new one (about
// 60 ms, plus 100 ms of re-creating tables) for every test.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import pg from 'pg';
import { openDocumentDatabase } from '../../../src/backends/database/document-database.js';
import { openPostgresDatabase } from '../../../src/backends/database/postgres/index.js';
import type { Database } from '../../../src/sdk/database-types.js';
import { type PostgresServer, realPostgresSkipReason, startPostgresServer } from '../../helpers/postgres-server.js';
import { makeTempDir, removeTempDirs } from '../../helpers/temp-dir.js';

export type EngineName = 'sqlite' | 'postgres';

/** The SDK Database plus close() (synchronous on SQLite, a Promise on PostgreSQL). */
export type TestDatabase = Database & { close(): void | Promise<void> };

export interface TestEngine {
  readonly name: EngineName;
  /** An empty database, closed after the test. Each call in a test gives another empty one. */
  open(): Promise<TestDatabase>;
  /** Two handles (two connections, as two hosts would have) on one empty database; closed after the test. */
  openTwo(): Promise<[TestDatabase, TestDatabase]>;
  /** The SQL placeholder for the i-th (1-based) parameter of database.query(): '?' or '$i'. */
  param(i: number): string;
}

// ---- what every test opened, closed after it ----

const openedThisTest: TestDatabase[] = [];
let postgresOpensThisTest = 0;

beforeEach(() => {
  postgresOpensThisTest = 0;
});

afterEach(async () => {
  const closing = openedThisTest.splice(0).map((db) => db.close());
  await Promise.all(closing);
});

function track<T extends TestDatabase>(db: T): T {
  openedThisTest.push(db);
  return db;
}

// ---- SQLite ----

const sqlite: TestEngine = {
  name: 'sqlite',
  async open() {
    return track(openDocumentDatabase({ file: ':memory:' }));
  },
  async openTwo() {
    const file = join(makeTempDir('neosl-engines-'), 'shared.db');
    return [track(openDocumentDatabase({ file })), track(openDocumentDatabase({ file }))];
  },
  param: () => '?',
};

// ---- PostgreSQL: one server per test file, a few reusable databases emptied before each use ----

let server: Promise<PostgresServer> | undefined;
/** The file's databases (the n-th open() of a test gets the n-th), each with an admin connection. */
const postgresDatabases: { name: string; url: string; admin: pg.Client }[] = [];

function postgresServer(): Promise<PostgresServer> {
  server ??= startPostgresServer();
  return server;
}

afterAll(async () => {
  for (const { admin } of postgresDatabases.splice(0)) await admin.end().catch(() => undefined);
  if (server) await (await server).destroy();
  server = undefined;
  removeTempDirs();
});

/**
 * Empties a database the previous test used, as the API sees it: no documents, no indexes (and no
 * schemas or tables of another shape). Collection tables are kept, emptied (DELETE), with their
 * primary key only, and neosl's own tables too (the schema version stays; the path-type map is
 * emptied): dropping and re-creating them cost about 100 ms per test, which this costs about 10.
 * A collection a test uses for the first time in its file still starts with no table.
 */
const EMPTY_DATABASE = `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT n.nspname FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'public') LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) LOOP
    EXECUTE format('DROP INDEX public.%I', r.indexname);
  END LOOP;
  FOR r IN SELECT t.tablename, (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
                                WHERE a.attrelid = format('public.%I', t.tablename)::regclass AND a.attnum > 0 AND NOT a.attisdropped) AS columns
           FROM pg_tables t WHERE t.schemaname = 'public' LOOP
    IF r.tablename = '_neosl_path_types' OR r.columns = ARRAY['_id', 'doc'] THEN EXECUTE format('DELETE FROM public.%I', r.tablename);
    ELSIF r.tablename NOT LIKE '\\_neosl\\_%' THEN EXECUTE format('DROP TABLE public.%I CASCADE', r.tablename);
    END IF;
  END LOOP;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm', 'S') LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'SEQUENCE' END, r.relname);
  END LOOP;
END $$`;

async function emptyDatabase(admin: pg.Client, name: string): Promise<void> {
  try {
    await admin.query(EMPTY_DATABASE);
  } catch (error) {
    throw new Error(`could not empty the test database "${name}" (is a connection of the previous test still open?): ${(error as Error).message}`);
  }
}

/** The position-th database of this file, emptied. */
async function emptyPostgresDatabase(position: number): Promise<string> {
  const running = await postgresServer();
  while (postgresDatabases.length <= position) {
    const name = `neosl_test_${postgresDatabases.length}`;
    const url = await running.createDatabase(name);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Fail clearly instead of waiting forever on a lock a leaked connection holds.
    await admin.query(`SET lock_timeout = '10s'`);
    postgresDatabases.push({ name, url, admin });
  }
  const { name, url, admin } = postgresDatabases[position]!;
  await emptyDatabase(admin, name);
  return url;
}

async function openPostgres(url: string): Promise<TestDatabase> {
  return track(openPostgresDatabase({ url, poolMax: 4 }));
}

const postgres: TestEngine = {
  name: 'postgres',
  async open() {
    return openPostgres(await emptyPostgresDatabase(postgresOpensThisTest++));
  },
  async openTwo() {
    const url = await emptyPostgresDatabase(postgresOpensThisTest++);
    return [await openPostgres(url), await openPostgres(url)];
  },
  param: (i) => `$${i}`,
};

// ---- writing a test once ----

/** Every engine, SQLite first (PostgreSQL's tests are skipped when postgresAvailable is false). */
export const engines: readonly TestEngine[] = [sqlite, postgres];

export const postgresAvailable = realPostgresSkipReason === '';

/**
 * describe(`${title} [engine]`) once per engine, with `body` declaring the tests. The PostgreSQL
 * block starts the file's server in beforeAll, and is skipped (reason in its name) when PostgreSQL
 * is not installed.
 */
export function describeEachEngine(title: string, body: (engine: TestEngine) => void): void {
  describe(`${title} [sqlite]`, () => body(sqlite));
  if (!postgresAvailable) {
    describe.skip(`${title} [postgres]${realPostgresSkipReason}`, () => body(postgres));
    return;
  }
  describe(`${title} [postgres]`, () => {
    beforeAll(async () => {
      await emptyPostgresDatabase(0); // starts the server and creates the first database
    }, 60_000);
    body(postgres);
  });
}

/**
 * `it`, or `it.fails` on the engines named: for an expectation that holds on one engine only (a
 * finding, not a weaker test). `why` names the difference and is kept in the test's name.
 */
export function itUnlessOn(engine: TestEngine, failingOn: readonly EngineName[], why: string): typeof it {
  if (!failingOn.includes(engine.name)) return it;
  return ((name: string, ...rest: unknown[]) => (it.fails as (...args: unknown[]) => void)(`${name} [known difference on ${engine.name}: ${why}]`, ...rest)) as unknown as typeof it;
}
