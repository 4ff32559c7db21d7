// A deployed version as the runtime loads it: each function's bundle (and source map) copied out of
// the store's content-addressed blobs into run/<bundle sha>/, under the file names the bundle's
// sourceMappingURL expects, so that a function's error points at its TypeScript line as in dev.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Version, VersionFunction } from '../host/api-types.js';
import type { VersionDefinition } from '../host/function-host.js';
import { canonicalHash } from './store/canonical-json.js';
import type { HostStoreApi } from './store/host-store-api.js';

/** The bundle's name in `neosl build`'s output (dist/<function>/index.mjs): the map's sources are relative to it. */
const BUNDLE_NAME = 'index.mjs';
const MAP_COMMENT = /\/\/# sourceMappingURL=([^\s'"]+)\s*$/;

/** The folder the runtime's paths are shown relative to: bundles sit two levels below it, as dist/<fn>/ does in a project. */
export const runDir = (store: Pick<HostStoreApi, 'localDir'>): string => join(store.localDir, 'run');

async function materialize(store: HostStoreApi, fn: VersionFunction): Promise<string> {
  const dir = join(runDir(store), 'bundles', `${fn.sha256}${fn.mapSha256 ? `-${fn.mapSha256.slice(0, 16)}` : ''}`);
  const bundleFile = join(dir, BUNDLE_NAME);
  if (existsSync(bundleFile)) return bundleFile;
  // Built aside and renamed in: a host killed halfway leaves no folder that looks complete.
  // Fetched first (a shared store's blobs come over the network): nothing awaits while building.
  const bundleSource = await store.blobFile(fn.sha256);
  const mapSource = fn.mapSha256 === undefined ? undefined : await store.blobFile(fn.mapSha256);
  const building = `${dir}.partial-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true, mode: 0o700 });
  copyFileSync(bundleSource, join(building, BUNDLE_NAME));
  if (mapSource !== undefined) {
    const tail = readFileSync(join(building, BUNDLE_NAME), 'utf8').slice(-512);
    const mapName = MAP_COMMENT.exec(tail)?.[1];
    if (mapName !== undefined && basename(mapName) === mapName) copyFileSync(mapSource, join(building, mapName));
  }
  try {
    renameSync(building, dir);
  } catch (error) {
    // Another activation of the same bundle got there first.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(bundleFile)) throw error;
  }
  return bundleFile;
}

/** What the function host needs to run each function of the version; the key changes with the code or the config. */
export async function versionDefinitions(store: HostStoreApi, version: Version): Promise<Map<string, VersionDefinition>> {
  const definitions = new Map<string, VersionDefinition>();
  for (const [name, fn] of Object.entries(version.functions)) {
    const bundleFile = await materialize(store, fn);
    const config = { ...fn.config, name, handler: { ...fn.config.handler, file: resolve(runDir(store), fn.config.handler.file) } };
    definitions.set(name, { key: canonicalHash({ sha256: fn.sha256, mapSha256: fn.mapSha256 ?? null, exportName: fn.exportName, config: fn.config }), definition: { config, bundleFile, exportName: fn.exportName } });
  }
  return definitions;
}
