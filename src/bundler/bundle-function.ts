// Building a function: one-shot (`neosl build`) or through an esbuild context kept per function
// so that a rebuild after an edit takes milliseconds (`neosl dev`).
import * as esbuild from 'esbuild';
import type { BuildContext, BuildResult } from 'esbuild';
import type { UserError } from '../errors.js';
import { buildFailure, isEsbuildFailure, messageToDiagnostic, type MessageContext } from './build-failure.js';
import { bundleExports, bundleInputs, makeBundleResult, sha256Hex, writeBundleFiles, type BundleResult } from './bundle-result.js';
import { bundleOutputFile, functionBuildOptions, type BundleOptions } from './esbuild-options.js';
import { checkHandlerExport } from './handler-export.js';
import { checkHandlerFile } from './handler-file.js';

export type { BundleOptions } from './esbuild-options.js';
export type { BundleInput, BundleResult } from './bundle-result.js';

export interface FunctionBuilderOptions extends BundleOptions {
  /** Keep an esbuild context between builds (default true). Call dispose() when done. */
  incremental?: boolean;
}

export interface FunctionBuilder {
  /**
   * Builds (or rebuilds) the bundle and writes it. Rejects with a UserError: BUILD_FAILED (esbuild's
   * errors, located, with hints), HANDLER_NOT_FOUND or HANDLER_EXPORT_MISSING. Calls are serialised.
   */
  build(): Promise<BundleResult>;
  /** Releases the esbuild context; the builder cannot build afterwards. */
  dispose(): Promise<void>;
}

type Built = BuildResult<{ metafile: true; write: false }>;

function toUserError(error: unknown, name: string, context: MessageContext): UserError | unknown {
  return isEsbuildFailure(error) ? buildFailure(name, error.errors, context, error) : error;
}

function finish(result: Built, options: BundleOptions, context: MessageContext, started: number): BundleResult {
  const exports = bundleExports(result.metafile);
  const exportName = checkHandlerExport(options.fn, exports, context);
  const outputFile = bundleOutputFile(options.outdir, options.fn.name);
  const { code, mapFile } = writeBundleFiles(result.outputFiles, outputFile);
  return makeBundleResult(
    {
      name: options.fn.name,
      outputFile,
      mapFile,
      bytes: code.byteLength,
      sha256: sha256Hex(code),
      exports,
      exportName,
      inputs: bundleInputs(result.metafile, options.projectDir),
      warnings: result.warnings.map((warning) => messageToDiagnostic(warning, context)),
      durationMs: performance.now() - started,
    },
    code,
  );
}

let serviceStarted = false;

/**
 * Starts esbuild's service process now (else the first build starts it), so that it boots while
 * the caller loads the rest of its code. A failure to start shows at the first build.
 */
export function startBundlerService(): void {
  if (serviceStarted) return;
  serviceStarted = true;
  try {
    void esbuild.initialize({}).catch(() => undefined);
  } catch {
    // Started already by someone else (initialize may be called once): nothing to do.
  }
}

export function createFunctionBuilder(options: FunctionBuilderOptions): FunctionBuilder {
  const messageContext: MessageContext = { projectDir: options.projectDir, cwd: options.cwd ?? process.cwd() };
  const buildOptions = functionBuildOptions(options);
  const incremental = options.incremental ?? true;
  let context: Promise<BuildContext<typeof buildOptions>> | undefined;
  let disposed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const buildOnce = async (): Promise<BundleResult> => {
    if (disposed) throw new Error(`the builder of ${options.fn.name} was disposed`);
    const started = performance.now();
    checkHandlerFile(options.fn, messageContext);
    let result: Built;
    try {
      if (incremental) {
        if (!context) {
          const created = esbuild.context(buildOptions);
          context = created;
          created.catch(() => {
            if (context === created) context = undefined; // try again on the next build
          });
        }
        result = await (await context).rebuild();
      } else {
        result = await esbuild.build(buildOptions);
      }
    } catch (error) {
      throw toUserError(error, options.fn.name, messageContext);
    }
    return finish(result, options, messageContext, started);
  };

  return {
    build() {
      const next = queue.then(buildOnce, buildOnce);
      queue = next.catch(() => undefined);
      return next;
    },
    async dispose() {
      disposed = true;
      await queue;
      const current = context;
      context = undefined;
      if (current) await (await current.catch(() => undefined))?.dispose();
    },
  };
}

/** Builds one function once, writing `<outdir>/<fn>/index.mjs` and its map. */
export function bundleFunction(options: BundleOptions): Promise<BundleResult> {
  return createFunctionBuilder({ ...options, incremental: false }).build();
}
