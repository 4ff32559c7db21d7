// `neosl invoke` spawned as a user runs it, on a fixture project whose functions misbehave.
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';

const fixture = fileURLToPath(new URL('../fixtures/invoke-project', import.meta.url));
let project: string;

beforeAll(() => {
  project = join(makeTempDir(), 'app');
  cpSync(fixture, project, { recursive: true });
});
afterAll(removeTempDirs);

const invoke = (args: string[], input?: string) => spawnNeosl(['invoke', ...args], { cwd: project, input });

describe('neosl invoke', () => {
  it('prints the result, logs on stderr, and exit 0', async () => {
    const result = await invoke(['hello', '--data', '{"name":"neo"}']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ message: 'Hi, neo!' });
    expect(result.stderr).toMatch(/INFO\s+greeting \{"name":"neo"\}/);
    expect(result.stderr).toMatch(/hello returned in [\d.]+ ms \(cold start/);
  });

  it('reads the input from stdin and from a file, and prints { result, durationMs, coldStart, logs } with --json', async () => {
    const piped = await invoke(['hello', '--json'], '{"name":"pipe"}');
    expect(piped.exitCode, piped.stderr).toBe(0);
    const document = JSON.parse(piped.stdout) as { result: unknown; durationMs: number; coldStart: boolean; logs: { message: string; fields: unknown }[] };
    expect(document.result).toEqual({ message: 'Hi, pipe!' });
    expect(document.durationMs).toBeGreaterThanOrEqual(0);
    expect(document.coldStart).toBe(true);
    expect(document.logs).toMatchObject([{ message: 'greeting', fields: { name: 'pipe' } }]);

    writeFileSync(join(project, 'input.json'), '{"name":"file"}');
    const fromFile = await invoke(['hello', '--data-file', 'input.json']);
    expect(JSON.parse(fromFile.stdout)).toEqual({ message: 'Hi, file!' });
  });

  it('keeps state under .neosl/state between runs', async () => {
    const first = await invoke(['database']);
    const second = await invoke(['database']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(second.stdout).runs).toBe(JSON.parse(first.stdout).runs + 1);
    expect(existsSync(join(project, '.neosl', 'state', 'db.sqlite'))).toBe(true);
  });

  it('exits 1 with the message, the TypeScript line in a code frame and the mapped stack when the function throws', async () => {
    const result = await invoke(['throws', '--data', '{}']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('throws failed');
    expect(result.stderr).toContain('amount must be a number');
    expect(result.stderr).toContain('functions/throws.ts:5:11');
    expect(result.stderr).toContain("throw new RangeError('amount must be a number');");
    expect(result.stderr).toMatch(/at check \(.*functions\/throws\.ts:5:11\)/);
    // neosl's own frames and Node's internals are not the user's business.
    expect(result.stderr).not.toMatch(/runtime\/worker|node:internal/);
  });

  it('reports a thrown non-Error with its value', async () => {
    const result = await invoke(['throwsString', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toContain('plain string failure');
  });

  it('fails a function that never resolves at its timeout', async () => {
    const result = await invoke(['neverResolves', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'TIMEOUT', statusCode: 504 });
  });

  it('terminates a function that blocks the event loop at its timeout', async () => {
    const started = Date.now();
    const result = await invoke(['busyLoop', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'TIMEOUT', statusCode: 504 });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops a function that allocates without bound at its memory limit', async () => {
    const result = await invoke(['hog', '--json']);
    expect(result.exitCode).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; statusCode: number; message: string } };
    expect(error).toMatchObject({ code: 'OUT_OF_MEMORY', statusCode: 502 });
    expect(error.message).toContain('32 MB');
  });

  it('refuses a result that cannot be sent as JSON, naming where', async () => {
    const result = await invoke(['returnsFunction', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toMatch(/cannot be sent as JSON.*callback/);
  });

  it('says when the handler export is not a function', async () => {
    const result = await invoke(['notAFunction']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/notAFunction/);
    expect(result.stderr).toMatch(/not a function/);
  });

  it('rejects input that is not JSON with exit 2', async () => {
    const result = await invoke(['hello', '--data', '{name: neo}']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('the input from --data is not JSON');
    const piped = await invoke(['hello'], 'not json');
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toContain('the input from stdin is not JSON');
  });

  it('suggests the nearest function for an unknown name', async () => {
    const result = await invoke(['helo']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('did you mean "hello"?');
  });

  it('names a handler file that does not exist, with its neosl.yaml line', async () => {
    const broken = join(makeTempDir(), 'broken');
    cpSync(fixture, broken, { recursive: true });
    writeFileSync(join(broken, 'neosl.yaml'), 'name: broken\nfunctions:\n  ghost:\n    handler: functions/ghost.ts\n');
    const result = await spawnNeosl(['invoke', 'ghost'], { cwd: broken });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('neosl.yaml:4');
    expect(result.stderr).toContain('functions/ghost.ts');
  });
});
