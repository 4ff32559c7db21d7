import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';

afterAll(removeTempDirs);

describe('neosl new', () => {
  let project: string;

  beforeAll(async () => {
    project = join(makeTempDir(), 'app');
    const result = await spawnNeosl(['init', project, '--no-install']);
    expect(result.exitCode).toBe(0);
    // A comment the user wrote must survive the edit.
    writeFileSync(join(project, 'neosl.yaml'), `# my own notes\n${readFileSync(join(project, 'neosl.yaml'), 'utf8')}`);
  });

  it('adds the function file, its test and its neosl.yaml entry, from a nested folder', async () => {
    const nested = join(project, 'functions', 'hello');
    const result = await spawnNeosl(['new', 'getBalance', '--template', 'blockchain'], { cwd: nested });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(project, 'functions/getBalance/index.ts'), 'utf8')).toMatch(/export const getBalance\b/);
    expect(existsSync(join(project, 'functions/getBalance/index.test.ts'))).toBe(true);
    const text = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    expect(text).toContain('# my own notes');
    const config = parse(text) as { functions: Record<string, { handler: string }> };
    expect(Object.keys(config.functions)).toEqual(['hello', 'getBalance']);
    expect(config.functions.getBalance!.handler).toBe('functions/getBalance/index.ts');
  });

  it('refuses a name that exists and changes nothing', async () => {
    const before = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    const result = await spawnNeosl(['new', 'hello'], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('function "hello" already exists');
    expect(readFileSync(join(project, 'neosl.yaml'), 'utf8')).toBe(before);
  });

  it('refuses to overwrite a folder that is in the way', async () => {
    mkdirSync(join(project, 'functions', 'stray'), { recursive: true });
    writeFileSync(join(project, 'functions', 'stray', 'index.ts'), '// mine');
    const result = await spawnNeosl(['new', 'stray'], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(readFileSync(join(project, 'functions', 'stray', 'index.ts'), 'utf8')).toBe('// mine');
  });

  it('says there is no project outside one', async () => {
    const empty = makeTempDir();
    const result = await spawnNeosl(['new', 'x'], { cwd: empty });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('neosl.yaml');
    expect(result.stderr).toContain('neosl init');
    expect(existsSync(join(empty, 'functions'))).toBe(false);
  });
});
