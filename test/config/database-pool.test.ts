// database.pool.max: how many connections each function instance opens to a postgres:// database,
// and what the runtime is handed for it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPostgresLocator, parsePostgresLocator } from '../../src/backends/database/database-locator.js';
import { loadConfig } from '../../src/config/load.js';
import { databaseFileFor } from '../../src/local-state.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { loadError, summary } from './load-helpers.js';

afterAll(() => removeTempDirs());

function project(database: string): string {
  const dir = makeTempDir();
  writeFileSync(join(dir, 'neosl.yaml'), `name: app\n${database}functions: {}\n`);
  return dir;
}

describe('database.pool.max', () => {
  it('defaults to 5 and reaches the runtime with the URL, which keeps no trace of it for pg', async () => {
    const { config } = await loadConfig({ cwd: project('database:\n  url: postgres://neosl:pw@db:5432/app\n') });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://neosl:pw@db:5432/app', poolMax: 5 });
    const locator = databaseFileFor(config.database);
    expect(isPostgresLocator(locator)).toBe(true);
    expect(parsePostgresLocator(locator)).toEqual({ url: 'postgres://neosl:pw@db:5432/app', poolMax: 5 });
  });

  it('takes a configured size', async () => {
    const { config } = await loadConfig({ cwd: project('database:\n  url: postgresql://db/app\n  pool: { max: 12 }\n') });
    expect(parsePostgresLocator(databaseFileFor(config.database)).poolMax).toBe(12);
  });

  it('refuses a size below 1 and unknown keys, naming them', async () => {
    const error = await loadError({ cwd: project('database:\n  url: postgres://db/app\n  pool:\n    max: 0\n    min: 2\n') });
    expect(summary(error).map(([line, message]) => [line, message])).toEqual([
      [5, 'database.pool.max: must be at least 1, got 0'],
      [6, 'unknown key "min" in database.pool'],
    ]);
  });
});
