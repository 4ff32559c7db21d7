// A corrupt store file at start: the store refuses to open, names the file and what is wrong, and
// overwrites nothing. Files the store does not know are left alone.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostStore } from '../../src/serve/store/host-store.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { newVersion } from './store-fixtures.js';

afterAll(removeTempDirs);

/** A store with a version, an active state, a token and a secret. */
function populatedStore(): string {
  const dir = makeTempDir();
  const store = openHostStore(dir);
  const version = store.createVersion(newVersion());
  store.compareAndSetActive(null, version.id);
  store.createToken('ci');
  store.setSecret('KEY', 'value');
  return dir;
}

/** Every file of the store and its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'latin1');
  }
  return files;
}

function openFailure(dir: string): { code?: string; message: string } {
  try {
    openHostStore(dir);
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the store to be refused');
}

const cases: { name: string; file: string; content: string; says: RegExp }[] = [
  { name: 'state.json that is not JSON', file: 'state.json', content: '{"project": "shop",\n  "active": v1}', says: /state\.json.*not JSON \(at line 2, column 13\)/ },
  { name: 'state.json of the wrong shape', file: 'state.json', content: '{"project": "shop", "active": 3, "canary": null}', says: /state\.json.*active should be a version id/ },
  { name: 'state.json naming a version that does not exist', file: 'state.json', content: '{"project": "shop", "active": "v9", "canary": null}', says: /state\.json.*active is v9.*9\.json does not exist/ },
  { name: 'an empty tokens.json', file: 'tokens.json', content: '', says: /tokens\.json.*it is empty/ },
  { name: 'tokens.json of the wrong shape', file: 'tokens.json', content: '[{"name": "ci", "createdAt": "2030-01-01T00:00:00Z"}]', says: /tokens\.json.*token 1\.sha256 is missing/ },
  { name: 'secrets.json that is not JSON', file: 'secrets.json', content: '{"algorithm": "aes-256-gcm", "secrets": {', says: /secrets\.json.*not JSON/ },
  { name: 'secrets.json of the wrong shape', file: 'secrets.json', content: '{"algorithm": "aes-256-gcm", "secrets": []}', says: /secrets\.json.*secrets should be an object, not an array/ },
  { name: 'a secret.key that is not 32 bytes', file: 'secret.key', content: 'short', says: /secret\.key.*5 bytes, not a 32-byte key/ },
  { name: 'a version file that is not JSON', file: 'versions/1.json', content: '{"id": "v1"', says: /versions\/1\.json.*not JSON/ },
  { name: 'a version file of the wrong shape', file: 'versions/1.json', content: '{"id": "v1", "number": 1}', says: /versions\/1\.json.*hash is missing/ },
  { name: 'a version file under another number', file: 'versions/2.json', content: 'COPY:versions/1.json', says: /versions\/2\.json.*holds version v1, not v2/ },
];

describe('host store: corrupt files at start', () => {
  for (const { name, file, content, says } of cases) {
    it(`refuses ${name}, naming it, and changes nothing`, () => {
      const dir = populatedStore();
      const text = content.startsWith('COPY:') ? readFileSync(join(dir, content.slice(5)), 'utf8') : content;
      writeFileSync(join(dir, file), text);
      const before = snapshot(dir);
      const error = openFailure(dir);
      expect(error.code).toBe('STORE_CORRUPT');
      expect(error.message).toMatch(says);
      expect(snapshot(dir)).toEqual(before);
    });
  }

  it('refuses a version file edited by hand (its hash no longer matches its content)', () => {
    const dir = populatedStore();
    const file = join(dir, 'versions', '1.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"exportName": "hello"', '"exportName": "evil"'));
    expect(openFailure(dir).message).toMatch(/versions\/1\.json.*hash .* is not the hash of its content/);
  });

  it('ignores files it does not know', () => {
    const dir = populatedStore();
    writeFileSync(join(dir, 'README'), 'notes');
    writeFileSync(join(dir, 'versions', 'notes.json'), 'not json');
    writeFileSync(join(dir, 'versions', '.1.json.tmp-1-2-abcd'), '{');
    mkdirSync(join(dir, 'backup'));
    const store = openHostStore(dir);
    expect(store.listVersions().map((version) => version.id)).toEqual(['v1']);
    expect(store.readState().active).toBe('v1');
  });

  it('refuses a store path that is a file', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'store'), '');
    expect(openFailure(join(dir, 'store')).code).toBe('STORE_NOT_A_FOLDER');
  });
});
