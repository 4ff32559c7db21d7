// The host store's bundles and versions: only bytes that hash to their name are kept, names cannot
// leave the store's folder, versions are numbered once and never replaced, and survive a restart.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostStore } from '../../src/serve/store/host-store.js';
import { createFileExclusive } from '../../src/serve/store/store-files.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { functionOf, newVersion, settings, sha256 } from './store-fixtures.js';

afterAll(removeTempDirs);

const code = (error: unknown) => (error as { code?: string }).code;
const thrown = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('host store: blobs', () => {
  it('keeps bytes under their sha256, and says which of a list it lacks', () => {
    const store = openHostStore(makeTempDir());
    const bytes = Buffer.from('export const hello = () => 1;');
    const name = sha256(bytes);
    const other = sha256('another');
    expect(store.missingBlobs([name, other, name])).toEqual([name, other]);
    expect(store.putBlob(name, bytes)).toEqual({ sha256: name, bytes: bytes.length, created: true });
    expect(store.putBlob(name, bytes).created).toBe(false);
    expect(store.hasBlob(name)).toBe(true);
    expect(store.missingBlobs([name, other])).toEqual([other]);
    expect(readFileSync(store.blobPath(name))).toEqual(bytes);
  });

  it('refuses bytes that do not hash to the name, and writes nothing', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    const name = sha256('the real bundle');
    const error = thrown(() => store.putBlob(name, Buffer.from('the real bund')));
    expect(code(error)).toBe('BUNDLE_HASH_MISMATCH');
    expect(store.hasBlob(name)).toBe(false);
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
  });

  it('refuses names that are not 64 lower-case hex digits (no path traversal)', () => {
    const dir = makeTempDir();
    const store = openHostStore(join(dir, 'store'));
    const bad = ['../state.json', '../../etc/passwd', 'a'.repeat(63), 'A'.repeat(64), `${'a'.repeat(64)}/../x`, `../${'a'.repeat(61)}`, ''];
    for (const name of bad) {
      expect(code(thrown(() => store.blobPath(name))), name).toBe('INVALID_SHA256');
      expect(code(thrown(() => store.putBlob(name, Buffer.from('x')))), name).toBe('INVALID_SHA256');
      expect(code(thrown(() => store.missingBlobs([name]))), name).toBe('INVALID_SHA256');
    }
    expect(readdirSync(dir)).toEqual(['store']);
  });
});

