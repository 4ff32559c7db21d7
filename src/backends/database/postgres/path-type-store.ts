// PostgreSQL's store of the path-type map (query/path-types.ts): which JSON types each field path of
// a collection has ever held, in the table _neosl_path_types(collection, path, types). Filters and
// sorts read it to emit the plain, indexable form on paths where no array (or no second type) was
// ever stored.
// - Writes add their bits in the write's own transaction (bits are only ever added: a stale
//   superset is safe) and pg_notify(neosl_path_types, collection), delivered at COMMIT.
// - Each process caches the map per collection while a dedicated LISTEN connection is up; a
//   notification drops that collection's cache (re-read on next use). NOTIFY has no replay, so when
//   the listening connection is lost the whole cache is dropped and, until it is back, every query
//   reads the table; after reconnecting the cache starts empty (a re-read).
// - Between another process's COMMIT and the arrival of its notification, a query here may still
//   use the plain form for a path that just got an array or a second type (and so miss a document
//   written in that window). The window is the notification's delivery time, normally well under a
//   millisecond on one host.
// - Raw SQL through database.query() bypasses the map, as on SQLite.
import pg from 'pg';
import { newPathTypes, type PathTypes } from '../query/path-types.js';

export const PATH_TYPES_TABLE = '_neosl_path_types';
export const PATH_TYPES_CHANNEL = 'neosl_path_types';

const MAX_RECONNECT_DELAY_MS = 5_000;

export class PostgresPathTypes {
  private readonly cache = new Map<string, Map<string, number>>();
  /** Bumped per collection by notifications, so a read racing one is not cached. */
  private readonly generations = new Map<string, number>();
  private listener: pg.Client | undefined;
  private listening = false;
  private connecting = false;
  private nextAttemptAt = 0;
  private failures = 0;
  private closed = false;

  constructor(private readonly url: string) {}

  /** The collection's map, from the cache while notifications are received, else from the table. */
  async get(client: pg.ClientBase, collection: string): Promise<PathTypes> {
    this.listen();
    const cached = this.listening ? this.cache.get(collection) : undefined;
    if (cached !== undefined) return cached;
    const generation = this.generations.get(collection) ?? 0;
    const wasListening = this.listening;
    const { rows } = await client.query<{ path: string; types: number }>(`SELECT path, types FROM ${PATH_TYPES_TABLE} WHERE collection = $1`, [collection]);
    const types = new Map(rows.map((row) => [row.path, row.types]));
    if (wasListening && this.listening && (this.generations.get(collection) ?? 0) === generation) this.cache.set(collection, types);
    return types;
  }

  /** The cached map of a collection, undefined unless cached while notifications are received. */
  peek(collection: string): PathTypes | undefined {
    return this.listening ? this.cache.get(collection) : undefined;
  }

  /**
   * Inside the write's transaction: stores the bits of `found` that `known` lacks and notifies the
   * other processes. Returns what to merge into the cache after COMMIT (see committed()).
   */
  async record(client: pg.ClientBase, collection: string, known: PathTypes, found: ReadonlyMap<string, number>): Promise<Map<string, number> | undefined> {
    const added = newPathTypes(known, found);
    if (added.size === 0) return undefined;
    // In one order, so that two transactions adding the same paths cannot deadlock on their rows.
    const paths = [...added.keys()].sort();
    await client.query(
      `INSERT INTO ${PATH_TYPES_TABLE} AS t (collection, path, types) SELECT $1, u.path, u.types FROM unnest($2::text[], $3::int[]) AS u(path, types)
       ON CONFLICT (collection, path) DO UPDATE SET types = t.types | excluded.types`,
      [collection, paths, paths.map((path) => added.get(path)!)],
    );
    await client.query('SELECT pg_notify($1, $2)', [PATH_TYPES_CHANNEL, collection]);
    return added;
  }

  /** After COMMIT: this process knows the new bits at once. */
  committed(collection: string, added: ReadonlyMap<string, number> | undefined): void {
    if (added === undefined) return;
    const cached = this.cache.get(collection);
    if (cached === undefined) return;
    for (const [path, bits] of added) cached.set(path, (cached.get(path) ?? 0) | bits);
  }

  /** Drops every cached map (after raw DDL, or when notifications may have been missed). */
  forget(collection?: string): void {
    if (collection === undefined) this.cache.clear();
    else this.cache.delete(collection);
  }

  /** Starts (or restarts, with backoff) the LISTEN connection in the background. */
  private listen(): void {
    if (this.closed || this.listening || this.connecting || Date.now() < this.nextAttemptAt) return;
    this.connecting = true;
    const listener = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    this.listener = listener;
    const lost = (): void => {
      if (this.listener !== listener) return;
      this.listener = undefined;
      this.listening = false;
      this.connecting = false;
      this.cache.clear();
      this.failures++;
      this.nextAttemptAt = Date.now() + Math.min(MAX_RECONNECT_DELAY_MS, 100 * 2 ** Math.min(this.failures, 10));
      void listener.end().catch(() => undefined);
    };
    listener.on('error', lost);
    listener.on('end', lost);
    listener.on('notification', (message) => {
      if (message.channel !== PATH_TYPES_CHANNEL || message.payload === undefined) return;
      this.generations.set(message.payload, (this.generations.get(message.payload) ?? 0) + 1);
      this.cache.delete(message.payload);
    });
    listener
      .connect()
      .then(() => listener.query(`LISTEN ${PATH_TYPES_CHANNEL}`))
      .then(() => {
        if (this.listener !== listener || this.closed) return;
        // Anything committed while we were not listening is unknown: start from the table again.
        this.cache.clear();
        this.connecting = false;
        this.listening = true;
        this.failures = 0;
      })
      .catch(lost);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    this.cache.clear();
    const listener = this.listener;
    this.listener = undefined;
    if (listener !== undefined) await listener.end().catch(() => undefined);
  }
}
