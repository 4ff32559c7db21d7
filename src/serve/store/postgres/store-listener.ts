// The dedicated connection on which a replica LISTENs for the shared store's changes (NOTIFY
// neosl_host, '<state|secrets|tokens>'). It reconnects with backoff when the connection is lost and,
// once back, reports 'resync': NOTIFY has no replay, so whatever was sent meanwhile must be re-read.
import pg from 'pg';
import type { StoreChange } from '../host-store-api.js';

export const CHANNEL = 'neosl_host';
const CHANGES = new Set<string>(['state', 'secrets', 'tokens']);
const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 5_000;

export interface StoreListenerEvents {
  change(change: StoreChange): void;
  /** Connected (again): listening from now on. */
  up(): void;
  /** Lost or could not connect; retrying. */
  down(error: unknown): void;
}

export class StoreListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private delay = FIRST_RETRY_MS;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly events: StoreListenerEvents,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 5_000 });
    this.client = client;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      if (this.stopped) return;
      this.events.down(error);
      this.timer = setTimeout(() => void this.connect(), this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, LONGEST_RETRY_MS);
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('the connection was closed')));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload !== undefined && CHANGES.has(message.payload)) this.events.change(message.payload as StoreChange);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.delay = FIRST_RETRY_MS;
    this.events.up();
    // Whatever was notified while this connection was not listening (or before it first did) is read again.
    this.events.change('resync');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
