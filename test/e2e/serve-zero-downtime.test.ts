// Zero failed requests during deploys: autocannon and a checker loop call a function on `neosl serve`
// while five deploys and a rollback go through; every answer is 2xx and from one whole version (its
// code and its configuration agree), every version goes live, and none is served once it is replaced.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { neoslBin, repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/zero-downtime-project', import.meta.url));
const started = new Set<ChildProcess>();

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  removeTempDirs();
});

/** The function's code and its neosl.yaml environment, both set to `tag`. */
function writeVersion(project: string, tag: string): void {
  const rewrite = (file: string, pattern: RegExp, replacement: string) => {
    const text = readFileSync(file, 'utf8');
    if (!pattern.test(text)) throw new Error(`${file} has no ${pattern}`);
    writeFileSync(file, text.replace(pattern, replacement));
  };
  rewrite(join(project, 'functions', 'answer', 'index.ts'), /const CODE = '[^']*';/, `const CODE = '${tag}';`);
  rewrite(join(project, 'neosl.yaml'), /VERSION_TAG: \S+/, `VERSION_TAG: ${tag}`);
}

/** `neosl serve` on `store`, its output in a file (a pipe would make this process read every request line). */
async function startServe(dir: string, store: string, env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const logFile = join(dir, 'serve.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [neoslBin, 'serve', '--store', store, '--port', '0'], { cwd: dir, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  started.add(child);
  const log = () => readFileSync(logFile, 'utf8');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /Ready on (http:\/\/\S+)/.exec(log());
    if (match) return { url: match[1]!.replace(/\/$/, ''), child, log };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`neosl serve did not become ready (exit ${child.exitCode}):\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** autocannon (programmatic API) in its own process: every body checked, the versions tallied; stops when its stdin gets a line. */
const loadScript = `
const autocannon = require('autocannon');
const [url, connections] = process.argv.slice(1);
const versions = {};
const badBodies = [];
let answered = false;
const instance = autocannon({
  url, method: 'POST', body: '{}', headers: { 'content-type': 'application/json' },
  connections: Number(connections), duration: 600, timeout: 10,
  verifyBody(body) {
    let whole = false;
    try {
      const value = JSON.parse(body);
      whole = typeof value.code === 'string' && value.code === value.env;
      if (whole) versions[value.code] = (versions[value.code] || 0) + 1;
    } catch {}
    if (!whole && badBodies.length < 10) badBodies.push(body);
    return whole;
  },
}, (error, result) => {
  if (error) throw error;
  const { errors, timeouts, non2xx, mismatches, resets, statusCodeStats } = result;
  process.stdout.write(JSON.stringify({ errors, timeouts, non2xx, mismatches, resets, total: result.requests.total, statusCodeStats, versions, badBodies }) + '\\n');
});
instance.on('response', () => { if (!answered) { answered = true; process.stdout.write('answering\\n'); } });
process.stdin.once('data', () => instance.stop());
process.stdin.once('end', () => instance.stop());
`;

interface LoadReport {
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  resets: number;
  /** Responses received. */
  total: number;
  statusCodeStats: Record<string, { count: number }>;
  versions: Record<string, number>;
  badBodies: string[];
}

async function startLoad(url: string, connections: number): Promise<{ stop(): Promise<LoadReport> }> {
  const child = spawn(process.execPath, ['-e', loadScript, url, String(connections)], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 10_000;
  while (!stdout.includes('answering\n')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`autocannon got no answer (exit ${child.exitCode}):\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    async stop() {
      child.stdin!.end('stop\n');
      const code = await exited;
      const report = stdout.split('\n').find((line) => line.startsWith('{'));
      if (code !== 0 || report === undefined) throw new Error(`autocannon exited with ${code}:\n${stdout}\n${stderr}`);
      return JSON.parse(report) as LoadReport;
    },
  };
}

interface Observed {
  /** performance.now() when the request was sent. */
  sentAt: number;
  status: number | 'error';
  body: string;
}

/** `workers` sequential callers on keep-alive connections, recording the status and body of every response. */
function startChecker(url: string, workers: number): { observed: Observed[]; stop(): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const observed: Observed[] = [];
  let running = true;
  const call = () =>
    new Promise<Observed>((resolve) => {
      const sentAt = performance.now();
      const req = request(`${url}/functions/answer`, { method: 'POST', agent, headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ sentAt, status: res.statusCode ?? 0, body }));
        res.on('error', (error) => resolve({ sentAt, status: 'error', body: String(error) }));
      });
      req.on('timeout', () => req.destroy(new Error('timed out after 10 s')));
      req.on('error', (error) => resolve({ sentAt, status: 'error', body: String(error) }));
      req.end('{}');
    });
  const loops = Array.from({ length: workers }, async () => {
    while (running) observed.push(await call());
  });
  return {
    observed,
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

/** The version a body comes from, when its code and its configuration agree. */
function wholeVersion(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { code?: unknown; env?: unknown };
    return typeof value.code === 'string' && value.code === value.env ? value.code : undefined;
  } catch {
    return undefined;
  }
}

