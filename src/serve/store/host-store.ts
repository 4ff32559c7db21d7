// The on-disk store of `neosl serve` (`--store DIR`, default .neosl/host): blobs, versions, state,
// tokens and secrets in one folder, checked whole when opened. Layout:
//   blobs/<sha256>  versions/<n>.json  state.json  tokens.json  secrets.json  secret.key  data/
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { Version } from '../../host/api-types.js';
import { displayPath } from '../../util/display-path.js';
import { BlobStore, type PutBlobResult } from './blob-store.js';
import { SecretStore, type SecretInfo } from './secret-store.js';
import { StateFile, type HostState } from './state-file.js';
import { isTemporaryName } from './store-files.js';
import { storeCorrupt } from './store-json.js';
import { TokenStore, type TokenInfo } from './token-store.js';
import { VersionStore, type NewVersion } from './version-store.js';

export type { HostState, NewVersion, PutBlobResult, SecretInfo, TokenInfo };
export { summarizeVersion } from './version-store.js';

export interface OpenHostStoreOptions {
  /** Hears why verifyToken refuses every token while tokens.json is unreadable (once per change of the file). */
  onProblem?: (error: UserError) => void;
}

/** A temporary file older than this was left by a writer that died (an upload cut by a crash). */
const ABANDONED_AFTER_MS = 3_600_000;

function makeFolder(dir: string): void {
  const existing = statSync(dir, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isDirectory()) {
    throw new UserError(`the host store ${displayPath(dir)} is a file, not a folder`, { code: 'STORE_NOT_A_FOLDER', hint: 'give --store a folder' });
  }
  // 0700: the store holds the token hashes, the secrets and their key.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function removeAbandonedTemporaries(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    if (!isTemporaryName(name)) continue;
    const file = join(dir, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat !== undefined && now - stat.mtimeMs > ABANDONED_AFTER_MS) rmSync(file, { force: true });
  }
}

export class HostStore {
  readonly dir: string;
  /** For the embedded backends (database file, cache journal) when the deployed config names none. */
  readonly dataDir: string;
  private readonly blobs: BlobStore;
  private readonly versions: VersionStore;
  private readonly state: StateFile;
  private readonly tokens: TokenStore;
  private readonly secrets: SecretStore;

  constructor(dir: string, options: OpenHostStoreOptions = {}) {
    this.dir = resolve(dir);
    this.dataDir = join(this.dir, 'data');
    this.blobs = new BlobStore(join(this.dir, 'blobs'));
    this.versions = new VersionStore(join(this.dir, 'versions'));
    this.state = new StateFile(this.dir);
    this.tokens = new TokenStore(this.dir, options.onProblem);
    this.secrets = new SecretStore(this.dir);
  }

  /** Creates the folders that are missing (0700). */
  prepare(): void {
    makeFolder(this.dir);
    for (const dir of [this.blobs.dir, this.versions.dir, this.dataDir]) makeFolder(dir);
    const now = Date.now();
    for (const dir of [this.dir, this.blobs.dir, this.versions.dir]) removeAbandonedTemporaries(dir, now);
  }

  /** Reads every store file: STORE_CORRUPT naming the first one that is unusable; nothing is written. */
  check(): void {
    this.versions.refresh();
    const state = this.state.read();
    for (const [field, id] of [['active', state.active], ['canary.version', state.canary?.version], ['canary.stable', state.canary?.stable]] as const) {
      if (id !== null && id !== undefined && this.versions.find(id) === undefined) {
        throw storeCorrupt(this.state.file, `its ${field} is ${id}, and ${displayPath(join(this.versions.dir, `${id.slice(1)}.json`))} does not exist`);
      }
    }
    this.tokens.check();
    this.secrets.check();
  }

  // Blobs: bundles and source maps by sha256.
  hasBlob(sha256: string): boolean {
    return this.blobs.hasBlob(sha256);
  }
  missingBlobs(shas: readonly string[]): string[] {
    return this.blobs.missingBlobs(shas);
  }
  /** BUNDLE_HASH_MISMATCH (nothing written) when the bytes do not hash to the name. */
  putBlob(sha256: string, bytes: Uint8Array): PutBlobResult {
    return this.blobs.putBlob(sha256, bytes);
  }
  blobPath(sha256: string): string {
    return this.blobs.blobPath(sha256);
  }

  // Versions: immutable, numbered from 1.
  createVersion(input: NewVersion): Version {
    return this.versions.create(input);
  }
  /** "v3", "3" or a unique hash prefix (7+ hex digits); VERSION_NOT_FOUND, VERSION_AMBIGUOUS. */
  getVersion(ref: string): Version {
    return this.versions.get(ref);
  }
  /** Like getVersion, undefined when there is no such version. */
  findVersion(ref: string): Version | undefined {
    return this.versions.find(ref);
  }
  /** Newest first. */
  listVersions(): Version[] {
    return this.versions.list();
  }

  // State: project, active version, canary.
  readState(): HostState {
    return this.state.read();
  }
  writeState(state: HostState): void {
    this.state.write(state);
  }
  /**
   * Activates version `next` if `expected` is the active one: DEPLOY_CONFLICT otherwise (another deploy
   * or rollback won), VERSION_NOT_FOUND, PROJECT_MISMATCH. The first activation names the host's project.
   */
  compareAndSetActive(expected: string | null, next: string): HostState {
    const state = this.state.read();
    if (state.active !== expected) {
      throw new UserError(`the active version is ${state.active ?? 'none'}, not ${expected ?? 'none'}: another deploy or rollback changed it meanwhile`, {
        code: 'DEPLOY_CONFLICT',
        hint: 'look at "neosl versions", then deploy again',
      });
    }
    const version = this.versions.get(next);
    if (state.project !== null && version.project !== state.project) {
      throw new UserError(`${version.id} is of project "${version.project}", and this host serves "${state.project}"`, { code: 'PROJECT_MISMATCH' });
    }
    const updated: HostState = { ...state, project: version.project, active: version.id };
    this.state.write(updated);
    return updated;
  }

  // Tokens: stored as sha256 hashes.
  /** The new token in plain text, this once. INVALID_TOKEN_NAME, TOKEN_EXISTS. */
  createToken(name: string): string {
    return this.tokens.create(name);
  }
  listTokens(): TokenInfo[] {
    return this.tokens.list();
  }
  /** TOKEN_NOT_FOUND. */
  revokeToken(name: string): void {
    this.tokens.revoke(name);
  }
  /** The token's name, or undefined; sees tokens created or revoked by other processes. */
  verifyToken(plaintext: string): string | undefined {
    return this.tokens.verify(plaintext);
  }

  // Secrets: encrypted at rest.
  /** INVALID_SECRET_NAME. */
  setSecret(name: string, value: string): SecretInfo & { created: boolean } {
    return this.secrets.set(name, value);
  }
  listSecrets(): SecretInfo[] {
    return this.secrets.list();
  }
  /** SECRET_NOT_FOUND. */
  removeSecret(name: string): { name: string } {
    return this.secrets.remove(name);
  }
  /** Decrypted, for the functions; STORE_CORRUPT when a value does not decrypt. */
  secretValues(): Record<string, string> {
    return this.secrets.values();
  }
}

/** Opens (creating what is missing) and checks the store at `dir`: STORE_CORRUPT naming an unusable file. */
export function openHostStore(dir: string, options: OpenHostStoreOptions = {}): HostStore {
  const store = new HostStore(dir, options);
  store.prepare();
  store.check();
  return store;
}
