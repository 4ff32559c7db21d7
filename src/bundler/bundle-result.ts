// What a build produced: the files written, their sizes and hash, the bundle's exports and the
// inputs that make it up (for --analyze).
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile, OutputFile } from 'esbuild';
import type { Diagnostic } from '../errors.js';
import { packageRoot } from '../package-info.js';
import { writeFileAtomic } from './atomic-write.js';
import { dropUnusedRequireBanner } from './require-banner.js';

export interface BundleInput {
  /** Relative to the project, or `neosl/…` for neosl's own files (the SDK). */
  path: string;
  /** Bytes this input contributes to the bundle (after tree-shaking and minifying). */
  bytes: number;
}

export interface BundleResult {
  /** The function's name. */
  name: string;
  /** Absolute path of `<outdir>/<fn>/index.mjs`. */
  outputFile: string;
  /** Absolute path of its source map. */
  mapFile: string;
  bytes: number;
  /** Gzipped size (level 6); computed on first read, so rebuilds in `neosl dev` do not pay for it. */
  readonly gzipBytes: number;
  /** Hex SHA-256 of the bundle. */
  sha256: string;
  /** The bundle's exports. */
  exports: string[];
  /** The export that is the handler (checked to be among `exports`). */
  exportName: string;
  /** Largest first. */
  inputs: BundleInput[];
  /** esbuild's warnings, located like errors. */
  warnings: Diagnostic[];
  durationMs: number;
}

function findOutput(files: readonly OutputFile[], suffix: string): OutputFile {
  const file = files.find((output) => output.path.endsWith(suffix));
  if (!file) throw new Error(`esbuild produced no ${suffix} (got ${files.map((output) => output.path).join(', ')})`);
  return file;
}

/** The metafile entry of the bundle (the output built from an entry point). */
function entryOutput(metafile: Metafile): Metafile['outputs'][string] {
  const entry = Object.values(metafile.outputs).find((output) => output.entryPoint !== undefined);
  if (!entry) throw new Error('esbuild metafile has no entry output');
  return entry;
}

/** An input path as a person reads it: project-relative, or `neosl/dist/…` for the SDK. */
export function displayInputPath(path: string, projectDir: string, root: string = packageRoot): string {
  if (!isAbsolute(path) && /^[a-z-]+:/.test(path)) return path; // a namespaced virtual module
  const absolute = resolve(projectDir, path);
  const inNeosl = relative(root, absolute);
  const fromProject = relative(projectDir, absolute);
  const shown = !inNeosl.startsWith('..') && !isAbsolute(inNeosl) && fromProject.startsWith('..') ? `neosl/${inNeosl}` : fromProject;
  return shown.split(sep).join('/');
}

export function bundleInputs(metafile: Metafile, projectDir: string): BundleInput[] {
  return Object.entries(entryOutput(metafile).inputs)
    .map(([path, input]) => ({ path: displayInputPath(path, projectDir), bytes: input.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

export function bundleExports(metafile: Metafile): string[] {
  return [...entryOutput(metafile).exports];
}

/** Writes the map, then the bundle (so that a bundle on disk always has its map). */
export function writeBundleFiles(files: readonly OutputFile[], outputFile: string): { code: Uint8Array; mapFile: string } {
  const output = findOutput(files, '.mjs');
  const map = findOutput(files, '.mjs.map');
  const text = dropUnusedRequireBanner(output.text);
  const code = text === output.text ? output.contents : Buffer.from(text, 'utf8');
  writeFileAtomic(map.path, map.contents);
  writeFileAtomic(outputFile, code);
  return { code, mapFile: map.path };
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A BundleResult whose gzipBytes is computed when first read. */
export function makeBundleResult(fields: Omit<BundleResult, 'gzipBytes'>, code: Uint8Array): BundleResult {
  let gzipBytes: number | undefined;
  return Object.defineProperty({ ...fields } as BundleResult, 'gzipBytes', {
    enumerable: true,
    get: () => (gzipBytes ??= gzipSync(code).byteLength),
  });
}
