// `neosl serve token create|list|revoke` as an operator runs them: the token printed once (alone on
// stdout, so `TOKEN=$(…)` works), listed without it, revoked, and never stored in plain text.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHostStore } from '../../src/serve/store/host-store.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('neosl serve token', () => {
  it('create prints the token once, list shows names and times, revoke removes it; tokens.json holds no token', async () => {
    const dir = makeTempDir();
    const store = join(dir, 'host');
    // Run in the temp folder: nothing lands in the checkout, whatever the store option does.
    const neosl = (args: string[]) => spawnNeosl(args, { cwd: dir });

    const created = await neosl(['serve', 'token', 'create', 'ci', '--store', store]);
    expect(created.exitCode, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^neosl_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown this once/);
    expect(created.stderr).toMatch(/neosl login/);
    expect(created.stderr).toMatch(/NEOSL_TOKEN/);
    expect(created.stderr).not.toContain(token);

    const file = join(store, 'tokens.json');
    expect(readFileSync(file, 'utf8')).not.toContain(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A running host, reading the same store, accepts it.
    expect(openHostStore(store).verifyToken(token)).toBe('ci');

    const again = await neosl(['serve', 'token', 'create', 'ci', '--store', store]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/already a token named "ci"/);

    const json = await neosl(['serve', 'token', 'create', 'deploy-bot', '--store', store, '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    const document = JSON.parse(json.stdout) as { name: string; token: string; createdAt: string };
    expect(document).toEqual({ name: 'deploy-bot', token: expect.stringMatching(/^neosl_/), createdAt: expect.any(String) });

    const list = await neosl(['serve', 'token', 'list', '--store', store]);
    expect(list.exitCode, list.stderr).toBe(0);
    const rows = list.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+CREATED\s+LAST USED$/);
    expect(rows.slice(1).map((row) => row.split(/\s+/)[0])).toEqual(['ci', 'deploy-bot']);
    expect(rows[2]).toMatch(/never$/);
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toMatch(/[0-9a-f]{64}/);

    const listJson = await neosl(['serve', 'token', 'list', '--store', store, '--json']);
    const listed = JSON.parse(listJson.stdout) as { tokens: { name: string; createdAt: string; lastUsedAt: string | null }[] };
    expect(listed.tokens.map((entry) => entry.name)).toEqual(['ci', 'deploy-bot']);
    expect(listed.tokens[0]!.lastUsedAt).not.toBeNull();
    expect(listed.tokens[1]).toEqual({ name: 'deploy-bot', createdAt: document.createdAt, lastUsedAt: null });
    expect(listJson.stdout).not.toContain(token);
    expect(listJson.stdout).not.toContain(document.token);

    const revoked = await neosl(['serve', 'token', 'revoke', 'ci', '--store', store]);
    expect(revoked.exitCode, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked token "ci"/);
    expect(openHostStore(store).verifyToken(token)).toBeUndefined();
    const afterRevoke = await neosl(['serve', 'token', 'list', '--store', store, '--json']);
    expect((JSON.parse(afterRevoke.stdout) as { tokens: { name: string }[] }).tokens.map((entry) => entry.name)).toEqual(['deploy-bot']);

    const missing = await neosl(['serve', 'token', 'revoke', 'ci', '--store', store, '--json']);
    expect(missing.exitCode).toBe(1);
    expect((JSON.parse(missing.stdout) as { error: { code: string } }).error.code).toBe('TOKEN_NOT_FOUND');

    for (const name of readdirSync(store)) {
      const path = join(store, name);
      if (statSync(path).isFile()) expect(readFileSync(path, 'utf8'), name).not.toContain(document.token);
    }
  });

  it('uses .neosl/host under the current folder by default, with or without a neosl.yaml', async () => {
    const dir = makeTempDir();
    const created = await spawnNeosl(['serve', 'token', 'create', 'alice'], { cwd: dir });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(openHostStore(join(dir, '.neosl', 'host')).verifyToken(created.stdout.trim())).toBe('alice');
  });

  it('list on a folder without a store says there are none and creates nothing; a bad name is refused', async () => {
    const dir = makeTempDir();
    const neosl = (args: string[]) => spawnNeosl(args, { cwd: dir });
    const list = await neosl(['serve', 'token', 'list', '--store', join(dir, 'none')]);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/No tokens in .*none/);
    expect(existsSync(join(dir, 'none'))).toBe(false);

    const bad = await neosl(['serve', 'token', 'create', '../ci', '--store', join(dir, 'host')]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/"\.\.\/ci" is not a token name/);
  });
});
