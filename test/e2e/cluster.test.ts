// The cluster recipe (examples/cluster/) end to end: start-cluster.sh brings up PostgreSQL, Redis,
// three `neosl serve` replicas on the one store and nginx in front, all on 127.0.0.1. Then, as an
// operator would see it: a deploy to one replica is served by all within 2 s; kill -9 of a replica
// under load through nginx costs at most the requests it held; a schedule every 3 s runs once per
// tick across the replicas, and when the leader is killed mid-run another takes over within
// seconds, that tick is reported missed (never run twice) and the next ones run once each.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { postgresBin } from '../helpers/postgres-server.js';
import { neoslBin, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const recipe = fileURLToPath(new URL('../../examples/cluster/', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/cluster-project', import.meta.url));

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`]).status === 0;
const missing = [...(onPath('nginx') ? [] : ['nginx']), ...(onPath('redis-server') ? [] : ['redis-server']), ...(postgresBin ? [] : ['postgresql']), ...(onPath('curl') ? [] : ['curl'])];
const skipReason = missing.length === 0 ? '' : ` (skipped: ${missing.join(', ')} not installed; apt-get install ${missing.join(' ')})`;
const suite = skipReason === '' ? describe : describe.skip;

const TICK_MS = 3000;

let state: string;
let project: string;
let ports: number[];
let httpPort: number;
let redisPort: number;
let postgresPort: number;
let env: NodeJS.ProcessEnv;
let redis: Redis;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function runScript(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(recipe, script), args, { env: { ...process.env, NEOSL_BIN: neoslBin }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function startCluster(): Promise<void> {
  const started = await runScript('start-cluster.sh', ['--state', state, '--ports', ports.join(','), '--http-port', String(httpPort), '--redis-port', String(redisPort), '--postgres-port', String(postgresPort)]);
  if (started.code !== 0) throw new Error(`start-cluster.sh exited with ${started.code}:\n${started.output}\n${replicaLogs()}`);
}

const replicaLogs = () =>
  existsSync(state)
    ? readdirSync(state)
        .filter((file) => /^replica-\d+\.log$/.test(file))
        .map((file) => `--- ${file}\n${readFileSync(join(state, file), 'utf8').slice(-3000)}`)
        .join('\n')
    : '';

const replicaPid = (port: number) => Number(readFileSync(join(state, `replica-${port}.pid`), 'utf8').trim());

interface Health {
  cluster?: { replica: string; leader: boolean; leaderSince?: string };
}

async function health(port: number): Promise<Health | undefined> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/_neosl/health`);
    return answer.ok ? ((await answer.json()) as Health) : undefined;
  } catch {
    return undefined;
  }
}

async function leaderPort(among: readonly number[]): Promise<number | undefined> {
  for (const port of among) if ((await health(port))?.cluster?.leader === true) return port;
  return undefined;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${replicaLogs()}`);
    await sleep(50);
  }
}

async function hello(port: number): Promise<{ status: number; v?: number }> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/hello`);
    const body = (await answer.json().catch(() => ({}))) as { v?: number };
    return { status: answer.status, ...(body.v !== undefined ? { v: body.v } : {}) };
  } catch {
    return { status: 0 };
  }
}

function deploy(port: number) {
  return spawnNeosl(['deploy', '--target', `http://127.0.0.1:${port}`], { cwd: project, env });
}

beforeAll(async () => {
  if (skipReason !== '') return;
  state = makeTempDir('neosl-cluster-');
  // PostgreSQL (as "postgres" when the tests run as root) and nginx's workers reach into it.
  chmodSync(state, 0o755);
  ports = [await freePort(), await freePort(), await freePort()];
  httpPort = await freePort();
  redisPort = await freePort();
  postgresPort = await freePort();
  await startCluster();
  redis = new Redis(`redis://127.0.0.1:${redisPort}`, { lazyConnect: true });
  await redis.connect();
  project = join(makeTempDir('neosl-cluster-app-'), 'app');
  cpSync(fixture, project, { recursive: true });
  const configDir = join(state, 'cli-config');
  mkdirSync(configDir);
  env = { NEOSL_TOKEN: readFileSync(join(state, 'token'), 'utf8').trim(), NEOSL_CONFIG_DIR: configDir };
}, 180_000);

afterAll(async () => {
  redis?.disconnect();
  if (state !== undefined) {
    const stopped = await runScript('stop-cluster.sh', ['--state', state]);
    if (stopped.code !== 0) console.error(`stop-cluster.sh exited with ${stopped.code}:\n${stopped.output}`);
  }
  removeTempDirs();
}, 60_000);

