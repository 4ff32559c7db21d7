// context.database without paying for SQLite at start-up: loading better-sqlite3 and the document
// database is about 35 ms of an instance's ~100 ms start, and many functions never touch it. The
// instance gets a stand-in that opens the real database on its first use (synchronously, so that
// every call behaves exactly as on the real one) and then steps aside. With database.url
// postgres://… the stand-in opens the PostgreSQL engine instead (pg is loaded then, not at start-up;
// its pool connects on the first query), with the per-instance pool size of database.pool.max.
import { createRequire } from 'node:module';
import { isPostgresLocator, parsePostgresLocator } from '../../backends/database/database-locator.js';
import type { OpenDocumentDatabaseOptions } from '../../backends/database/document-database.js';
import type { OpenPostgresDatabaseOptions } from '../../backends/database/postgres/postgres-database.js';
import type { Database } from '../../sdk/database-types.js';

/** Either engine's database: close() is synchronous on SQLite, a Promise on PostgreSQL. */
export type OpenedDatabase = Database & { close(): void | Promise<void> };
type Open = (locator: string) => OpenedDatabase;
type OpenSqlite = (options: OpenDocumentDatabaseOptions) => OpenedDatabase;
type OpenPostgres = (options: OpenPostgresDatabaseOptions) => OpenedDatabase;
const MODULE = '../../backends/database/document-database.js';
const POSTGRES_MODULE = '../../backends/database/postgres/index.js';

/** Opens the engine the locator names (a SQLite file, or a PostgreSQL URL). */
function openerOf(loadSqlite: () => OpenSqlite, loadPostgres: () => OpenPostgres): Open {
  return (locator) => {
    if (isPostgresLocator(locator)) {
      const { url, poolMax } = parsePostgresLocator(locator);
      return loadPostgres()({ url, ...(poolMax !== undefined ? { poolMax } : {}) });
    }
    return loadSqlite()({ file: locator });
  };
}

/**
 * How to open the database synchronously: require() of the ES module where Node can (20.19+) and
 * this file is compiled JavaScript; otherwise (TypeScript sources under tsx) imported up front.
 */
export async function loadDatabaseOpener(): Promise<Open> {
  const features = process.features as { require_module?: boolean };
  if (features.require_module === true && import.meta.url.endsWith('.js')) {
    const requireModule = createRequire(import.meta.url);
    // Loaded in a request, after source maps were turned on for the bundle: not worth reading
    // the maps of the database's own modules for.
    const load = <T>(module: string, name: string): T => {
      const mapping = process.sourceMapsEnabled ?? true;
      process.setSourceMapsEnabled(false);
      try {
        return (requireModule(module) as Record<string, T>)[name]!;
      } finally {
        process.setSourceMapsEnabled(mapping);
      }
    };
    let sqlite: OpenSqlite | undefined;
    let postgres: OpenPostgres | undefined;
    return openerOf(
      () => (sqlite ??= load<OpenSqlite>(MODULE, 'openDocumentDatabase')),
      () => (postgres ??= load<OpenPostgres>(POSTGRES_MODULE, 'openPostgresDatabase')),
    );
  }
  // TypeScript sources (tsx): no synchronous require of ES modules, so both engines are imported up front.
  const [sqlite, postgres] = await Promise.all([
    import(MODULE) as Promise<{ openDocumentDatabase: OpenSqlite }>,
    import(POSTGRES_MODULE) as Promise<{ openPostgresDatabase: OpenPostgres }>,
  ]);
  return openerOf(() => sqlite.openDocumentDatabase, () => postgres.openPostgresDatabase);
}

export interface LazyDatabase {
  /** The stand-in: every property access goes to the real database, opened on the first one. */
  readonly database: Database;
  /** Closes the real database if it was opened. */
  close(): void;
}

/** `onOpen` lets the owner hand the real database to later requests directly. */
export function createLazyDatabase(file: string, open: Open, onOpen: (database: OpenedDatabase) => void): LazyDatabase {
  let real: OpenedDatabase | undefined;
  const target = (): OpenedDatabase => {
    if (real === undefined) {
      real = open(file);
      onOpen(real);
    }
    return real;
  };
  const database = new Proxy({} as Database, {
    get: (_stub, property) => Reflect.get(target(), property),
    set: (_stub, property, value) => Reflect.set(target(), property, value),
    has: (_stub, property) => Reflect.has(target(), property),
    deleteProperty: (_stub, property) => Reflect.deleteProperty(target(), property),
  });
  return {
    database,
    close: () => {
      // PostgreSQL closes in the background (the worker is exiting; the server drops the connections anyway).
      const closing = real?.close();
      if (closing instanceof Promise) closing.catch(() => undefined);
    },
  };
}
