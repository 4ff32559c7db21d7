// `neosl invoke` on a project with database.url: postgres://…: the function's context.database is
// the PostgreSQL engine (documents land in the server's tables), and a server that is down is an
// error naming host:port and the cause, never the password.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { errorOf, killDevProcesses, post, startDev } from '../helpers/dev-process.js';
import { type PostgresServer, realPostgresSkipReason, startPostgresServer } from '../helpers/postgres-server.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/postgres-project', import.meta.url));
let server: PostgresServer;

function project(url: string): string {
  const dir = join(makeTempDir(), 'app');
  cpSync(fixture, dir, { recursive: true });
  const config = join(dir, 'neosl.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('POSTGRES_URL', url));
  return dir;
}

describe.skipIf(realPostgresSkipReason !== '')(`neosl invoke on PostgreSQL${realPostgresSkipReason}`, () => {
  beforeAll(async () => {
    server = await startPostgresServer();
  }, 60_000);
  afterAll(async () => {
    killDevProcesses();
    await server?.destroy();
    removeTempDirs();
  });

  it('writes and reads documents through context.database, stored in the server', async () => {
    const url = await server.createDatabase('invoke_e2e');
    const dir = project(url);
    const first = await spawnNeosl(['invoke', 'notes', '--data', '{"author":"ann","text":"b"}'], { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ mine: ['b'], total: 1 });
    const second = await spawnNeosl(['invoke', 'notes', '--data', '{"author":"ann","text":"a"}'], { cwd: dir });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ mine: ['a', 'b'], total: 2 });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT doc->>'text' AS text FROM notes WHERE doc->>'author' = 'ann' ORDER BY 1`);
      expect(rows).toEqual([{ text: 'a' }, { text: 'b' }]);
      const indexes = await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'notes' ORDER BY 1`);
      expect(indexes.rows.map((row: { indexname: string }) => row.indexname)).toEqual(['notes_author_1', 'notes_pkey']);
    } finally {
      await client.end();
    }
  }, 120_000);

  it('reports a server that is down with host:port and the cause, without the password', async () => {
    const port = await freePort();
    const dir = project(`postgres://neosl:hunter2-secret@127.0.0.1:${port}/app`);
    const result = await spawnNeosl(['invoke', 'notes', '--data', '{"author":"ann","text":"x"}'], { cwd: dir });
    expect(result.exitCode).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain(`PostgreSQL at 127.0.0.1:${port} is unavailable: connect ECONNREFUSED`);
    expect(output).toContain('DatabaseError: createIndex("notes"): PostgreSQL at');
    expect(output).not.toContain('hunter2');
  }, 120_000);

  it('neosl dev: a function whose database is lost answers 503 with the cause, and recovers without a restart', async () => {
    const url = await server.createDatabase('dev_e2e');
    const dev = await startDev(project(url));
    const call = (text: string) => post(`${dev.url}/functions/notes`, { author: 'dev', text });
    const first = await call('one');
    expect(first.status, await first.clone().text()).toBe(200);
    await server.stop();
    try {
      const lost = await call('two');
      expect(lost.status).toBe(503);
      const error = await errorOf(lost);
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+ is unavailable: /);
    } finally {
      await server.start();
    }
    const back = await call('three');
    expect(back.status, await back.clone().text()).toBe(200);
    expect(((await back.json()) as { mine: string[] }).mine).toEqual(['one', 'three']);
  }, 120_000);
});
