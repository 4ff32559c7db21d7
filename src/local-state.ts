// Where a project's local state lives: the database file, and the bundles `invoke` and `dev` run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseConfig } from './config/types.js';
import { UserError } from './errors.js';

/** The default home of the database, the cache and the chain (`neosl dev --persist-to` moves it). */
export function localStateDir(projectDir: string): string {
  return join(projectDir, '.neosl', 'state');
}

export function localBuildDir(projectDir: string): string {
  return join(projectDir, '.neosl', 'build');
}

/** The SQLite file the runtime opens for this config (its folder created), or ':memory:'. */
export function databaseFileFor(database: DatabaseConfig): string {
  if (database.kind === 'sqlite-memory') return ':memory:';
  if (database.kind === 'postgres') {
    throw new UserError(`database.url ${database.url}: PostgreSQL is not supported by the local runtime yet`, {
      code: 'DATABASE_UNSUPPORTED',
      hint: 'Remove database.url to use the embedded SQLite database (sqlite:.neosl/state/db.sqlite).',
    });
  }
  mkdirSync(join(database.file, '..'), { recursive: true });
  return database.file;
}