describe('host store: versions', () => {
  it('numbers versions v1, v2… with a content hash, lists them newest first, and finds them by id, number or hash prefix', () => {
    const store = openHostStore(makeTempDir());
    const first = store.createVersion({ ...newVersion('one'), message: 'first' });
    const second = store.createVersion(newVersion('two'));
    expect([first.id, first.number, second.id, second.number]).toEqual(['v1', 1, 'v2', 2]);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.message).toBe('first');
    expect(first.createdBy).toBe('ci');
    expect(store.listVersions().map((version) => version.id)).toEqual(['v2', 'v1']);
    expect(store.getVersion('v2')).toEqual(second);
    expect(store.getVersion('1')).toEqual(first);
    expect(store.getVersion(second.hash.slice(0, 7)).id).toBe('v2');
    expect(code(thrown(() => store.getVersion('v9')))).toBe('VERSION_NOT_FOUND');
    expect(code(thrown(() => store.getVersion(second.hash.slice(0, 6))))).toBe('VERSION_NOT_FOUND');
    expect(store.findVersion('v9')).toBeUndefined();
  });

  it('gives the same content the same hash, whatever the key order', () => {
    const store = openHostStore(makeTempDir());
    const a = store.createVersion(newVersion('same'));
    const reordered = newVersion('same');
    const b = store.createVersion({
      settings: { blockchain: settings.blockchain, databaseUrl: settings.databaseUrl, cache: settings.cache },
      functions: reordered.functions,
      createdBy: 'someone-else',
      project: reordered.project,
    });
    const changed = store.createVersion(newVersion('different'));
    expect(b.hash).toBe(a.hash);
    expect(changed.hash).not.toBe(a.hash);
  });

  it('keeps numbering after a restart and never rewrites a version file', () => {
    const dir = makeTempDir();
    const first = openHostStore(dir).createVersion(newVersion('one'));
    const before = readFileSync(join(dir, 'versions', '1.json'), 'utf8');
    const reopened = openHostStore(dir);
    expect(reopened.getVersion('v1')).toEqual(first);
    expect(reopened.createVersion(newVersion('two')).id).toBe('v2');
    expect(readFileSync(join(dir, 'versions', '1.json'), 'utf8')).toBe(before);
  });

  it('two stores on one folder (two processes) never write the same number twice', () => {
    const dir = makeTempDir();
    const a = openHostStore(dir);
    const b = openHostStore(dir);
    a.createVersion(newVersion('a1'));
    // b has not looked since a wrote v1: it still takes the next free number.
    expect(b.createVersion(newVersion('b1')).id).toBe('v2');
    expect(a.createVersion(newVersion('a2')).id).toBe('v3');
    expect(a.listVersions().map((version) => version.id)).toEqual(['v3', 'v2', 'v1']);
  });

  it('an exclusive create fails for the second writer of a name and leaves the first one whole', () => {
    const dir = makeTempDir();
    const file = join(dir, '1.json');
    expect(createFileExclusive(file, 'first')).toBe(true);
    expect(createFileExclusive(file, 'second')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['1.json']);
  });

  it('a racing writer whose number was taken gets DEPLOY_CONFLICT and the existing version stays', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    // Another writer takes v1 between this store's look at the folder and its write.
    const racer = openHostStore(dir);
    const won = racer.createVersion(newVersion('racer'));
    const original = readFileSync(join(dir, 'versions', '1.json'), 'utf8');
    const refresh = store['versions'].refresh.bind(store['versions']);
    store['versions'].refresh = () => {};
    expect(code(thrown(() => store.createVersion(newVersion('loser'))))).toBe('DEPLOY_CONFLICT');
    store['versions'].refresh = refresh;
    expect(readFileSync(join(dir, 'versions', '1.json'), 'utf8')).toBe(original);
    expect(store.getVersion('v1')).toEqual(won);
  });

  it('refuses to write a version of the wrong shape', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    const bad = { ...newVersion(), functions: { hello: { ...functionOf('hello', 'x'), sha256: '../x' } } };
    expect(code(thrown(() => store.createVersion(bad)))).toBe('VERSION_INVALID');
    expect(readdirSync(join(dir, 'versions'))).toEqual([]);
  });
});

describe('host store: state', () => {
  it('starts empty, activates a version only over the expected one, and keeps it across a restart', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    expect(store.readState()).toEqual({ project: null, active: null, canary: null });
    const v1 = store.createVersion(newVersion('one'));
    const v2 = store.createVersion(newVersion('two'));
    expect(store.compareAndSetActive(null, v1.id)).toEqual({ project: 'shop', active: 'v1', canary: null });
    expect(code(thrown(() => store.compareAndSetActive(null, v2.id)))).toBe('DEPLOY_CONFLICT');
    expect(code(thrown(() => store.compareAndSetActive('v1', 'v7')))).toBe('VERSION_NOT_FOUND');
    store.compareAndSetActive('v1', v2.id);
    expect(openHostStore(dir).readState().active).toBe('v2');
    const other = store.createVersion(newVersion('x', 'another-project'));
    expect(code(thrown(() => store.compareAndSetActive('v2', other.id)))).toBe('PROJECT_MISMATCH');
    expect(store.readState().active).toBe('v2');
  });

  it('writes the state whole (no temporary file left beside it) in folders only the owner can open', () => {
    const dir = join(makeTempDir(), 'store');
    const store = openHostStore(dir);
    store.createVersion(newVersion());
    store.writeState({ project: 'shop', active: 'v1', canary: null });
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual({ project: 'shop', active: 'v1', canary: null });
    expect(readdirSync(dir).sort()).toEqual(['blobs', 'data', 'state.json', 'versions']);
    expect(existsSync(store.dataDir)).toBe(true);
    for (const folder of [dir, join(dir, 'blobs'), join(dir, 'versions'), store.dataDir]) expect(statSync(folder).mode & 0o777, folder).toBe(0o700);
  });
});
