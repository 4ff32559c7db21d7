// A generated project installs better-sqlite3, whose install script downloads a prebuilt binary from
// GitHub and compiles SQLite from source (minutes) when it cannot. CI machines without GitHub access
// would compile on every install; this hands prebuild-install the binary this checkout already built,
// as a "local prebuild" (npm_config_better_sqlite3_local_prebuilds), so that the project's own
// install script still runs, finds it and skips the download. npm warns once about the unknown
// config name; prebuild-install reads it from the environment.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './spawn-neosl.js';

/** Environment variables that make better-sqlite3's install use this checkout's binary; {} when there is none. */
export function localPrebuildEnv(dir: string): Record<string, string> {
  const moduleDir = join(repoRoot, 'node_modules', 'better-sqlite3');
  const binary = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return {};
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')) as { version: string };
  // prebuild-install's name: {name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz (libc empty on glibc).
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const packed = spawnSync('tar', ['czf', join(dir, name), '-C', moduleDir, 'build/Release/better_sqlite3.node']);
  return packed.status === 0 ? { npm_config_better_sqlite3_local_prebuilds: dir } : {};
}
