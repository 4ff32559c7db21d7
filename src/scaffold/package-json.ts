// The generated project's package.json. Its neosl dependency is a registry range when the running
// neosl came from the registry, else the tarball `neosl init` packed into vendor/ (see
// neosl-source.ts), so that the project installs on any machine.

/**
 * npm 11 runs a dependency's install scripts only when `allowScripts` approves them (unreviewed ones
 * run with a warning, or fail the install with strict-allow-scripts). neosl's dependencies have two:
 * better-sqlite3 builds (or downloads) its native module and esbuild checks its binary. The packed
 * neosl has none.
 */
export const allowedInstallScripts: Readonly<Record<string, boolean>> = { 'better-sqlite3': true, esbuild: true };

export function projectPackageJson(projectName: string, neoslSpec: string): string {
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
    allowScripts: { ...allowedInstallScripts },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
