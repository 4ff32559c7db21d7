// The web console (`npm run build:ui`): ui/src bundled by esbuild into dist/ui/, served by the host
// at /_neosl/ui (index.html) and /_neosl/ui/assets/<file>:
//
//   dist/ui/index.html               ui/index.html with the assets' URLs filled in
//   dist/ui/assets/app-<hash>.js     Preact, uPlot and the app, minified, one ES module
//   dist/ui/assets/app-<hash>.css    uPlot's CSS and ours
//
// Content-hashed names, so the server can cache the assets for good and index.html not at all.
// Absolute asset URLs: the index is served at /_neosl/ui (no trailing slash), where a relative
// "assets/…" would resolve beside it, not under it. No source maps, nothing fetched from the
// internet: the page works offline.
//
// dist/ui is shared: tsc also compiles the Ink dashboard (src/ui) there (dist/ui/*.js). This build
// replaces only its own files, index.html and assets/, and never empties the folder.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/ui');
const ASSETS_URL = '/_neosl/ui/assets/';

// Only what an earlier console build left: the old hashed assets and the page.
await rm(join(outdir, 'assets'), { recursive: true, force: true });
await rm(join(outdir, 'index.html'), { force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { app: 'ui/src/main.tsx' },
  outdir: join(outdir, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: 'ui/tsconfig.json',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  write: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs);
const pick = (extension) => {
  const found = outputs.filter((file) => file.endsWith(extension));
  if (found.length !== 1) throw new Error(`expected one ${extension} output, got ${found.join(', ') || 'none'}`);
  return basename(found[0]);
};
const js = pick('.js');
const css = pick('.css');

const template = await readFile(join(root, 'ui/index.html'), 'utf8');
const html = template.replace('%APP_JS%', `${ASSETS_URL}${js}`).replace('%APP_CSS%', `${ASSETS_URL}${css}`);
if (html.includes('%APP_')) throw new Error('ui/index.html has a placeholder the build does not fill');
await mkdir(outdir, { recursive: true });
await writeFile(join(outdir, 'index.html'), html);

const sizes = await Promise.all([js, css].map(async (file) => {
  const bytes = await readFile(join(outdir, 'assets', file));
  return `${file} ${(bytes.length / 1024).toFixed(1)} KiB (${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzipped)`;
}));
if (process.env.NEOSL_UI_QUIET !== '1') console.log(`dist/ui: ${sizes.join(', ')}`);
