// neosl serve with a version whose neosl.yaml names database.url: postgres://…: the host hands the
// functions the PostgreSQL engine (not the embedded SQLite file), and prints the URL without its password.
import { describe, expect, it } from 'vitest';
import { isPostgresLocator, parsePostgresLocator } from '../../src/backends/database/database-locator.js';
import type { ProjectSettings } from '../../src/host/api-types.js';
import { settingsBackends } from '../../src/serve/settings-backends.js';

const settings = (databaseUrl: string): ProjectSettings => ({ cache: { memoryMaxEntries: 10_000 }, databaseUrl, blockchain: { contracts: {} } });

describe('settingsBackends with a postgres:// database.url', () => {
  it('opens PostgreSQL (the password filled from the host environment) and never prints the password', () => {
    const backends = settingsBackends(settings('postgres://neosl:${env.PGPASSWORD}@db:5432/app'), '/srv/neosl/data', { PGPASSWORD: 'pw-secret' });
    expect(isPostgresLocator(backends.options.databaseFile)).toBe(true);
    expect(parsePostgresLocator(backends.options.databaseFile)).toEqual({ url: 'postgres://neosl:pw-secret@db:5432/app', poolMax: 5 });
    const line = backends.lines.find((text) => text.startsWith('database:'))!;
    expect(line).toBe('database: PostgreSQL at postgres://***@db:5432/app');
    expect(backends.lines.join('\n')).not.toContain('pw-secret');
  });

  it('still refuses a URL that is neither sqlite: nor postgres://', () => {
    expect(() => settingsBackends(settings('mysql://db/app'), '/srv/neosl/data', {})).toThrow(/expected a sqlite: or postgres:\/\/ URL/);
  });
});
