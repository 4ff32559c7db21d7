// The host store's tokens: kept as hashes, verified across processes (a token created or revoked by
// `neosl serve token` is seen by a running host at once), last use written at most once a minute.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openHostStore } from '../../src/serve/store/host-store.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const code = (action: () => unknown): string | undefined => {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected an error');
};

describe('host store: tokens', () => {
  it('creates a token shown once, keeps only its hash (0600), and verifies it', () => {
    const dir = makeTempDir();
    const store = openHostStore(dir);
    const token = store.createToken('ci');
    expect(token).toMatch(/^neosl_[A-Za-z0-9_-]{43}$/);
    const file = readFileSync(join(dir, 'tokens.json'), 'utf8');
    expect(file).not.toContain(token);
    expect(file).not.toContain(token.slice('neosl_'.length));
    expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
    expect(store.verifyToken(token)).toBe('ci');
    expect(store.verifyToken(`${token}x`)).toBeUndefined();
    expect(store.verifyToken('')).toBeUndefined();
    expect(store.listTokens()).toEqual([{ name: 'ci', createdAt: expect.any(String), lastUsedAt: expect.any(String) }]);
    expect(JSON.stringify(store.listTokens())).not.toMatch(/[0-9a-f]{64}/);
  });

  it('refuses a second token of one name, names that are not [A-Za-z0-9._-]{1,64}, and revoking what does not exist', () => {
    const store = openHostStore(makeTempDir());
    store.createToken('alice');
    expect(code(() => store.createToken('alice'))).toBe('TOKEN_EXISTS');
    for (const name of ['', 'has space', '../x', 'a/b', 'x'.repeat(65), 'é']) expect(code(() => store.createToken(name)), name).toBe('INVALID_TOKEN_NAME');
    expect(code(() => store.revokeToken('bob'))).toBe('TOKEN_NOT_FOUND');
    expect(store.listTokens().map((token) => token.name)).toEqual(['alice']);
  });

  it('a running host (one store) sees tokens created and revoked by another process (a second store on the folder)', () => {
    const dir = makeTempDir();
    const host = openHostStore(dir);
    const cli = openHostStore(dir);
    expect(host.verifyToken('neosl_nothing')).toBeUndefined();
    const ci = cli.createToken('ci');
    expect(host.verifyToken(ci)).toBe('ci');
    const alice = cli.createToken('alice');
    expect(host.verifyToken(alice)).toBe('alice');
    cli.revokeToken('ci');
    expect(host.verifyToken(ci)).toBeUndefined();
    expect(host.verifyToken(alice)).toBe('alice');
    // A token created again under the revoked name is a new token: the old one stays refused.
    const ciAgain = openHostStore(dir).createToken('ci');
    expect(host.verifyToken(ci)).toBeUndefined();
    expect(host.verifyToken(ciAgain)).toBe('ci');
  });

  it('records the last use at most once a minute, without dropping a token another process added', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const dir = makeTempDir();
      const host = openHostStore(dir);
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const token = host.createToken('ci');
      const file = join(dir, 'tokens.json');
      host.verifyToken(token);
      expect(host.listTokens()[0]!.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
      const written = readFileSync(file, 'utf8');
      vi.setSystemTime(new Date('2030-01-01T00:00:30Z'));
      for (let i = 0; i < 100; i++) host.verifyToken(token);
      expect(readFileSync(file, 'utf8')).toBe(written);
      openHostStore(dir).createToken('alice');
      vi.setSystemTime(new Date('2030-01-01T00:01:01Z'));
      host.verifyToken(token);
      expect(openHostStore(dir).listTokens()).toEqual([
        { name: 'ci', createdAt: '2030-01-01T00:00:00.000Z', lastUsedAt: '2030-01-01T00:01:01.000Z' },
        { name: 'alice', createdAt: '2030-01-01T00:00:30.000Z' },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses every token while tokens.json is unreadable, says why once, and does not overwrite it', () => {
    const dir = makeTempDir();
    const problems: string[] = [];
    const host = openHostStore(dir, { onProblem: (error) => problems.push(`${error.code}: ${error.message}`) });
    const token = host.createToken('ci');
    const file = join(dir, 'tokens.json');
    writeFileSync(file, '[{"name": "ci",');
    expect(host.verifyToken(token)).toBeUndefined();
    expect(host.verifyToken(token)).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^STORE_CORRUPT: .*tokens\.json.* not JSON/)]);
    expect(readFileSync(file, 'utf8')).toBe('[{"name": "ci",');
    expect(readdirSync(dir).filter((name) => name.includes('tokens'))).toEqual(['tokens.json']);
  });
});
