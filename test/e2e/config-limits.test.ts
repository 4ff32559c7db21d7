// neosl.yaml limits end to end: a schedule trigger's retry under `neosl dev`, and `permissions`
// enforced by `neosl dev` and `neosl invoke` alike.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { errorOf, killDevProcesses, post, startDev, until, type Dev } from '../helpers/dev-process.js';

const FILES: Record<string, string> = {
  'neosl.yaml': [
    'name: limits-fixture',
    'functions:',
    '  flaky:',
    '    handler: functions/flaky.ts',
    '    triggers:',
    '      - schedule: { cron: "* * * * * *", retry: { attempts: 2, initialDelay: 100ms }, concurrency: 1 }',
    '  hopeless:',
    '    handler: functions/hopeless.ts',
    '    retry: { attempts: 1, initialDelay: 50ms }',
    '    triggers:',
    '      - schedule: "*/1 * * * * *"',
    '  secretive:',
    '    handler: functions/secretive.ts',
    '  trusted:',
    '    handler: functions/secretive.ts',
    '    permissions: [secrets:read]',
    '',
  ].join('\n'),
  '.env': 'API_KEY=from-dotenv\n',
  // Fails its first two runs, then succeeds: one scheduled run with two retries.
  'functions/flaky.ts': `let runs = 0;
export async function flaky(event: unknown, context: any) {
  runs++;
  context.logger.info('flaky run', { runs });
  if (runs <= 2) throw new Error('flaky failure ' + runs);
}
`,
  'functions/hopeless.ts': `export async function hopeless() {
  throw new Error('always broken');
}
`,
  'functions/secretive.ts': `export default async function (input: unknown, context: any) {
  return { key: await context.secrets.get('API_KEY') };
}
`,
};

let project: string;

beforeAll(() => {
  project = join(makeTempDir('neosl-limits-'), 'app');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), content);
  }
});
afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

describe('neosl dev', () => {
  let dev: Dev;
  beforeAll(async () => {
    dev = await startDev(project);
  });

  it('retries a failed scheduled run with its backoff, each attempt shown as a request', async () => {
    await until(() => (/SCHEDULE \* \* \* \* \* \* \(attempt 3\) 200/.test(dev.stderr()) ? true : undefined), 'the third attempt to succeed', 8000);
    // Each run names its function: flaky's, not hopeless's.
    const flaky = dev.stderr().split('\n').filter((line) => line.includes('[flaky] SCHEDULE') || line.includes('flaky run'));
    expect(flaky.slice(0, 6).map((line) => line.replace(/^\S+ /, '').replace(/ [\d.]+ ms.*$/, '').replace(/ \{.*$/, ''))).toEqual([
      '[flaky] INFO  flaky run',
      '[flaky] SCHEDULE * * * * * * 500',
      '[flaky] INFO  flaky run',
      '[flaky] SCHEDULE * * * * * * (attempt 2) 500',
      '[flaky] INFO  flaky run',
      '[flaky] SCHEDULE * * * * * * (attempt 3) 200',
    ]);
    expect(flaky[1]).toContain('FUNCTION_ERROR');
    expect(dev.stderr()).not.toMatch(/flaky: SCHEDULE .* failed after/);
  });

  it('reports a run that failed every attempt as an error', async () => {
    await until(() => (/hopeless: SCHEDULE \*\/1 \* \* \* \* \* failed after 2 attempts: always broken/.test(dev.stderr()) ? true : undefined), 'the give-up error', 8000);
    expect(dev.stderr()).toMatch(/SCHEDULE \*\/1 \* \* \* \* \* \(attempt 2\) 500/);
    expect(dev.stderr()).not.toMatch(/SCHEDULE \*\/1 \* \* \* \* \* \(attempt 3\)/);
  });

  it('answers 500 PERMISSION_DENIED to a function reading a secret it does not declare', async () => {
    const denied = await post(`${dev.url}/functions/secretive`, {});
    expect(denied.status).toBe(500);
    const error = await errorOf(denied);
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain('add "secrets:read" to functions.secretive.permissions in neosl.yaml');
    const allowed = await post(`${dev.url}/functions/trusted`, {});
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ key: 'from-dotenv' });
  });
});

describe('neosl invoke', () => {
  it('enforces permissions the same way: exit 1 with the fix', async () => {
    const denied = await spawnNeosl(['invoke', 'secretive'], { cwd: project });
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain('context.secrets.get("API_KEY") needs the "secrets:read" permission');
    expect(denied.stderr).toContain('add "secrets:read" to functions.secretive.permissions in neosl.yaml');
    const allowed = await spawnNeosl(['invoke', 'trusted'], { cwd: project });
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual({ key: 'from-dotenv' });
  });
});
