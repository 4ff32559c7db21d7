// `--store` as the commands open it: a folder (default .neosl/host) or a postgres:// URL shared by the
// replicas of a cluster, with the secret key a shared store needs from the environment.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { displayPath } from '../../util/display-path.js';
import { openFolderHostStore } from './folder-host-store.js';
import type { OpenHostStoreOptions } from './host-store.js';
import { clusterSecretKey, SECRET_KEY_ENV } from './postgres/cluster-secret-key.js';
import { PostgresHostStore } from './postgres/postgres-host-store.js';
import { isPostgresUrl } from './postgres/postgres-url.js';
import type { FolderHostStore } from './folder-host-store.js';

export const DEFAULT_STORE = '.neosl/host';

export interface StoreChoice {
  store?: string;
  secretKeyFile?: string;
  localDir?: string;
}

/** This replica's own folder with a shared store: .neosl/replica-<port>, or a temporary one (removed at exit) for --port 0. */
export function replicaDir(cwd: string, choice: StoreChoice, port: number): { dir: string; temporary: boolean } {
  if (choice.localDir !== undefined) return { dir: resolve(cwd, choice.localDir), temporary: false };
  if (port === 0) return { dir: mkdtempSync(join(tmpdir(), 'neosl-replica-')), temporary: true };
  return { dir: resolve(cwd, '.neosl', `replica-${port}`), temporary: false };
}

/** A postgres store, not connected yet (open() or openWithRetry() connects). SECRET_KEY_INVALID. */
export function postgresStore(url: string, cwd: string, env: NodeJS.ProcessEnv, choice: StoreChoice, localDir: string): PostgresHostStore {
  const keyFile = choice.secretKeyFile === undefined ? undefined : resolve(cwd, choice.secretKeyFile);
  const secretKey = clusterSecretKey(env, keyFile);
  return new PostgresHostStore({
    url,
    localDir,
    ...(secretKey !== undefined ? { secretKey } : {}),
    secretKeySource: keyFile !== undefined ? `--secret-key-file ${displayPath(keyFile)}` : SECRET_KEY_ENV,
  });
}

export function isSharedStore(choice: StoreChoice): boolean {
  return isPostgresUrl(choice.store);
}

export function folderStore(cwd: string, choice: StoreChoice, options: OpenHostStoreOptions = {}): FolderHostStore {
  return openFolderHostStore(resolve(cwd, choice.store ?? DEFAULT_STORE), options);
}
