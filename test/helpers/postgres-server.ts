// A throwaway real PostgreSQL for the tests: Debian's `postgresql` binaries (initdb, postgres), a
// fresh cluster in a temp folder on a free 127.0.0.1 port, trust auth for the user "neosl", fsync
// off. As root the server runs as the `postgres` user (spawn's uid/gid) (PostgreSQL refuses root). Tests that need it
// skip (with the reason in their name) when the binaries are missing; `.ci/run` installs them.
import { type ChildProcess, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnUntilReady, stopProcess } from './server-process.js';

function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

export const postgresBin = findPostgresBin();
export const realPostgresSkipReason = postgresBin ? '' : ' (skipped: PostgreSQL is not installed; apt-get install postgresql)';

export interface PostgresServer {
  port: number;
  /** postgres://neosl@127.0.0.1:PORT/DB for a database of this server (default "postgres"). */
  url(database?: string): string;
  /** Creates a database named `name` (dropping one of that name first) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: connections are cut). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (after stop). */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** As root: the `postgres` user's ids, which PostgreSQL's binaries run as (they refuse root). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!asRoot) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) throw new Error('running as root, and there is no "postgres" user to run PostgreSQL as');
  return { uid, gid };
}

/** The signal for PostgreSQL's fast shutdown (open connections are cut, no waiting for them). */
const FAST_SHUTDOWN = 'SIGINT';

function launch(bin: string, dataDir: string, port: number): Promise<ChildProcess> {
  const args = [
    '-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ];
  return spawnUntilReady(join(bin, 'postgres'), args, { ...postgresUser() }, { name: 'postgres', port, text: 'ready to accept connections', timeoutMs: 20_000 });
}

/** Starts a fresh PostgreSQL; call destroy() when done (e.g. in afterAll). */
export async function startPostgresServer(): Promise<PostgresServer> {
  if (!postgresBin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const bin = postgresBin;
  const dataDir = mkdtempSync(join(tmpdir(), 'neosl-pg-'));
  const user = postgresUser();
  if (user) chownSync(dataDir, user.uid, user.gid);
  const result = spawnSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'neosl', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { encoding: 'utf8', cwd: dataDir, ...user });
  if (result.status !== 0) throw new Error(`initdb failed (${result.status}):\n${result.stdout}${result.stderr}`);
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(bin, dataDir, port);
  const url = (database = 'postgres') => `postgres://neosl@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (child) await stopProcess(child, FAST_SHUTDOWN);
      child = undefined;
    },
    async start() {
      if (!child) child = await launch(bin, dataDir, port);
    },
    async destroy() {
      if (child) await stopProcess(child, FAST_SHUTDOWN);
      child = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
