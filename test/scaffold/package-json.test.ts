import { describe, expect, it } from 'vitest';
import { projectPackageJson } from '../../src/scaffold/package-json.js';

describe("a generated project's package.json", () => {
  it('depends on the given neosl spec and lets better-sqlite3 and esbuild run their install scripts (npm 11 allowScripts)', () => {
    for (const spec of ['^1.2.3', 'file:vendor/neosl-1.2.3.tgz']) {
      const manifest = JSON.parse(projectPackageJson('app', spec)) as { name: string; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
      expect(manifest.name).toBe('app');
      expect(manifest.devDependencies.neosl).toBe(spec);
      expect(manifest.allowScripts).toEqual({ 'better-sqlite3': true, esbuild: true });
    }
  });
});
