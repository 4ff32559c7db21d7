// `neosl schema`: the JSON Schema on stdout or in a file, the same document either way.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { neoslJsonSchemaText } from '../../src/config/json-schema.js';
import { runNeosl } from '../helpers/run-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

describe('neosl schema', () => {
  it('prints the JSON Schema of neosl.yaml on stdout, with or without --json', async () => {
    const plain = await runNeosl(['schema']);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toBe(neoslJsonSchemaText());
    expect(JSON.parse(plain.stdout)).toMatchObject({ title: 'neosl.yaml', additionalProperties: false, required: ['name'] });
    expect(plain.stderr).toBe('');

    const json = await runNeosl(['schema', '--json']);
    expect(json.exitCode).toBe(0);
    expect(json.stdout).toBe(plain.stdout);
  });

  it('writes it to a file with --out, creating the folder, relative to --cwd', async () => {
    const dir = makeTempDir();
    const result = await runNeosl(['--cwd', dir, 'schema', '--out', '.vscode/neosl.schema.json']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('.vscode/neosl.schema.json');
    expect(readFileSync(join(dir, '.vscode/neosl.schema.json'), 'utf8')).toBe(neoslJsonSchemaText());

    const json = await runNeosl(['--cwd', dir, 'schema', '-o', 'schema.json', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ file: join(dir, 'schema.json') });
  });

  it('says which path it cannot write and what to do instead', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const result = await runNeosl(['--cwd', dir, 'schema', '--out', 'blocker/schema.json']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('cannot write the schema to blocker/schema.json');
    expect(result.stderr).toContain('pass --out a path in a folder you can write to');
    expect(result.stdout).toBe('');
  });
});
