// The host store's secrets: encrypted at rest (no value in any file of the store), key and values
// 0600, names that are identifiers only, and an altered value refused with the file named.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostStore } from '../../src/serve/store/host-store.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const failure = (action: () => unknown): { code?: string; message: string } => {
  try {
    action();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected an error');
};

/** Every file under `dir`, as bytes. */
function storeFiles(dir: string): Buffer[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)));
}

describe('host store: secrets', () => {
  it('sets, lists (names only), updates and removes secrets; the values are read back decrypted', () => {
    const store = openHostStore(makeTempDir());
    expect(store.secretValues()).toEqual({});
    expect(store.setSecret('API_KEY', 'sk-1')).toEqual({ name: 'API_KEY', updatedAt: expect.any(String), created: true });
    expect(store.setSecret('_db', 'postgres://u:p@h/db').created).toBe(true);
    expect(store.setSecret('API_KEY', 'sk-2').created).toBe(false);
    expect(store.listSecrets()).toEqual([
      { name: 'API_KEY', updatedAt: expect.any(String) },
      { name: '_db', updatedAt: expect.any(String) },
    ]);
    expect(store.secretValues()).toEqual({ API_KEY: 'sk-2', _db: 'postgres://u:p@h/db' });
    expect(store.removeSecret('_db')).toEqual({ name: '_db' });
    expect(failure(() => store.removeSecret('_db')).code).toBe('SECRET_NOT_FOUND');
    expect(store.secretValues()).toEqual({ API_KEY: 'sk-2' });
  });

  it('keeps no value in plain text in any file of the store; key and secrets.json are 0600', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    const value = 'correct-horse-battery-staple-42';
    store.setSecret('PASSWORD', value);
    store.setSecret('SAME', value);
    store.createToken('ci');
    for (const content of storeFiles(dir)) {
      expect(content.includes(value)).toBe(false);
      expect(content.includes(Buffer.from(value).toString('base64'))).toBe(false);
    }
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secret.key')).size).toBe(32);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    // Each value has its own IV: the same value twice does not give the same ciphertext.
    const { secrets } = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as { secrets: Record<string, { iv: string; data: string }> };
    expect(secrets.PASSWORD!.iv).not.toBe(secrets.SAME!.iv);
    expect(secrets.PASSWORD!.data).not.toBe(secrets.SAME!.data);
    expect(openHostStore(dir).secretValues()).toEqual({ PASSWORD: value, SAME: value });
  });

  it('refuses a name that is not an identifier, naming it', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    for (const name of ['1ABC', 'API-KEY', 'a b', '', '../key', 'ключ']) {
      const error = failure(() => store.setSecret(name, 'v'));
      expect(error.code, name).toBe('INVALID_SECRET_NAME');
      expect(error.message).toContain(JSON.stringify(name));
    }
    expect(readdirSync(dir).sort()).toEqual(['blobs', 'data', 'versions']);
  });

  it('an altered value is refused at start with the file named, and the value is not in the message', () => {
    const dir = makeTempDir();
    openHostStore(dir).setSecret('TOKEN', 'hunter2');
    const file = join(dir, 'secrets.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { secrets: { TOKEN: { data: string } } };
    const data = Buffer.from(stored.secrets.TOKEN.data, 'base64');
    data[0] = data[0]! ^ 1;
    stored.secrets.TOKEN.data = data.toString('base64');
    const altered = JSON.stringify(stored);
    writeFileSync(file, altered);
    const error = failure(() => openHostStore(dir));
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toMatch(/secrets\.json.*TOKEN does not decrypt/);
    expect(error.message).not.toContain('hunter2');
    expect(readFileSync(file, 'utf8')).toBe(altered);
  });

  it('a value moved under another name does not decrypt either', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    store.setSecret('A', 'alpha');
    store.setSecret('B', 'beta');
    const file = join(dir, 'secrets.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { secrets: Record<string, unknown> };
    stored.secrets.B = stored.secrets.A;
    writeFileSync(file, JSON.stringify(stored));
    expect(failure(() => openHostStore(dir)).message).toMatch(/value of B does not decrypt/);
  });

  it('secrets without their key are refused (a new key is not made over them)', () => {
    const dir = makeTempDir();
    openHostStore(dir).setSecret('A', 'alpha');
    rmSync(join(dir, 'secret.key'));
    const error = failure(() => openHostStore(dir));
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toMatch(/secret\.key.*missing/);
    expect(readdirSync(dir)).not.toContain('secret.key');
  });
});
