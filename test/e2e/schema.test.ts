// The schema the package ships (schema/neosl.schema.json, written by the build) is what
// `neosl schema` prints, and a project made by `neosl init` points editors at it from its first line.
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { SCHEMA_FILE_IN_PACKAGE } from '../../src/config/schema-file.js';
import { repoRoot, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

const shippedFile = join(repoRoot, SCHEMA_FILE_IN_PACKAGE);

describe('the shipped JSON Schema', () => {
  it('is exactly what "neosl schema" prints, so it cannot go stale', async () => {
    const printed = await spawnNeosl(['schema']);
    expect(printed.exitCode).toBe(0);
    expect(readFileSync(shippedFile, 'utf8')).toBe(printed.stdout);
  });

  it('is in the package: listed in "files" and written by the build', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string> };
    expect(manifest.files).toContain(SCHEMA_FILE_IN_PACKAGE.split('/')[0]);
    expect(manifest.scripts.build).toContain('build:schema');
    expect(manifest.scripts['build:schema']).toContain(`schema --out ${SCHEMA_FILE_IN_PACKAGE}`);
  });

  it('is named on the first line of the neosl.yaml that "neosl init" writes, and validates it', async () => {
    const dir = join(makeTempDir(), 'app');
    const result = await spawnNeosl(['init', dir, '--template', 'blockchain', '--no-install']);
    expect(result.exitCode).toBe(0);
    const source = readFileSync(join(dir, 'neosl.yaml'), 'utf8');
    const firstLine = source.split('\n')[0]!;
    expect(firstLine).toBe('# yaml-language-server: $schema=./node_modules/neosl/schema/neosl.schema.json');

    // As installed: node_modules/neosl is this package; the modeline's path is relative to neosl.yaml.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules/neosl'), 'dir');
    const named = resolve(dir, firstLine.split('$schema=')[1]!);
    expect(existsSync(named)).toBe(true);
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(named, 'utf8')) as object);
    expect(validate(parse(source)), JSON.stringify(validate.errors)).toBe(true);

    // The loader reads the modeline as the comment it is.
    await expect(loadConfig({ cwd: dir })).resolves.toMatchObject({ dir });
  });
});
