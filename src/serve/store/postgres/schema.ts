// The host store's tables in PostgreSQL and their migrations. Each migration is applied once, in one
// transaction under a transaction-scoped advisory lock, so replicas starting at once wait for each
// other and the second finds the work done. A database migrated by a newer neosl is refused, naming
// both schema versions, before anything is read or written.
import type pg from 'pg';
import { UserError } from '../../../errors.js';

/** pg_advisory_xact_lock key: "neosl" in ASCII, the host store's migrations. */
export const MIGRATION_LOCK = 0x6e656f736c;

const MIGRATIONS: readonly string[] = [
  // 1: blobs, versions, state, tokens, secrets, meta.
  `
  CREATE TABLE neosl_blobs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE neosl_versions (
    number integer PRIMARY KEY CHECK (number >= 1),
    hash text NOT NULL,
    project text NOT NULL,
    body jsonb NOT NULL
  );
  CREATE INDEX neosl_versions_hash ON neosl_versions (hash text_pattern_ops);
  CREATE TABLE neosl_state (
    id integer PRIMARY KEY CHECK (id = 1),
    project text,
    active text,
    canary jsonb
  );
  INSERT INTO neosl_state (id, project, active, canary) VALUES (1, NULL, NULL, NULL);
  CREATE TABLE neosl_tokens (
    name text PRIMARY KEY,
    sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at text NOT NULL,
    last_used_at text
  );
  CREATE TABLE neosl_secrets (
    name text PRIMARY KEY,
    iv text NOT NULL,
    tag text NOT NULL,
    data text NOT NULL,
    updated_at text NOT NULL
  );
  CREATE TABLE neosl_meta (
    key text PRIMARY KEY,
    value text NOT NULL
  );
  `,
];

/** The schema this neosl writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface MigrationResult {
  /** The version found before (0: an empty database). */
  from: number;
  to: number;
}

/** Brings the database to SCHEMA_VERSION; SCHEMA_TOO_NEW when a newer neosl migrated it. */
export async function migrate(client: pg.ClientBase, appliedBy: string): Promise<MigrationResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS neosl_migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now(),
      applied_by text NOT NULL
    )`);
    const found = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM neosl_migrations');
    const from = found.rows[0]?.version ?? 0;
    if (from > SCHEMA_VERSION) {
      throw new UserError(`the host store's schema is version ${from}, written by a newer neosl; this neosl reads version ${SCHEMA_VERSION}`, {
        code: 'SCHEMA_TOO_NEW',
        hint: 'run the newer neosl on this database (upgrade this one), or give --store another database',
      });
    }
    for (let version = from + 1; version <= SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO neosl_migrations (version, applied_by) VALUES ($1, $2)', [version, appliedBy]);
    }
    await client.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
