import { describe, expect, it } from 'vitest';
import { neoslDependencySpec, projectPackageJson } from '../../src/scaffold/package-json.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';

afterAll(removeTempDirs);

describe("a generated project's package.json", () => {
  it('depends on a registry range when neosl runs from node_modules, and lets better-sqlite3 build', () => {
    const root = join(makeTempDir(), 'node_modules', 'neosl');
    mkdirSync(root, { recursive: true });
    const spec = neoslDependencySpec(root, '1.2.3');
    expect(spec).toBe('^1.2.3');
    const manifest = JSON.parse(projectPackageJson('app', spec, '/work/app')) as { devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
    expect(manifest.devDependencies.neosl).toBe('^1.2.3');
    expect(manifest.allowScripts).toEqual({ 'better-sqlite3': true });
  });

  it('depends on the folder of a checkout, and keeps npm from rebuilding it', () => {
    const root = makeTempDir();
    const spec = neoslDependencySpec(root, '1.2.3');
    expect(spec).toMatch(/^file:\//);
    const manifest = JSON.parse(projectPackageJson('app', spec, join(root, '..', 'app'))) as { allowScripts: Record<string, boolean> };
    expect(Object.entries(manifest.allowScripts)).toEqual([[`file:../${root.split('/').pop()}`, false]]);
  });
});