suite(`cluster recipe: three replicas behind nginx on one PostgreSQL and one Redis${skipReason}`, () => {
  it('a deploy to one replica is served by every replica within seconds (target 2 s, printed)', async () => {
    const first = await deploy(ports[0]!);
    expect(first.exitCode, first.stderr).toBe(0);
    for (const port of ports) await until(async () => (await hello(port)).v === 1 || undefined, `v1 on replica ${port}`);
    expect(await hello(httpPort)).toEqual({ status: 200, v: 1 });

    writeFileSync(join(project, 'functions/hello/index.ts'), "export const hello = () => ({ statusCode: 200, body: { v: 2 } });\n");
    const second = await deploy(ports[1]!);
    expect(second.exitCode, second.stderr).toBe(0);
    const deployed = Date.now();
    const servedAfter = await Promise.all(ports.map(async (port) => (await until(async () => (await hello(port)).v === 2 || undefined, `v2 on replica ${port}`), Date.now() - deployed)));
    console.info(`cluster e2e: ms from deploy's exit until each replica served v2: ${servedAfter.join(', ')}`);
    // The target is 2 s (measured here: ~0.3-0.6 s, printed above). The bound asserted is loose
    // because this machine's 2 shared cores stall processes for seconds; a replica that missed the
    // NOTIFY would never switch (there is no periodic re-read), which this still catches.
    expect(Math.max(...servedAfter), `ms until each replica served v2: ${servedAfter.join(', ')}`).toBeLessThan(10_000);
  }, 120_000);

  it('kill -9 of a replica under load through nginx: the others keep serving, only requests it held may fail', async () => {
    // A follower (the leader is killed by the schedule test below).
    const leader = await until(() => leaderPort(ports), 'a leader');
    const victim = ports.find((port) => port !== leader)!;
    const statuses = new Map<number, number>();
    let afterKill = 0;
    let killed = false;
    const stopAt = Date.now() + 6000;
    const CONNECTIONS = 8;
    const load = Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < stopAt) {
        const { status } = await hello(httpPort);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (killed && status === 200) afterKill++;
      }
    });
    await sleep(2000);
    process.kill(replicaPid(victim), 'SIGKILL');
    killed = true;
    await Promise.all(load);
    const failed = [...statuses].filter(([status]) => status !== 200).reduce((total, [, count]) => total + count, 0);
    console.info(`cluster e2e: kill -9 under load through nginx, answers by status (0 = no answer): ${JSON.stringify(Object.fromEntries(statuses))}, ${afterKill} answered after the kill`);
    expect(failed, `answers by status: ${JSON.stringify([...statuses])}`).toBeLessThanOrEqual(CONNECTIONS);
    expect(afterKill).toBeGreaterThan(20);
    expect(await hello(victim)).toEqual({ status: 0 });
    // start-cluster.sh again starts what is missing: the killed replica comes back on the store's active version.
    await startCluster();
    await until(async () => (await hello(victim)).v === 2 || undefined, `replica ${victim} back on v2`);
  }, 120_000);

  it('a schedule runs once per tick across the replicas; the leader killed mid-tick: taken over within seconds, that tick reported missed, none run twice', async () => {
    const leader = await until(() => leaderPort(ports), 'a leader');
    // Ticks run on the leader for a while.
    const firstTick = await until(async () => (await runs('start')).keys().next().value, 'a first tick');
    await sleep(3 * TICK_MS);
    // The leader mid-run: a tick started, not ended.
    const midTick = await until(async () => {
      const [started, ended] = [await runs('start'), await runs('end')];
      return [...started.keys()].find((tick) => !ended.has(tick) && tick > firstTick);
    }, 'a tick in progress');
    process.kill(replicaPid(leader), 'SIGKILL');
    const killedAt = Date.now();
    const survivors = ports.filter((port) => port !== leader);
    const newLeader = await until(() => leaderPort(survivors), 'a new leader', 20_000);
    const takeoverMs = Date.parse((await health(newLeader))!.cluster!.leaderSince!) - killedAt;
    await sleep(4 * TICK_MS);

    const [started, ended] = [await runs('start'), await runs('end')];
    const missed = missedTicks();
    const lastChecked = Date.now() - 2 * TICK_MS; // later ticks may still be running
    const report: string[] = [];
    for (let tick = Date.parse(firstTick); tick <= lastChecked; tick += TICK_MS) {
      const iso = new Date(tick).toISOString();
      const [s, e, m] = [started.get(iso) ?? 0, ended.get(iso) ?? 0, missed.filter((time) => time === iso).length];
      report.push(`${iso} started ${s} ended ${e} missed ${m}`);
    }
    const summary = `takeover ${takeoverMs} ms after the kill\n${report.join('\n')}`;
    console.info(`cluster e2e: ${summary}`);
    // Each tick: run once to its end, or (only the one the leader died in) started once and reported missed.
    for (const line of report) {
      const [, iso, s, e, m] = /^(\S+) started (\d+) ended (\d+) missed (\d+)$/.exec(line)!;
      if (iso === midTick) expect({ iso, s, e, m }, summary).toEqual({ iso, s: '1', e: '0', m: '1' });
      else if (m === '1') expect({ iso, s, e }, summary).toEqual({ iso, s: '0', e: '0' }); // fell in the takeover
      else expect({ iso, s, e, m }, summary).toEqual({ iso, s: '1', e: '1', m: '0' });
    }
    expect(report.filter((line) => line.endsWith('missed 1')).length, summary).toBeLessThanOrEqual(2);
    expect(takeoverMs, summary).toBeLessThan(10_000);
  }, 180_000);
});

/** Runs by tick (ISO time), from the keys the tick function writes in the shared Redis. */
async function runs(kind: 'start' | 'end'): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const key of (await redis.keys(`cluster-test:${kind}:*`)).sort()) {
    const tick = key.slice(`cluster-test:${kind}:`.length, key.lastIndexOf(':'));
    counts.set(tick, (counts.get(tick) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** The ticks the replicas reported missed (their logs: "tick: the schedule tick of <time> (…) was missed: …"). */
function missedTicks(): string[] {
  const times: string[] = [];
  for (const file of readdirSync(state).filter((name) => /^replica-\d+\.log$/.test(name))) {
    for (const match of readFileSync(join(state, file), 'utf8').matchAll(/tick: the schedule tick of (\S+) \([^)]*\) was missed/g)) times.push(match[1]!);
  }
  return times;
}
