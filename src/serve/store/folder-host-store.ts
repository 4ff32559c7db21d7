// The folder store (HostStore, synchronous) behind the HostStoreApi that `neosl serve` uses: the same
// behaviour, answered as promises. A folder is one host's: it is never shared, always available.
import type { Version } from '../../host/api-types.js';
import { displayPath } from '../../util/display-path.js';
import type { HostStoreApi, HostState, NewVersion, PutBlobResult, SecretInfo, StoreChange, StoreStatus, TokenInfo } from './host-store-api.js';
import { HostStore, openHostStore, type OpenHostStoreOptions } from './host-store.js';

export class FolderHostStore implements HostStoreApi {
  readonly shared = false;
  readonly description: string;
  readonly localDir: string;
  readonly dataDir: string;

  constructor(readonly store: HostStore) {
    this.description = displayPath(store.dir);
    this.localDir = store.dir;
    this.dataDir = store.dataDir;
  }

  async missingBlobs(shas: readonly string[]): Promise<string[]> {
    return this.store.missingBlobs(shas);
  }
  async putBlob(sha256: string, bytes: Uint8Array): Promise<PutBlobResult> {
    return this.store.putBlob(sha256, bytes);
  }
  async blobFile(sha256: string): Promise<string> {
    return this.store.blobPath(sha256);
  }
  async createVersion(input: NewVersion): Promise<Version> {
    return this.store.createVersion(input);
  }
  async createAndActivate(input: NewVersion, expected: string | null): Promise<Version> {
    const version = this.store.createVersion(input);
    this.store.compareAndSetActive(expected, version.id);
    return version;
  }
  async getVersion(ref: string): Promise<Version> {
    return this.store.getVersion(ref);
  }
  async findVersion(ref: string): Promise<Version | undefined> {
    return this.store.findVersion(ref);
  }
  async listVersions(): Promise<Version[]> {
    return this.store.listVersions();
  }
  async readState(): Promise<HostState> {
    return this.store.readState();
  }
  async writeState(state: HostState): Promise<void> {
    this.store.writeState(state);
  }
  async compareAndSetActive(expected: string | null, next: string): Promise<HostState> {
    return this.store.compareAndSetActive(expected, next);
  }
  async createToken(name: string): Promise<string> {
    return this.store.createToken(name);
  }
  async listTokens(): Promise<TokenInfo[]> {
    return this.store.listTokens();
  }
  async revokeToken(name: string): Promise<void> {
    this.store.revokeToken(name);
  }
  verifyToken(plaintext: string): string | undefined {
    return this.store.verifyToken(plaintext);
  }
  async setSecret(name: string, value: string): Promise<SecretInfo & { created: boolean }> {
    return this.store.setSecret(name, value);
  }
  async listSecrets(): Promise<SecretInfo[]> {
    return this.store.listSecrets();
  }
  async removeSecret(name: string): Promise<{ name: string }> {
    return this.store.removeSecret(name);
  }
  async secretValues(): Promise<Record<string, string>> {
    return this.store.secretValues();
  }
  status(): StoreStatus {
    return { state: 'available' };
  }
  onChange(_listener: (change: StoreChange) => void): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}

/** Opens (creating what is missing) and checks the folder store at `dir`, as HostStoreApi. */
export function openFolderHostStore(dir: string, options: OpenHostStoreOptions = {}): FolderHostStore {
  return new FolderHostStore(openHostStore(dir, options));
}