describe('neosl serve: zero failed requests during deploys', () => {
  it('under load, five deploys and a rollback: every response 2xx from a whole version, each version live once deployed', async () => {
    const dir = makeTempDir('neosl-zero-downtime-');
    const project = join(dir, 'app');
    cpSync(fixture, project, { recursive: true });
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NEOSL_CONFIG_DIR: join(dir, 'config'), NEOSL_TOKEN: undefined };

    const created = await spawnNeosl(['serve', 'token', 'create', 'ci', '--store', join(dir, 'store')], { cwd: dir, env });
    expect(created.exitCode, created.stderr).toBe(0);
    const serve = await startServe(dir, join(dir, 'store'), env);
    const cliEnv = { ...env, NEOSL_TOKEN: created.stdout.trim() };
    const neosl = (args: string[]) => spawnNeosl([...args, '--target', serve.url], { cwd: project, env: cliEnv });

    // Each step's command, the version it makes active, and when it exited (what a user sees: "Version: vN").
    const steps: { command: string; tag: string; exitedAt: number }[] = [];
    const deploy = async (tag: string) => {
      writeVersion(project, tag);
      const result = await neosl(['deploy', '--message', tag]);
      steps.push({ command: `deploy ${tag}`, tag, exitedAt: performance.now() });
      expect(result.exitCode, `deploy ${tag}:\n${result.stderr}`).toBe(0);
      expect(result.stdout.trim().split('\n').at(-1)).toBe(`Version: ${tag}`);
    };

    await deploy('v1');
    const load = await startLoad(`${serve.url}/functions/answer`, 20);
    const checker = startChecker(serve.url, 4);
    let report: LoadReport;
    try {
      for (const tag of ['v2', 'v3', 'v4', 'v5', 'v6']) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await deploy(tag);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const rollback = await neosl(['rollback', '--yes']);
      steps.push({ command: 'rollback', tag: 'v5', exitedAt: performance.now() });
      expect(rollback.exitCode, `rollback:\n${rollback.stderr}`).toBe(0);
      expect(rollback.stdout).toContain('Rolled back zero-downtime: v5 is active (was v6).');
      expect(rollback.stdout.trim().split('\n').at(-1)).toBe('Version: v5');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await checker.stop();
      report = await load.stop();
    }

    // autocannon: not one failed request, not one body from a half-switched version, every version answered.
    expect({ errors: report.errors, timeouts: report.timeouts, non2xx: report.non2xx, mismatches: report.mismatches, badBodies: report.badBodies }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      mismatches: 0,
      badBodies: [],
    });
    expect(Object.keys(report.statusCodeStats)).toEqual(['200']);
    expect(Object.keys(report.versions).sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    expect(report.total).toBeGreaterThan(500);
    expect(Object.values(report.versions).reduce((sum, count) => sum + count, 0)).toBe(report.total);

    // The checker: every response 200 and whole; once a step has exited, no request sent after it
    // is answered by a version it replaced.
    const { observed } = checker;
    expect(observed.length).toBeGreaterThan(100);
    const failed = observed.filter((entry) => entry.status !== 200 || wholeVersion(entry.body) === undefined);
    expect(failed.slice(0, 5), `${failed.length} of ${observed.length} checker responses failed or were not whole`).toEqual([]);
    const stale = observed.filter((entry) => {
      const after = steps.findLastIndex((step) => step.exitedAt < entry.sentAt);
      const allowed = new Set(steps.slice(after).map((step) => step.tag));
      return !allowed.has(wholeVersion(entry.body)!);
    });
    expect(
      stale.slice(0, 5).map((entry) => ({ body: entry.body, sentAfter: steps.findLast((step) => step.exitedAt < entry.sentAt)?.command })),
      `${stale.length} responses came from a version already replaced when the request was sent`,
    ).toEqual([]);
    expect(new Set(observed.map((entry) => wholeVersion(entry.body)))).toEqual(new Set(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']));

    // After the rollback, v5 answers; the host says so too.
    const final = await fetch(`${serve.url}/functions/answer`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect([final.status, await final.json()]).toEqual([200, { code: 'v5', env: 'v5' }]);
    const versions = await neosl(['versions', '--json']);
    expect(versions.exitCode, versions.stderr).toBe(0);
    expect((JSON.parse(versions.stdout) as { active: string }).active).toBe('v5');

    const exited = new Promise((resolve) => serve.child.once('exit', resolve));
    serve.child.kill('SIGTERM');
    expect(await exited, serve.log()).toBe(0);
  }, 150_000);
});
