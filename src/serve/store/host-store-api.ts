// What `neosl serve` uses of a host store, whatever keeps it: a folder (folder-host-store.ts over
// HostStore) or PostgreSQL shared by several replicas (postgres/postgres-host-store.ts). Async where
// PostgreSQL needs it; token checks are synchronous (the auth check runs on every request) and read
// what the store last loaded.
import type { UserError } from '../../errors.js';
import type { Version } from '../../host/api-types.js';
import type { PutBlobResult } from './blob-store.js';
import type { SecretInfo } from './secret-store.js';
import type { HostState } from './state-file.js';
import type { TokenInfo } from './token-store.js';
import type { NewVersion } from './version-store.js';

export type { HostState, NewVersion, PutBlobResult, SecretInfo, TokenInfo };

/** What changed in a shared store (another replica, or `neosl serve token` beside it). */
export type StoreChange = 'state' | 'secrets' | 'tokens' | 'resync';

/** Whether the store answers: a folder always does; PostgreSQL may be down. */
export interface StoreStatus {
  state: 'available' | 'unavailable';
  /** Why it is unavailable (host:port and the cause, never a password). */
  cause?: string;
}

export interface HostStoreApi {
  /** How the store is shown: a folder's path, or the PostgreSQL URL with its password masked. */
  readonly description: string;
  /** True when several hosts share it (PostgreSQL): state changes come from other replicas too. */
  readonly shared: boolean;
  /** This host's own folder: bundles copied out for the runtime (run/), and data/ below. */
  readonly localDir: string;
  /** For the embedded backends (database file, cache journal) when the deployed config names none. */
  readonly dataDir: string;

  // Blobs: bundles and source maps by sha256.
  /** The names of `shas` the store lacks, each once, in the order given. INVALID_SHA256. */
  missingBlobs(shas: readonly string[]): Promise<string[]>;
  /** BUNDLE_HASH_MISMATCH (nothing written) when the bytes do not hash to the name. */
  putBlob(sha256: string, bytes: Uint8Array): Promise<PutBlobResult>;
  /** A local file holding the blob's bytes (fetched from the store when it is not on this machine). */
  blobFile(sha256: string): Promise<string>;

  // Versions: immutable, numbered from 1.
  createVersion(input: NewVersion): Promise<Version>;
  /**
   * Records a new version and makes it active in one step (nothing recorded when it cannot be made
   * active): DEPLOY_CONFLICT when `expected` is not the active one any more, PROJECT_MISMATCH.
   */
  createAndActivate(input: NewVersion, expected: string | null): Promise<Version>;
  /** "v3", "3" or a unique hash prefix (7+ hex digits); VERSION_NOT_FOUND, VERSION_AMBIGUOUS. */
  getVersion(ref: string): Promise<Version>;
  findVersion(ref: string): Promise<Version | undefined>;
  /** Newest first. */
  listVersions(): Promise<Version[]>;

  // State: project, active version, canary.
  readState(): Promise<HostState>;
  writeState(state: HostState): Promise<void>;
  /** Activates `next` if `expected` is the active one: DEPLOY_CONFLICT, VERSION_NOT_FOUND, PROJECT_MISMATCH. */
  compareAndSetActive(expected: string | null, next: string): Promise<HostState>;

  // Tokens: stored as sha256 hashes.
  /** The new token in plain text, this once. INVALID_TOKEN_NAME, TOKEN_EXISTS. */
  createToken(name: string): Promise<string>;
  listTokens(): Promise<TokenInfo[]>;
  /** TOKEN_NOT_FOUND. */
  revokeToken(name: string): Promise<void>;
  /** The token's name, or undefined; synchronous, from the tokens the store last loaded. */
  verifyToken(plaintext: string): string | undefined;

  // Secrets: encrypted at rest.
  setSecret(name: string, value: string): Promise<SecretInfo & { created: boolean }>;
  listSecrets(): Promise<SecretInfo[]>;
  removeSecret(name: string): Promise<{ name: string }>;
  /** Decrypted, for the functions. */
  secretValues(): Promise<Record<string, string>>;

  /** Whether the store answers now. */
  status(): StoreStatus;
  /** Hears the changes made elsewhere (a shared store); returns the unsubscribe. */
  onChange(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}

/** The store could not be reached: API writes answer 503 with this (functions keep serving). */
export const STORE_UNAVAILABLE = 'STORE_UNAVAILABLE';
export type StoreProblemListener = (error: UserError) => void;
