// Plain `pg` on a test's PostgreSQL database, beside the code under test: a connection for the
// length of a callback (ended even when it throws), and the rows of one statement.
import pg from 'pg';

/** Runs `body` on a new connection to `url` and ends the connection after it, whatever happens. */
export async function withPostgresClient<R>(url: string, body: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** The rows of one SQL statement on `url` (its own connection). */
export function queryRows<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  return withPostgresClient(url, async (client) => (await client.query<R>(text, values)).rows);
}
