// dist/manifest.json: what a deploy uploads and checks. Building some functions keeps the entries
// of the others while their bundle is still on disk unchanged; a function that failed to build
// loses its entry (its old bundle is stale).
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { FunctionConfig } from '../config/types.js';
import { packageVersion } from '../package-info.js';
import { writeFileAtomic } from './atomic-write.js';
import { sha256Hex, type BundleResult } from './bundle-result.js';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestEntry {
  /** The bundle, relative to the manifest's folder, with "/". */
  file: string;
  sha256: string;
  bytes: number;
  gzipBytes: number;
  /** The export that is the handler. */
  exportName: string;
  /** The function's resolved config; `handler.file` relative to the project, with "/". */
  config: FunctionConfig;
}

export interface BuildManifest {
  version: 1;
  /** The neosl version that built the bundles. */
  neosl: string;
  functions: Record<string, ManifestEntry>;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** The config as stored: no absolute path of this machine in it. */
export function portableConfig(fn: FunctionConfig, projectDir: string): FunctionConfig {
  return { ...fn, handler: { ...fn.handler, file: toPosix(relative(projectDir, fn.handler.file)) } };
}

export function manifestEntry(result: BundleResult, fn: FunctionConfig, outdir: string, projectDir: string): ManifestEntry {
  return {
    file: toPosix(relative(outdir, result.outputFile)),
    sha256: result.sha256,
    bytes: result.bytes,
    gzipBytes: result.gzipBytes,
    exportName: result.exportName,
    config: portableConfig(fn, projectDir),
  };
}

export function readManifest(outdir: string): BuildManifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(outdir, MANIFEST_FILE), 'utf8')) as Partial<BuildManifest>;
    return parsed.version === 1 && typeof parsed.functions === 'object' && parsed.functions !== null ? (parsed as BuildManifest) : undefined;
  } catch {
    return undefined;
  }
}

function bundleUnchanged(outdir: string, entry: ManifestEntry): boolean {
  try {
    return sha256Hex(readFileSync(join(outdir, entry.file))) === entry.sha256;
  } catch {
    return false;
  }
}

export interface ManifestUpdate {
  outdir: string;
  projectDir: string;
  /** Every function of the project, in neosl.yaml order. */
  functions: FunctionConfig[];
  /** Built in this run. */
  built: Map<string, ManifestEntry>;
  /** Failed in this run. */
  failed: Set<string>;
}

/** Merges this run into the manifest on disk and writes it atomically; returns its path. */
export function updateManifest(update: ManifestUpdate): string {
  const previous = readManifest(update.outdir);
  const functions: Record<string, ManifestEntry> = {};
  for (const fn of update.functions) {
    const entry = update.built.get(fn.name);
    if (entry) {
      functions[fn.name] = entry;
      continue;
    }
    const old = Object.hasOwn(previous?.functions ?? {}, fn.name) ? previous!.functions[fn.name] : undefined;
    if (old && !update.failed.has(fn.name) && bundleUnchanged(update.outdir, old)) {
      functions[fn.name] = { ...old, config: portableConfig(fn, update.projectDir) };
    }
  }
  const manifest: BuildManifest = { version: 1, neosl: packageVersion(), functions };
  const file = join(update.outdir, MANIFEST_FILE);
  writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
