// A host's backends from the active version's settings: the URLs neosl.yaml names, with `${env.NAME}`
// filled from the host's own environment; where none is set, the embedded ones under the store's
// data/ folder. Each comes with the line `neosl serve` prints at start (credentials never shown).
import { isPostgresLocator, postgresLocator } from '../backends/database/database-locator.js';
import { DEFAULT_DATABASE_POOL_MAX } from '../config/schema.js';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { displayUrl } from '../doctor/redact.js';
import { envReferences, expandEnvReferences } from '../config/expand.js';
import type { ProjectSettings } from '../host/api-types.js';
import type { HostBackendOptions } from '../host/host-backends.js';
import { displayPath } from '../util/display-path.js';

export interface SettingsBackends {
  options: HostBackendOptions;
  /** "cache: …", "database: …", "chain: …". */
  lines: string[];
}

const DEFAULT_MEMORY_ENTRIES = 10_000;

/** `${env.NAME}` from the host's environment; a name it lacks is an error naming the key and the variable. */
function expand(value: string | undefined, key: string, env: NodeJS.ProcessEnv): string | undefined {
  if (value === undefined) return undefined;
  const missing = envReferences(value).filter((name) => env[name] === undefined);
  if (missing.length > 0) {
    throw new UserError(`${key} refers to \${env.${missing[0]}}, which is not set in the host's environment`, {
      code: 'HOST_ENV_MISSING',
      hint: `start neosl serve with ${missing[0]} set (e.g. ${missing[0]}=… neosl serve)`,
    });
  }
  return expandEnvReferences(value, env);
}

export function settingsBackends(settings: ProjectSettings | undefined, dataDir: string, env: NodeJS.ProcessEnv): SettingsBackends {
  const redisUrl = expand(settings?.cache.redisUrl, 'cache.redis.url', env) ?? env.NEOSL_REDIS_URL;
  const rpcUrl = expand(settings?.blockchain.rpcUrl, 'blockchain.rpcUrl', env);
  const databaseUrl = expand(settings?.databaseUrl, 'database.url', env);
  const shownData = displayPath(dataDir);
  let databaseFile = join(dataDir, 'db.sqlite');
  let database = `embedded SQLite in ${shownData}`;
  if (databaseUrl === 'sqlite::memory:') {
    databaseFile = ':memory:';
    database = 'embedded SQLite in memory (sqlite::memory:, not kept across restarts)';
  } else if (databaseUrl !== undefined && isPostgresLocator(databaseUrl)) {
    // Each function instance opens its own small pool (database.pool.max's default).
    databaseFile = postgresLocator(databaseUrl, DEFAULT_DATABASE_POOL_MAX);
    database = `PostgreSQL at ${displayUrl(databaseUrl)}`;
  } else if (databaseUrl !== undefined && !databaseUrl.startsWith('sqlite:')) {
    throw new UserError(`database.url ${displayUrl(databaseUrl)}: expected a sqlite: or postgres:// URL`, {
      code: 'DATABASE_UNSUPPORTED',
      hint: 'remove database.url (the host keeps its database in its store), or use a sqlite: or postgres:// URL',
    });
  }
  return {
    options: {
      stateDir: dataDir,
      databaseFile,
      ...(redisUrl !== undefined ? { redisUrl } : {}),
      blockchain: { ...(rpcUrl !== undefined ? { rpcUrl } : {}), ...(settings?.blockchain.blockIntervalMs !== undefined ? { blockIntervalMs: settings.blockchain.blockIntervalMs } : {}), contracts: settings?.blockchain.contracts ?? {} },
      chainEnv: env,
      memoryCacheMaxEntries: settings?.cache.memoryMaxEntries ?? DEFAULT_MEMORY_ENTRIES,
    },
    lines: [
      `cache: ${redisUrl !== undefined ? `Redis at ${displayUrl(redisUrl)}` : `embedded (in-process, saved in ${shownData})`}`,
      `database: ${database}`,
      `chain: ${rpcUrl !== undefined ? `Neo N3 node at ${displayUrl(rpcUrl)}` : `embedded (in-process, saved in ${shownData})`}`,
    ],
  };
}
