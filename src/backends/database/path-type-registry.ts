// SQLite's store of the path-type map (query/path-types.ts): which JSON types each field path of a
// collection has ever held, in the table _neosl_path_types (a name no collection can take: they start
// with a letter). Filters and sorts read it to emit the plain, indexable comparison on paths where no
// array (or no second type) was ever stored.
//
// - Writes add their bits in the same transaction as the documents, so no connection can see a
//   document whose types are not recorded. Bits are only ever added: a stale superset is safe.
// - Each connection caches the map per collection and re-reads it when PRAGMA data_version says
//   another connection (a worker thread on the same file) committed. Its own writes are kept apart
//   as "pending" (they may roll back): filters use them at once, the next use outside a transaction
//   re-reads the table, and a write compares with the committed map only, so the bits of a rolled
//   back write are never believed stored.
// - Collections written by earlier versions (documents, no registry rows) are scanned once, on first
//   use, and their map stored.
// - Raw SQL through database.query() bypasses the map: a document inserted or changed that way may
//   hold types the map does not list, and filters may then miss it (array elements, booleans as
//   1/0). Write documents through the collection API, or run `DELETE FROM _neosl_path_types` to make
//   the next use rescan.
import type { Connection } from './connection.js';
import { quoteIdentifier } from './paths.js';
import { collectDocumentTypes, newPathTypes, type PathTypes } from './query/path-types.js';

export const PATH_TYPES_TABLE = '_neosl_path_types';

interface CachedTypes {
  /** As committed, read outside any transaction; undefined when only read inside one. */
  confirmed: Map<string, number> | undefined;
  /** Bits read or written inside transactions since (which may yet roll back). */
  pending: Map<string, number>;
  /** confirmed ∪ pending: what filters use (a superset of what is stored is safe for reads). */
  merged: Map<string, number>;
}

const NOTHING: ReadonlyMap<string, number> = new Map();

function union(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const merged = new Map(a);
  for (const [path, bits] of b) merged.set(path, (merged.get(path) ?? 0) | bits);
  return merged;
}

export class PathTypeRegistry {
  private readonly cache = new Map<string, CachedTypes>();
  private dataVersion = -1;
  private readyGeneration = -1;

  constructor(private readonly connection: Connection) {}

  private ensureTable(): void {
    if (this.readyGeneration === this.connection.schemaGeneration) return;
    this.connection.db.exec(`CREATE TABLE IF NOT EXISTS ${PATH_TYPES_TABLE} (collection TEXT NOT NULL, path TEXT NOT NULL, types INTEGER NOT NULL, PRIMARY KEY (collection, path)) WITHOUT ROWID`);
    this.readyGeneration = this.connection.schemaGeneration;
  }

  /**
   * The map of `collection` (whose table must exist): as stored, plus what this connection wrote in
   * transactions not known to be committed. Call it outside a transaction before writing (as the
   * collection methods do), so that record() compares with the committed map.
   */
  typesOf(collection: string): PathTypes {
    this.ensureTable();
    const version = this.connection.pluck.get('PRAGMA data_version').get() as number;
    if (version !== this.dataVersion) {
      this.cache.clear();
      this.dataVersion = version;
    }
    const inTransaction = this.connection.db.inTransaction;
    let cached = this.cache.get(collection);
    if (cached !== undefined && !inTransaction && (cached.confirmed === undefined || cached.pending.size > 0)) cached = undefined;
    if (cached === undefined) {
      const read = this.read(collection);
      cached = inTransaction ? { confirmed: undefined, pending: read, merged: read } : { confirmed: read, pending: new Map(), merged: read };
      this.cache.set(collection, cached);
    }
    return cached.merged;
  }

  private read(collection: string): Map<string, number> {
    const rows = this.connection.raw.get(`SELECT path, types FROM ${PATH_TYPES_TABLE} WHERE collection = ?`).all(collection) as [string, number][];
    if (rows.length > 0) return new Map(rows);
    return this.scan(collection);
  }

  /** A collection without registry rows: empty, or written by an earlier version; scanned once. */
  private scan(collection: string): Map<string, number> {
    const table = quoteIdentifier(collection);
    const found = new Map<string, number>();
    if (this.connection.pluck.get(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined) return found;
    for (const json of this.connection.pluck.get(`SELECT doc FROM ${table}`).iterate() as Iterable<string>) {
      collectDocumentTypes(JSON.parse(json) as Record<string, unknown>, found);
    }
    const added = newPathTypes(new Map(), found);
    this.connection.write(() => this.store(collection, added));
    return added;
  }

  /**
   * Records that documents of `collection` now hold `found` (path → bits), inside the caller's
   * write transaction: writes the bits the committed map lacks (bits written earlier in a
   * transaction that may have rolled back are written again).
   */
  record(collection: string, found: ReadonlyMap<string, number>): void {
    const cached = this.cache.get(collection);
    const added = newPathTypes(cached?.confirmed ?? NOTHING, found);
    if (added.size === 0) return;
    this.store(collection, added);
    const pending = union(cached?.pending ?? NOTHING, added);
    this.cache.set(collection, { confirmed: cached?.confirmed, pending, merged: union(cached?.merged ?? NOTHING, added) });
  }

  /** Whether record() would write anything for `found` (if not, an insert needs no transaction). */
  wouldAdd(collection: string, found: ReadonlyMap<string, number>): boolean {
    return newPathTypes(this.cache.get(collection)?.confirmed ?? NOTHING, found).size > 0;
  }

  private store(collection: string, added: ReadonlyMap<string, number>): void {
    const upsert = this.connection.raw.get(
      `INSERT INTO ${PATH_TYPES_TABLE} (collection, path, types) VALUES (?, ?, ?) ON CONFLICT (collection, path) DO UPDATE SET types = types | excluded.types`,
    );
    for (const [path, bits] of added) upsert.run(collection, path, bits);
  }
}

const registries = new WeakMap<Connection, PathTypeRegistry>();

/** The registry of a connection (one per connection: its cache follows that connection's view). */
export function pathTypeRegistry(connection: Connection): PathTypeRegistry {
  let registry = registries.get(connection);
  if (registry === undefined) {
    registry = new PathTypeRegistry(connection);
    registries.set(connection, registry);
  }
  return registry;
}
