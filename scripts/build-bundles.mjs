// The CommonJS bundles on the CLI's start path (`npm run build:bundles`, after tsc):
//
//   dist/cli.cjs             the shell: commander and the command definitions; a command's own code
//                            (ES modules under dist/) loads only when that command runs.
//   dist/commands/build.cjs  `neosl build` whole, with zod and yaml inside, so that a build loads one
//                            file instead of ~150 ES modules (on Node 20 the ES module loader alone
//                            costs ~15 ms to start, and zod as modules ~50 ms).
//
// Both are CommonJS so that Node loads them without its ES module loader. `import.meta.url` is the
// bundle's own file URL (package-info.ts finds the package root from any depth under dist/).
// Zod's error-message locales are cut down to English, the one neosl shows: the other 40 are two
// thirds of zod's size, and Node compiles every byte of a bundle it loads.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `export * as locales` in zod keeps only `en`. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
    }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The ES module builds of dependencies, so that esbuild can drop what is not used.
  mainFields: ['module', 'main'],
  define: { 'import.meta.url': '__neoslModuleUrl', NEOSL_COMMAND_BUNDLES: 'true' },
  banner: { js: "const __neoslModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Less for Node to parse on every start; names are kept, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** The bundles loaded with V8's code cache (src/cli/code-cache.ts) cannot run import(): none may be left in them. */
function refuseDynamicImports(result, outfile) {
  const output = result.metafile.outputs[outfile];
  const dynamic = output.imports.filter((entry) => entry.kind === 'dynamic-import');
  if (dynamic.length > 0) {
    throw new Error(`${outfile} keeps import() of ${dynamic.map((entry) => entry.path).join(', ')}: a bundle loaded with the code cache cannot run import(); import it statically or leave it out`);
  }
}

const [, buildCommand] = await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.cjs',
    // Commands stay outside the shell (loaded on demand, as ES modules or their own bundle).
    external: ['./commands/*', '../commands/*'],
  }),
  build({
    ...common,
    entryPoints: ['src/commands/build.ts'],
    outfile: 'dist/commands/build.cjs',
    // esbuild finds its native binary from its own package; better-sqlite3 is a native addon.
    external: ['esbuild', 'better-sqlite3'],
    plugins: [zodEnglishOnly],
    metafile: true,
  }),
]);
refuseDynamicImports(buildCommand, 'dist/commands/build.cjs');
