// `secrets.json`: the host's secrets, each value AES-256-GCM encrypted with `secret.key` (0600 both).
// Values leave the store only through values(), for the functions; never in an error or a listing.
import { join } from 'node:path';
import { SECRET_NAME } from '../../config/types.js';
import { UserError } from '../../errors.js';
import { displayPath } from '../../util/display-path.js';
import { fileSignature } from './file-signature.js';
import { openValue, sealValue, type SealedValue } from './secret-cipher.js';
import { readOrCreateSecretKey, readSecretKey } from './secret-key.js';
import { checkShape, isRecord, readStoreJson, storeCorrupt, wrongShape } from './store-json.js';
import { withFileLock } from './store-lock.js';
import { writeFileAtomic } from './store-files.js';

interface StoredSecret extends SealedValue {
  updatedAt: string;
}

interface SecretsFile {
  algorithm: 'aes-256-gcm';
  secrets: Record<string, StoredSecret>;
}

export interface SecretInfo {
  name: string;
  updatedAt: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkSecrets(value: unknown): SecretsFile {
  if (!isRecord(value)) return wrongShape('the file', 'an object', value);
  if (value.algorithm !== 'aes-256-gcm') wrongShape('algorithm', '"aes-256-gcm"', value.algorithm);
  if (!isRecord(value.secrets)) return wrongShape('secrets', 'an object', value.secrets);
  for (const [name, secret] of Object.entries(value.secrets)) {
    if (!SECRET_NAME.test(name)) wrongShape(`the secret name ${JSON.stringify(name)}`, 'an identifier', name);
    if (!isRecord(secret)) return wrongShape(`secrets.${name}`, 'an object', secret);
    for (const key of ['iv', 'tag', 'data'] as const) {
      if (typeof secret[key] !== 'string' || !BASE64.test(secret[key])) wrongShape(`secrets.${name}.${key}`, 'base64', secret[key]);
    }
    if (typeof secret.updatedAt !== 'string') wrongShape(`secrets.${name}.updatedAt`, 'an ISO date', secret.updatedAt);
  }
  return value as unknown as SecretsFile;
}

export function secretNotFound(name: string, names: readonly string[]): UserError {
  return new UserError(`there is no secret named ${JSON.stringify(name)} on this host`, {
    code: 'SECRET_NOT_FOUND',
    hint: names.length === 0 ? 'the host has no secrets' : `its secrets are: ${[...names].sort().join(', ')}`,
  });
}

export function assertSecretValue(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new UserError(`the value of secret ${name} must be a string`, { code: 'INVALID_SECRET_VALUE' });
}

export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new UserError(`${JSON.stringify(name)} is not a secret name: it must start with a letter or "_" and hold only letters, digits and "_"`, {
      code: 'INVALID_SECRET_NAME',
      hint: 'e.g. API_KEY, stripeSecret',
    });
  }
}

export class SecretStore {
  readonly file: string;
  readonly keyFile: string;
  private stored: SecretsFile = { algorithm: 'aes-256-gcm', secrets: {} };
  private signature: string | undefined;

  constructor(dir: string) {
    this.file = join(dir, 'secrets.json');
    this.keyFile = join(dir, 'secret.key');
  }

  private current(): SecretsFile {
    const signature = fileSignature(this.file);
    if (signature !== this.signature) {
      const value = readStoreJson(this.file);
      this.stored = value === undefined ? { algorithm: 'aes-256-gcm', secrets: {} } : checkShape(this.file, value, checkSecrets);
      this.signature = signature;
    }
    return this.stored;
  }

  /** The key of the stored values; STORE_CORRUPT when there are values and no key to read them. */
  private existingKey(): Buffer | undefined {
    const key = readSecretKey(this.keyFile);
    if (key === undefined && Object.keys(this.current().secrets).length > 0) {
      throw storeCorrupt(this.keyFile, `it is missing, and the values in ${displayPath(this.file)} cannot be decrypted without it (restore it from a backup)`);
    }
    return key;
  }

  private decrypt(key: Buffer, name: string, sealed: SealedValue): string {
    const value = openValue(key, name, sealed);
    if (value === undefined) {
      throw storeCorrupt(this.file, `the value of ${name} does not decrypt with ${displayPath(this.keyFile)} (the file was altered, or the key is not the one it was written with)`);
    }
    return value;
  }

  /** Every value decrypts with the key: what `neosl serve` checks at start. */
  check(): void {
    this.values();
  }

  set(name: string, value: string, now = new Date()): SecretInfo & { created: boolean } {
    assertSecretName(name);
    assertSecretValue(name, value);
    return withFileLock(this.file, () => {
      const stored = this.current();
      const key = this.existingKey() ?? readOrCreateSecretKey(this.keyFile);
      const created = !Object.hasOwn(stored.secrets, name);
      const updatedAt = now.toISOString();
      this.save({ ...stored, secrets: { ...stored.secrets, [name]: { ...sealValue(key, name, value), updatedAt } } });
      return { name, updatedAt, created };
    });
  }

  /** By name; never values. */
  list(): SecretInfo[] {
    return Object.entries(this.current().secrets)
      .map(([name, secret]) => ({ name, updatedAt: secret.updatedAt }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** SECRET_NOT_FOUND when there is no such secret. */
  remove(name: string): { name: string } {
    return withFileLock(this.file, () => {
      const stored = this.current();
      if (!Object.hasOwn(stored.secrets, name)) throw secretNotFound(name, Object.keys(stored.secrets));
      const { [name]: _removed, ...rest } = stored.secrets;
      this.save({ ...stored, secrets: rest });
      return { name };
    });
  }

  /** Every secret, decrypted: what the functions' context.secrets reads. */
  values(): Record<string, string> {
    const secrets = Object.entries(this.current().secrets);
    if (secrets.length === 0) return {};
    const key = this.existingKey()!;
    // fromEntries: own properties even for a secret named __proto__.
    return Object.fromEntries(secrets.map(([name, sealed]) => [name, this.decrypt(key, name, sealed)]));
  }

  private save(stored: SecretsFile): void {
    writeFileAtomic(this.file, `${JSON.stringify(stored, null, 2)}\n`, 0o600);
    this.stored = stored;
    this.signature = fileSignature(this.file);
  }
}
