// `neosl doctor` as a user runs it: a line per check with its fix, exit 1 when one fails, a JSON
// document with --json, and never a password from neosl.yaml or the environment.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { closedPort, closeFakeServices, fakeNeoNode } from '../cli/fake-services.js';

afterEach(closeFakeServices);
afterAll(removeTempDirs);

interface DoctorReport {
  ok: boolean;
  checks: { name: string; status: 'ok' | 'warn' | 'fail'; message: string; fix?: string }[];
}

describe('neosl doctor', () => {
  it('passes on a valid project: one ✔ or ▲ line per check, exit 0', async () => {
    const result = await spawnNeosl(['doctor'], { cwd: join(repoRoot, 'test/fixtures/invoke-project') });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => /^[✔▲✖] /.test(line));
    expect(lines.map((line) => line.split(/\s+/)[1])).toEqual(['node', 'npm', 'better-sqlite3', 'esbuild', 'neosl.yaml', 'dev', expect.any(String)].slice(0, lines.length));
    expect(lines.every((line) => !line.startsWith('✖'))).toBe(true);
    expect(result.stdout).toMatch(/^✔ neosl\.yaml\s+neosl\.yaml is valid: \d+ functions/m);
  });

  it('fails when a configured service is down or npm is missing, with fixes and no secrets (exit 1)', async () => {
    const node = await fakeNeoNode();
    const dir = makeTempDir();
    writeFileSync(
      join(dir, 'neosl.yaml'),
      `name: demo\nfunctions: {}\ndatabase:\n  url: postgres://app:pg-hunter2@127.0.0.1:${await closedPort()}/orders\n` +
        `blockchain:\n  rpcUrl: http://127.0.0.1:${node}/?apikey=rpc-hunter2\ndev:\n  port: 0\n`,
    );
    const env = { NEOSL_REDIS_URL: `redis://default:redis-hunter2@127.0.0.1:${await closedPort()}`, PATH: join(dir, 'no-npm-here') };

    const human = await spawnNeosl(['doctor'], { cwd: dir, env });
    expect(human.exitCode).toBe(1);
    expect(human.stdout).toMatch(/^✖ npm\s+npm is not on the PATH$/m);
    expect(human.stdout).toMatch(/^✖ redis\s+redis:\/\/\*\*\*@127\.0\.0\.1:\d+ \(NEOSL_REDIS_URL\): connection refused/m);
    expect(human.stdout).toMatch(/^✖ postgresql\s+postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\/orders: connection refused/m);
    expect(human.stdout).toMatch(/^✔ neo node\s+http:\/\/127\.0\.0\.1:\d+\?… answers: \/Neo:3\.7\.4\/, network 894710606$/m);
    expect(human.stdout).toMatch(/^\s+fix: start Redis \("redis-server"\), or correct NEOSL_REDIS_URL$/m);
    expect(human.stdout).toMatch(/3 checks failed/);

    const json = await spawnNeosl(['doctor', '--json'], { cwd: dir, env });
    expect(json.exitCode).toBe(1);
    const report = JSON.parse(json.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.name)).toEqual(['npm', 'redis', 'postgresql']);
    for (const check of report.checks) {
      expect(['ok', 'warn', 'fail']).toContain(check.status);
      if (check.status !== 'ok') expect(check.fix, check.name).toMatch(/\S/);
    }

    for (const output of [human.stdout, human.stderr, json.stdout, json.stderr]) expect(output).not.toMatch(/hunter2/);
  });
});
