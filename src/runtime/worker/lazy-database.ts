// context.database without paying for SQLite at start-up: loading better-sqlite3 and the document
// database is about 35 ms of an instance's ~100 ms start, and many functions never touch it. The
// instance gets a stand-in that opens the real database on its first use (synchronously, so that
// every call behaves exactly as on the real one) and then steps aside.
import { createRequire } from 'node:module';
import type { DocumentDatabase, OpenDocumentDatabaseOptions } from '../../backends/database/document-database.js';
import type { Database } from '../../sdk/database-types.js';

type Open = (options: OpenDocumentDatabaseOptions) => DocumentDatabase;
const MODULE = '../../backends/database/document-database.js';

/**
 * How to open the database synchronously: require() of the ES module where Node can (20.19+) and
 * this file is compiled JavaScript; otherwise (TypeScript sources under tsx) imported up front.
 */
export async function loadDatabaseOpener(): Promise<Open> {
  const features = process.features as { require_module?: boolean };
  if (features.require_module === true && import.meta.url.endsWith('.js')) {
    const requireModule = createRequire(import.meta.url);
    let open: Open | undefined;
    return (options) => {
      if (open === undefined) {
        // Loaded in a request, after source maps were turned on for the bundle: not worth reading
        // the maps of the database's own modules for.
        const mapping = process.sourceMapsEnabled ?? true;
        process.setSourceMapsEnabled(false);
        try {
          open = (requireModule(MODULE) as { openDocumentDatabase: Open }).openDocumentDatabase;
        } finally {
          process.setSourceMapsEnabled(mapping);
        }
      }
      return open(options);
    };
  }
  const module = (await import(MODULE)) as { openDocumentDatabase: Open };
  return module.openDocumentDatabase;
}

export interface LazyDatabase {
  /** The stand-in: every property access goes to the real database, opened on the first one. */
  readonly database: Database;
  /** Closes the real database if it was opened. */
  close(): void;
}

/** `onOpen` lets the owner hand the real database to later requests directly. */
export function createLazyDatabase(file: string, open: Open, onOpen: (database: DocumentDatabase) => void): LazyDatabase {
  let real: DocumentDatabase | undefined;
  const target = (): DocumentDatabase => {
    if (real === undefined) {
      real = open({ file });
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
    close: () => real?.close(),
  };
}
