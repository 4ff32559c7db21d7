// The generated project's package.json. Its neosl dependency points at the running neosl: a
// registry range when neosl was installed from the registry, its folder otherwise (a checkout or a
// link), so that a project installs on machines where neosl is not in the registry.
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { packageRoot, packageVersion } from '../package-info.js';

export function neoslDependencySpec(root: string = packageRoot, version: string = packageVersion()): string {
  const real = realpathSync(root);
  return real.includes(`${sep}node_modules${sep}`) ? `^${version}` : `file:${real.replace(/[\\/]$/, '')}`;
}

export function projectPackageJson(projectName: string, neoslSpec: string, projectDir: string): string {
  const manifest = {
    name: projectName,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20' },
    scripts: {
      dev: 'neosl dev',
      build: 'neosl build',
      test: 'vitest run',
      typecheck: 'tsc --noEmit',
      bench: 'neosl bench --all',
    },
    devDependencies: {
      '@types/node': '^20.19.0',
      neosl: neoslSpec,
      typescript: '^5.9.3',
      vitest: '^4.1.12',
    },
    // npm 11 asks before running a dependency's install scripts; a folder dependency's `prepare`
    // (neosl's own build) must not run: that checkout is built already. npm keys the denial by the
    // folder relative to the project.
    // From the registry, neosl brings better-sqlite3, whose native build is an install script.
    allowScripts: neoslSpec.startsWith('file:')
      ? { [`file:${relative(projectDir, neoslSpec.slice(5))}`]: false }
      : { 'better-sqlite3': true },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
