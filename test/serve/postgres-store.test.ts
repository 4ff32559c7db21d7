// The host store on a real PostgreSQL (`neosl serve --store postgres://…`): versions immutable and
// numbered, activation all-or-nothing, bundles fetched to a replica's folder, tokens kept as sha256
// hashes, secrets sealed (the plaintext and the key in no table), the schema migrated once by replicas
// starting together, a newer schema refused, NOTIFY reaching the other replicas, and a server that goes
// away answered with STORE_UNAVAILABLE until it is back (no new store needed).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreChange } from '../../src/serve/store/host-store-api.js';
import { PostgresHostStore } from '../../src/serve/store/postgres/postgres-host-store.js';
import { SCHEMA_VERSION } from '../../src/serve/store/postgres/schema.js';
import { queryRows, withPostgresClient } from '../helpers/postgres-client.js';
import { realPostgresSkipReason, startPostgresServer, type PostgresServer } from '../helpers/postgres-server.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait-until.js';
import { functionOf, newVersion, sha256 } from './store-fixtures.js';

let server: PostgresServer;
const stores: PostgresHostStore[] = [];
let databases = 0;

beforeAll(async () => {
  if (realPostgresSkipReason) return;
  server = await startPostgresServer();
}, 60_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await server?.destroy();
  removeTempDirs();
});

async function freshDatabase(): Promise<string> {
  return server.createDatabase(`host_store_${++databases}`);
}

function storeOn(url: string, secretKey?: Buffer): PostgresHostStore {
  const store = new PostgresHostStore({ url, localDir: makeTempDir('neosl-replica-'), ...(secretKey ? { secretKey, secretKeySource: 'NEOSL_SECRET_KEY' } : {}) });
  stores.push(store);
  return store;
}

async function opened(url: string, secretKey?: Buffer): Promise<PostgresHostStore> {
  const store = storeOn(url, secretKey);
  await store.open();
  return store;
}

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a failure');
}

/** Every row of every neosl_ table, as text: what someone with read access to the database sees. */
async function everyRow(url: string): Promise<string> {
  return withPostgresClient(url, async (client) => {
    const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE tablename LIKE 'neosl_%'");
    const dumps = await Promise.all(tables.rows.map(async ({ tablename }) => JSON.stringify((await client.query(`SELECT * FROM ${tablename}`)).rows)));
    return dumps.join('\n');
  });
}

