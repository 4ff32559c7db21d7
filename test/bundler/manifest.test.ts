import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../src/bundler/bundle-function.js';
import { manifestEntry, readManifest, updateManifest } from '../../src/bundler/manifest.js';
import { packageVersion } from '../../src/package-info.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { testProject } from './helpers.js';

afterAll(removeTempDirs);

describe('the build manifest', () => {
  it('records each bundle with a project-relative config; building one function keeps the others while their bundle is unchanged', async () => {
    const project = await testProject(
      { 'functions/a/index.ts': 'export const a = async () => 1;\n', 'functions/b/index.ts': 'export const b = async () => 2;\n' },
      { a: null, b: null },
    );
    const functions = Object.values(project.loaded.config.functions);
    const build = async (name: string) => {
      const result = await bundleFunction({ projectDir: project.dir, fn: project.fn(name), outdir: project.outdir });
      return manifestEntry(result, project.fn(name), project.outdir, project.dir);
    };
    const a = await build('a');
    const b = await build('b');
    const file = updateManifest({ outdir: project.outdir, projectDir: project.dir, functions, built: new Map([['a', a], ['b', b]]), failed: new Set() });
    expect(file).toBe(join(project.outdir, 'manifest.json'));
    const manifest = readManifest(project.outdir)!;
    expect(manifest).toMatchObject({ version: 1, neosl: packageVersion() });
    expect(manifest.functions.a).toMatchObject({ file: 'a/index.mjs', sha256: a.sha256, bytes: a.bytes, exportName: 'a' });
    expect(manifest.functions.a!.config.handler.file).toBe('functions/a/index.ts');
    expect(manifest.functions.a!.config.timeoutMs).toBe(30_000);
    expect(readFileSync(file, 'utf8')).not.toContain(project.dir);

    // Rebuilding a alone keeps b.
    updateManifest({ outdir: project.outdir, projectDir: project.dir, functions, built: new Map([['a', a]]), failed: new Set() });
    expect(Object.keys(readManifest(project.outdir)!.functions)).toEqual(['a', 'b']);

    // b's bundle changed behind the manifest's back: its entry goes.
    writeFileSync(join(project.outdir, 'b/index.mjs'), 'tampered');
    updateManifest({ outdir: project.outdir, projectDir: project.dir, functions, built: new Map([['a', a]]), failed: new Set() });
    expect(Object.keys(readManifest(project.outdir)!.functions)).toEqual(['a']);

    // a failed to build: its stale entry goes too.
    updateManifest({ outdir: project.outdir, projectDir: project.dir, functions, built: new Map(), failed: new Set(['a']) });
    expect(readManifest(project.outdir)!.functions).toEqual({});

    rmSync(file);
    expect(readManifest(project.outdir)).toBeUndefined();
  });
});
