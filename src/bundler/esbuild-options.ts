// The esbuild options of a function bundle: one ESM file for Node 20, everything bundled and
// tree-shaken except native addons, the SDK aliased to neosl's, a linked external source map.
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { FunctionConfig } from '../config/types.js';
import { builtinCheckPlugin } from './builtin-check-plugin.js';
import { nativeExternalsPlugin } from './native-externals-plugin.js';
import { REQUIRE_BANNER } from './require-banner.js';
import { sdkAliasPlugin } from './sdk-alias-plugin.js';

export interface BundleOptions {
  /** The project root (the folder of neosl.yaml): esbuild's working directory. */
  projectDir: string;
  fn: FunctionConfig;
  /** Absolute; the bundle goes to `<outdir>/<fn>/index.mjs`. */
  outdir: string;
  /** Default true. */
  minify?: boolean;
  /** Paths in error messages are shown relative to this folder; default process.cwd(). */
  cwd?: string;
}

/** Where a function's bundle is written. */
export function bundleOutputFile(outdir: string, functionName: string): string {
  return join(outdir, functionName, 'index.mjs');
}

export function functionBuildOptions(options: BundleOptions): BuildOptions & { metafile: true; write: false } {
  return {
    absWorkingDir: options.projectDir,
    entryPoints: [options.fn.handler.file],
    outfile: bundleOutputFile(options.outdir, options.fn.name),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    treeShaking: true,
    minify: options.minify ?? true,
    charset: 'utf8',
    // 'linked': a separate index.mjs.map and the sourceMappingURL comment Node needs to find it.
    sourcemap: 'linked',
    sourcesContent: true,
    metafile: true,
    write: false,
    external: ['*.node'],
    banner: { js: REQUIRE_BANNER },
    plugins: [sdkAliasPlugin(), builtinCheckPlugin(), nativeExternalsPlugin()],
    logLevel: 'silent',
    color: false,
  };
}