describe(`host store on PostgreSQL${realPostgresSkipReason}`, { skip: realPostgresSkipReason !== '' }, () => {
  it('records versions numbered from 1 and activates them only from the expected one (DEPLOY_CONFLICT records nothing)', async () => {
    const url = await freshDatabase();
    const store = await opened(url);
    expect(await store.readState()).toEqual({ project: null, active: null, canary: null });
    const v1 = await store.createAndActivate(newVersion('a'), null);
    expect(v1).toMatchObject({ id: 'v1', number: 1, project: 'shop', createdBy: 'ci' });
    const v2 = await store.createAndActivate(newVersion('b'), 'v1');
    expect((await store.readState()).active).toBe('v2');

    const conflict = await failure(store.createAndActivate(newVersion('c'), 'v1'));
    expect(conflict.code).toBe('DEPLOY_CONFLICT');
    expect(conflict.message).toMatch(/v2.*v1/);
    expect((await failure(store.createAndActivate(newVersion('d', 'other'), 'v2'))).code).toBe('PROJECT_MISMATCH');
    expect((await store.listVersions()).map((version) => version.id)).toEqual(['v2', 'v1']);

    // Another replica reads the same versions, by id, number or hash prefix.
    const other = await opened(url);
    expect(await other.getVersion('v1')).toEqual(v1);
    expect(await other.getVersion('2')).toEqual(v2);
    expect((await other.getVersion(v2.hash.slice(0, 8))).id).toBe('v2');
    expect((await failure(other.getVersion('v9'))).code).toBe('VERSION_NOT_FOUND');

    await other.compareAndSetActive('v2', 'v1');
    expect((await store.readState()).active).toBe('v1');
    expect((await failure(store.compareAndSetActive('v2', 'v1'))).code).toBe('DEPLOY_CONFLICT');
  });

  it('keeps bundles by sha256 (a wrong hash stores nothing) and hands another replica a local copy', async () => {
    const url = await freshDatabase();
    const store = await opened(url);
    const bytes = Buffer.from('export const hello = () => "hi";');
    const sha = sha256(bytes);
    expect(await store.missingBlobs([sha, sha])).toEqual([sha]);
    expect((await failure(store.putBlob(sha256('other'), bytes))).code).toBe('BUNDLE_HASH_MISMATCH');
    expect(await store.missingBlobs([sha])).toEqual([sha]);
    expect(await store.putBlob(sha, bytes)).toEqual({ sha256: sha, bytes: bytes.length, created: true });
    expect((await store.putBlob(sha, bytes)).created).toBe(false);
    expect(await store.missingBlobs([sha])).toEqual([]);
    expect((await failure(store.missingBlobs(['../etc/passwd']))).code).toBe('INVALID_SHA256');

    const replica = await opened(url);
    const file = await replica.blobFile(sha);
    expect(file.startsWith(replica.localDir)).toBe(true);
    expect(readFileSync(file)).toEqual(bytes);
    expect((await failure(replica.blobFile(sha256('never uploaded')))).code).toBe('BUNDLE_MISSING');
  });

  it('keeps tokens as sha256 hashes only, verifies them on every replica, and a revoke reaches a listening replica', async () => {
    const url = await freshDatabase();
    const cli = await opened(url);
    const replica = await opened(url);
    replica.startListening();
    await waitUntil(() => replica.status().state === 'available', 'the listener');

    const token = await cli.createToken('ci');
    expect(token).toMatch(/^neosl_[A-Za-z0-9_-]{43}$/);
    const rows = await queryRows<{ name: string; sha256: string }>(url, 'SELECT name, sha256 FROM neosl_tokens');
    expect(rows).toEqual([{ name: 'ci', sha256: createHash('sha256').update(token).digest('hex') }]);
    expect(await everyRow(url)).not.toContain(token.slice('neosl_'.length));
    expect((await failure(cli.createToken('ci'))).code).toBe('TOKEN_EXISTS');
    expect((await failure(cli.createToken('no spaces'))).code).toBe('INVALID_TOKEN_NAME');

    await waitUntil(() => replica.verifyToken(token) === 'ci', 'the replica to accept the new token');
    expect(replica.verifyToken(`${token}x`)).toBeUndefined();
    // Its use is recorded (at most once a minute), never its hash.
    await waitUntil(async () => (await cli.listTokens())[0]?.lastUsedAt !== undefined, 'lastUsedAt');
    expect(await cli.listTokens()).toEqual([{ name: 'ci', createdAt: expect.any(String), lastUsedAt: expect.any(String) }]);

    await cli.revokeToken('ci');
    await waitUntil(() => replica.verifyToken(token) === undefined, 'the replica to refuse the revoked token');
    const missing = await failure(cli.revokeToken('ci'));
    expect(missing.code).toBe('TOKEN_NOT_FOUND');
  });

  it('seals secrets with the key from the environment: no plaintext and no key in any table; another key is refused', async () => {
    const url = await freshDatabase();
    const key = randomBytes(32);
    const store = await opened(url, key);
    const value = `sk-live-${randomBytes(8).toString('hex')}`;
    expect(await store.setSecret('API_KEY', value)).toMatchObject({ name: 'API_KEY', created: true });
    expect((await store.setSecret('API_KEY', `${value}-2`)).created).toBe(false);
    await store.setSecret('_db', 'postgres://u:p@h/db');
    expect(await store.listSecrets()).toEqual([
      { name: 'API_KEY', updatedAt: expect.any(String) },
      { name: '_db', updatedAt: expect.any(String) },
    ]);

    const rows = await everyRow(url);
    for (const plain of [value, `${value}-2`, 'postgres://u:p@h/db', key.toString('hex'), key.toString('base64')]) expect(rows).not.toContain(plain);

    const replica = await opened(url, Buffer.from(key));
    expect(await replica.secretValues()).toEqual({ API_KEY: `${value}-2`, _db: 'postgres://u:p@h/db' });
    expect(await replica.removeSecret('_db')).toEqual({ name: '_db' });
    expect((await failure(replica.removeSecret('_db'))).code).toBe('SECRET_NOT_FOUND');

    const wrong = await failure(opened(url, randomBytes(32)));
    expect(wrong.code).toBe('SECRET_KEY_MISMATCH');
    const keyless = await opened(url);
    expect((await failure(keyless.secretValues())).code).toBe('SECRET_KEY_MISSING');
    expect((await failure(keyless.setSecret('OTHER', 'x'))).code).toBe('SECRET_KEY_MISSING');
    expect(await keyless.listSecrets()).toHaveLength(1);
  });

  it('applies the schema once when replicas start together, and refuses a schema from a newer neosl naming both versions', async () => {
    const url = await freshDatabase();
    const together = Array.from({ length: 4 }, () => storeOn(url));
    await Promise.all(together.map((store) => store.open()));
    const applied = await queryRows<{ version: number }>(url, 'SELECT version FROM neosl_migrations ORDER BY version');
    expect(applied.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
    expect(await queryRows(url, 'SELECT id FROM neosl_state')).toHaveLength(1);

    await queryRows(url, "INSERT INTO neosl_migrations (version, applied_by) VALUES (99, 'a newer neosl')");
    const refused = await failure(opened(url));
    expect(refused.code).toBe('SCHEMA_TOO_NEW');
    expect(refused.message).toContain('version 99');
    expect(refused.message).toContain(`version ${SCHEMA_VERSION}`);
  });

  it('tells the other replicas what changed (NOTIFY) once a change commits', async () => {
    const url = await freshDatabase();
    const writer = await opened(url, randomBytes(32));
    const replica = storeOn(url);
    await replica.open();
    const heard: StoreChange[] = [];
    replica.onChange((change) => heard.push(change));
    replica.startListening();
    await waitUntil(() => heard.includes('resync'), 'the first resync');
    await writer.createAndActivate(newVersion('x'), null);
    await waitUntil(() => heard.includes('state'), 'a state change');
    await writer.setSecret('S', 'v');
    await waitUntil(() => heard.includes('secrets'), 'a secrets change');
    // A refused change commits nothing and tells nobody.
    const before = heard.length;
    await failure(writer.createAndActivate(newVersion('y'), null));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.slice(before)).toEqual([]);
  });

  it('PostgreSQL stopped: calls fail with STORE_UNAVAILABLE naming host:port (no password); started again: the same store answers and re-reads', async () => {
    const url = await freshDatabase();
    const withPassword = url.replace('postgres://neosl@', 'postgres://neosl:pa55word@');
    const store = await opened(withPassword);
    const heard: StoreChange[] = [];
    store.onChange((change) => heard.push(change));
    store.startListening();
    await waitUntil(() => heard.includes('resync'), 'the first resync');
    await store.createAndActivate({ ...newVersion('z'), functions: { hello: functionOf('hello', 'z') } }, null);

    await server.stop();
    try {
      const down = await failure(store.readState());
      expect(down.code).toBe('STORE_UNAVAILABLE');
      expect(down.message).toContain(`127.0.0.1:${server.port}`);
      expect(down.message).not.toContain('pa55word');
      expect((await failure(store.createAndActivate(newVersion('w'), 'v1'))).code).toBe('STORE_UNAVAILABLE');
      await waitUntil(() => store.status().state === 'unavailable', 'the status to say unavailable');
      expect(store.status().cause).not.toContain('pa55word');
    } finally {
      await server.start();
    }
    heard.length = 0;
    await waitUntil(() => heard.includes('resync'), 'a resync after the listener reconnected', 20_000);
    expect(store.status().state).toBe('available');
    expect((await store.readState()).active).toBe('v1');
    expect((await store.listVersions()).map((version) => version.id)).toEqual(['v1']);
  });
});
