// The PostgreSQL engine's tests on a real server: usePostgresServer() in a describe block starts a
// throwaway server for it (beforeAll) and destroys it after (afterAll), handing out new databases
// named `<prefix>_<n>`; openTestPostgres() opens the engine on a URL and closes it after the block
// (before its server goes) or, for handles on no server at all, after the file.
import { afterAll, beforeAll } from 'vitest';
import { openPostgresDatabase, type OpenPostgresDatabaseOptions, type PostgresDocumentDatabase } from '../../../src/backends/database/postgres/index.js';
import { type PostgresServer, startPostgresServer } from '../../helpers/postgres-server.js';

const opened: PostgresDocumentDatabase[] = [];

async function closeOpened(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.close()));
}

afterAll(closeOpened);

/** The engine on `options.url`, closed after the server block (or the file). */
export function openTestPostgres(options: OpenPostgresDatabaseOptions): PostgresDocumentDatabase {
  const db = openPostgresDatabase(options);
  opened.push(db);
  return db;
}

export interface PostgresFixture {
  /** The block's server (to stop and start it again); only inside the block's tests. */
  readonly server: PostgresServer;
  /** A new, empty database on the server; its URL. */
  createDatabase(): Promise<string>;
}

/** Call inside a describe block: a real PostgreSQL server for that block. */
export function usePostgresServer(databasePrefix: string): PostgresFixture {
  let server: PostgresServer | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startPostgresServer();
  }, 60_000);
  afterAll(async () => {
    await closeOpened();
    await server?.destroy();
  });
  const running = (): PostgresServer => {
    if (!server) throw new Error(`usePostgresServer("${databasePrefix}"): no server yet; use it in the tests of the describe block that called usePostgresServer`);
    return server;
  };
  return {
    get server() {
      return running();
    },
    createDatabase: () => running().createDatabase(`${databasePrefix}_${databases++}`),
  };
}
