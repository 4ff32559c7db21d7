// Commands shipped as their own CommonJS bundle (scripts/build-bundles.mjs), for those whose speed is
// the product: `neosl build` takes little more than a Node start when it loads one file, compiled
// from V8's code cache (code-cache.ts). The shell built by that script defines NEOSL_COMMAND_BUNDLES
// and loads the bundle; run from sources (tsx, tests) or dist/cli.js, the same command loads as ES
// modules. What this file needs is imported when a command runs, not when the shell starts (in the
// shell's bundle those imports are inlined, initialised on first use).
import type { ImportTimer } from '../bundler/cold-start.js';
import type { CommandContext } from '../command-context.js';

declare const NEOSL_COMMAND_BUNDLES: boolean | undefined;

type BuildCommandModule = typeof import('../commands/build.js');

export async function loadBuildCommand(): Promise<BuildCommandModule> {
  if (typeof NEOSL_COMMAND_BUNDLES !== 'undefined' && NEOSL_COMMAND_BUNDLES) {
    const [{ fileURLToPath }, { requireWithCodeCache }] = await Promise.all([import('node:url'), import('./code-cache.js')]);
    return requireWithCodeCache<BuildCommandModule>(fileURLToPath(new URL('./commands/build.cjs', import.meta.url)));
  }
  return import('../commands/build.js');
}

/**
 * `neosl build`'s first cold-start process, started before the build's code loads: booting Node
 * takes as long as loading that code, and the two overlap on another core (see bundler/cold-start.ts).
 */
export async function startBuildEarly(context: CommandContext): Promise<ImportTimer> {
  const { startImportTimer } = await import('../bundler/cold-start.js');
  return startImportTimer({ cwd: context.cwd, env: context.env });
}
