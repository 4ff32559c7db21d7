// Where a project's local state lives: the database file, and the bundles `invoke` and `dev` run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseConfig } from './config/types.js';
import { postgresLocator } from './backends/database/database-locator.js';

/** The default home of the database, the cache and the chain (`neosl dev --persist-to` moves it). */
export function localStateDir(projectDir: string): string {
  return join(projectDir, '.neosl', 'state');
}

export function localBuildDir(projectDir: string): string {
  return join(projectDir, '.neosl', 'build');
}

/**
 * Where the runtime finds the database for this config: the SQLite file (its folder created),
 * ':memory:', or the PostgreSQL URL with the per-instance pool size (database-locator.ts).
 */
export function databaseFileFor(database: DatabaseConfig): string {
  if (database.kind === 'sqlite-memory') return ':memory:';
  if (database.kind === 'postgres') return postgresLocator(database.url, database.poolMax);
  mkdirSync(join(database.file, '..'), { recursive: true });
  return database.file;
}
