// A host's options from a project's neosl.yaml (neosl dev, neosl bench): where the state persists,
// the backends it names, the server settings of its `dev:` section.
import { basename, join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { AccessPolicy } from '../emulator/access-policy.js';
import { databaseFileFor } from '../local-state.js';
import type { HostBackendOptions } from './host-backends.js';
import type { HostSettings } from './function-host.js';

/** The database file and the folder of the other state; ':memory:' keeps nothing. Default `.neosl/state`. */
export function persistPaths(loaded: LoadedConfig, persistTo: string | undefined): { databaseFile: string; dir?: string } {
  if (persistTo === ':memory:') return { databaseFile: ':memory:' };
  const dir = resolve(loaded.dir, persistTo ?? join('.neosl', 'state'));
  const { database } = loaded.config;
  if (persistTo === undefined || database.kind !== 'sqlite') return { databaseFile: databaseFileFor(database), dir };
  return { databaseFile: databaseFileFor({ ...database, file: join(dir, basename(database.file)) }), dir };
}

export function projectHostSettings(loaded: LoadedConfig, listenHost: string): HostSettings {
  const { dev } = loaded.config;
  return {
    bodyLimitBytes: dev.bodyLimitBytes,
    bodyTimeoutMs: dev.bodyTimeoutMs,
    access: new AccessPolicy({ listenHost, allowedHosts: dev.allowedHosts, allowedOrigins: dev.allowedOrigins }),
    rpcAllowedOrigins: dev.rpcAllowedOrigins,
  };
}

/** The backends neosl.yaml (or NEOSL_REDIS_URL) names; the embedded ones persisted where `persistTo` says. */
export function projectBackends(loaded: LoadedConfig, env: NodeJS.ProcessEnv, persistTo: string | undefined): HostBackendOptions {
  const persist = persistPaths(loaded, persistTo);
  const redisUrl = loaded.config.cache.redis?.url ?? env.NEOSL_REDIS_URL;
  return {
    ...(persist.dir !== undefined ? { stateDir: persist.dir } : {}),
    databaseFile: persist.databaseFile,
    ...(redisUrl !== undefined ? { redisUrl } : {}),
    blockchain: loaded.config.blockchain,
    chainEnv: { ...env, ...loaded.dotenv },
    memoryCacheMaxEntries: loaded.config.cache.memory.maxEntries,
  };
}
