// The cluster's leader: whichever replica holds a PostgreSQL session advisory lock on its own
// dedicated connection. The lock lives and dies with that connection, so a replica that crashes
// or loses PostgreSQL loses it at once (PostgreSQL ends the session) and another replica, trying
// every `retryMs`, takes it over within a few seconds. While leading, the connection is checked on
// the same beat; a failed check means the lock may be gone: leadership ends, the connection is
// dropped and a new one made. A leader cut off by the network (no FIN reaches PostgreSQL) is ended
// by PostgreSQL itself: the session sets idle_session_timeout (PostgreSQL 14+), which its once-a-beat
// query never lets expire while the replica is there.
//
// Queries of the leader's work (the tick ledger) run on this same connection, in order: a claim
// that succeeds was made by the session that held the lock at that moment.
import pg from 'pg';
import { displayUrl, scrubUrlSecrets } from '../../doctor/redact.js';

/** pg_try_advisory_lock(classid, objid): "neos" as an int4, and 1 for the leader. */
export const LEADER_LOCK: readonly [number, number] = [0x6e656f73, 1];

export interface LeaderLeaseOptions {
  /** postgres://… (the store's URL). */
  url: string;
  /** Shown in pg_stat_activity (application_name) and in the ledger. */
  replicaId: string;
  /** Between attempts to take the lock, and between health checks while holding it. Default 1000. */
  retryMs?: number;
  lock?: readonly [number, number];
  /** This replica took the lock at `since`; its first query is queued before any claim's. */
  onGained(since: Date): Promise<void>;
  /** This replica no longer leads (why, credentials removed). */
  onLost(reason: string): void;
  /** PostgreSQL cannot be reached (reported once per distinct problem), or can again (undefined). */
  onProblem(message: string | undefined): void;
}

const QUERY_TIMEOUT_MS = 5000;

export class LeaderLease {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private leadingSince: Date | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The last query issued on the connection: the next waits for it. */
  private turn: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private lastProblem: string | undefined;
  private readonly retryMs: number;
  private readonly lock: readonly [number, number];

  constructor(private readonly options: LeaderLeaseOptions) {
    this.retryMs = options.retryMs ?? 1000;
    this.lock = options.lock ?? LEADER_LOCK;
  }

  get leading(): boolean {
    return this.leadingSince !== undefined;
  }

  get since(): Date | undefined {
    return this.leadingSince;
  }

  start(): void {
    void this.beat();
  }

  /** Runs on the lease's connection; throws when there is none. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.client === undefined) return Promise.reject(new Error('no connection to PostgreSQL'));
    return this.inTurn(this.client, text, values);
  }

  /** One query at a time on the connection, in the order issued (pg deprecates queueing on a busy client). */
  private inTurn<R extends pg.QueryResultRow = pg.QueryResultRow>(client: pg.Client, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.turn.then(() => client.query<R>(text, values));
    this.turn = result.catch(() => undefined);
    return result;
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Releases the lock (if held) and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    if (this.leadingSince !== undefined) {
      this.leadingSince = undefined;
      await this.inTurn(client, 'SELECT pg_advisory_unlock($1, $2)', [...this.lock]).catch(() => undefined);
      this.options.onLost('this replica is stopping');
    }
    await client.end().catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.beat(), this.retryMs);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      if (this.client === undefined) {
        this.connecting = this.connect();
        await this.connecting;
      }
      if (this.stopped || this.client === undefined) return;
      if (this.leadingSince !== undefined) {
        await this.inTurn(this.client, 'SELECT 1');
      } else {
        const result = await this.inTurn<{ taken: boolean }>(this.client, 'SELECT pg_try_advisory_lock($1, $2) AS taken', [...this.lock]);
        if (result.rows[0]?.taken === true && !this.stopped) await this.gain();
      }
      this.problem(undefined);
    } catch (error) {
      this.drop(this.describe(error));
    } finally {
      this.connecting = undefined;
      this.schedule();
    }
  }

  /** Leading from now: onGained's queries go first on the connection, before any claim. */
  private async gain(): Promise<void> {
    this.leadingSince = new Date();
    await this.options.onGained(this.leadingSince);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: `neosl-replica ${this.options.replicaId}`.slice(0, 63),
      keepAlive: true,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    // A lost connection (PostgreSQL restarted, the network cut) also ends the lock.
    client.on('error', (error) => {
      if (this.client === client) this.drop(this.describe(error));
    });
    client.on('end', () => {
      if (this.client === client) this.drop('the connection to PostgreSQL closed');
    });
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    // Older PostgreSQL lacks the setting: then only TCP keepalives end a vanished leader's session.
    await client.query(`SET idle_session_timeout = ${Math.max(10_000, this.retryMs * 10)}`).catch(() => undefined);
    this.client = client;
  }

  /** Forgets the connection (and so the lock, which PostgreSQL frees when the session ends). */
  private drop(reason: string): void {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
    }
    this.problem(reason);
    if (this.leadingSince !== undefined) {
      this.leadingSince = undefined;
      this.options.onLost(reason);
    }
  }

  private problem(message: string | undefined): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    if (!this.stopped) this.options.onProblem(message);
  }

  private describe(error: unknown): string {
    const message = scrubUrlSecrets((error as Error)?.message ?? String(error), this.options.url);
    return `PostgreSQL at ${displayUrl(this.options.url)}: ${message}`;
  }
}
