// The built project as the image carries it (app/ in the build context, /app in the image): neosl.yaml
// as written, and dist/ as `neosl build` wrote it for the project's functions: each bundle (checked
// against the manifest's hash), its source map without `sourcesContent` (no source code in the image;
// stack traces still map to file and line), and manifest.json with every function's environment as
// neosl.yaml writes it (`${env.NAME}` unexpanded: the build filled in values from .env and this
// machine, which must not ship). Bundles of functions no longer in neosl.yaml are left behind.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { MANIFEST_FILE, readManifest, type BuildManifest, type ManifestEntry } from '../bundler/manifest.js';
import { sha256Hex } from '../bundler/bundle-result.js';
import { UserError } from '../errors.js';
import { displayPath } from '../util/display-path.js';

/** The build's folder in the project and in the image (src/serve/from-dir.ts reads <dir>/dist). */
const DIST = 'dist';
/** The config file name `neosl serve --from-dir` reads. */
const CONFIG_FILE = 'neosl.yaml';

export interface ImageAppInput {
  projectDir: string;
  /** neosl.yaml's text as the project has it (already validated by loading it). */
  configSource: string;
  /** The project's functions, in neosl.yaml order. */
  functionNames: readonly string[];
  /** Each function's environment as neosl.yaml writes it (raw-environment.ts). */
  rawEnvironments: ReadonlyMap<string, Record<string, string>>;
  /** Where the app goes (the context's app/ folder). */
  appDir: string;
}

export interface ImageAppFiles {
  /** Written, relative to appDir, with "/". */
  files: string[];
  /** Each bundle's code (for the packages they left external). */
  bundleCodes: string[];
}

function write(appDir: string, path: string, content: string | Uint8Array, files: string[]): void {
  const file = join(appDir, ...path.split('/'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  files.push(path);
}

/** A manifest path stays inside dist/ (a hand-edited manifest could say "../../.env"). */
function insideDist(path: string): boolean {
  const normalized = normalize(path);
  return !isAbsolute(path) && normalized !== '..' && !normalized.startsWith(`..${sep}`) && !path.includes('\\');
}

/** The map file a bundle links (`//# sourceMappingURL=index.mjs.map`), relative to dist/, with "/". */
function linkedMap(code: string, bundlePath: string): string | undefined {
  const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  // neosl build links its maps; an inline (data:) or absolute one is not its own and is left alone.
  if (url === undefined || url.includes(':') || url.startsWith('/')) return undefined;
  const path = normalize(join(dirname(bundlePath), url)).split(sep).join('/');
  return insideDist(path) ? path : undefined;
}

/** The source map's JSON without the sources' text. */
function withoutSourcesContent(mapText: string, shownFile: string): string {
  let map: Record<string, unknown>;
  try {
    map = JSON.parse(mapText) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`${shownFile} is not a valid source map: ${(error as Error).message}`, { code: 'BUILD_INVALID', hint: 'run "neosl build" again' });
  }
  delete map.sourcesContent;
  return JSON.stringify(map);
}

function builtEntries(manifest: BuildManifest, input: ImageAppInput, shownDist: string): Map<string, ManifestEntry> {
  const entries = new Map<string, ManifestEntry>();
  const missing: string[] = [];
  for (const name of input.functionNames) {
    const entry = Object.hasOwn(manifest.functions, name) ? manifest.functions[name] : undefined;
    if (entry === undefined) missing.push(name);
    else entries.set(name, entry);
  }
  if (missing.length > 0) {
    throw new UserError(`${shownDist}/${MANIFEST_FILE} has no build of ${missing.map((name) => `"${name}"`).join(', ')}`, {
      code: 'NOT_BUILT',
      hint: 'the image carries the built bundles: run "neosl build" (with no function names) first',
    });
  }
  return entries;
}

export function writeImageApp(input: ImageAppInput): ImageAppFiles {
  const distDir = join(input.projectDir, DIST);
  const shownDist = displayPath(distDir);
  const manifest = readManifest(distDir);
  if (manifest === undefined) {
    throw new UserError(`${shownDist}/${MANIFEST_FILE} is missing or not a neosl build manifest`, { code: 'NOT_BUILT', hint: 'run "neosl build" first' });
  }
  const entries = builtEntries(manifest, input, shownDist);
  const files: string[] = [];
  const bundleCodes: string[] = [];

  write(input.appDir, CONFIG_FILE, input.configSource, files);
  const functions: Record<string, ManifestEntry> = {};
  for (const [name, entry] of entries) {
    if (!insideDist(entry.file)) {
      throw new UserError(`${shownDist}/${MANIFEST_FILE}: the bundle of "${name}" (${entry.file}) is outside ${shownDist}`, { code: 'BUILD_INVALID', hint: 'run "neosl build" again' });
    }
    const bundleFile = join(distDir, entry.file);
    let code: Buffer;
    try {
      code = readFileSync(bundleFile);
    } catch (error) {
      throw new UserError(`the bundle of "${name}" (${displayPath(bundleFile)}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        code: 'NOT_BUILT',
        hint: 'run "neosl build" first',
        cause: error,
      });
    }
    if (sha256Hex(code) !== entry.sha256) {
      throw new UserError(`the bundle of "${name}" (${displayPath(bundleFile)}) changed since ${shownDist}/${MANIFEST_FILE} was written (another build?)`, {
        code: 'BUILD_CHANGED',
        hint: 'run the command again once the other build is done',
      });
    }
    const text = code.toString('utf8');
    write(input.appDir, `${DIST}/${entry.file}`, code, files);
    bundleCodes.push(text);
    const map = linkedMap(text, entry.file);
    if (map !== undefined && existsSync(join(distDir, map))) {
      write(input.appDir, `${DIST}/${map}`, withoutSourcesContent(readFileSync(join(distDir, map), 'utf8'), displayPath(join(distDir, map))), files);
    }
    Object.defineProperty(functions, name, {
      value: { ...entry, config: { ...entry.config, environment: input.rawEnvironments.get(name) ?? {} } },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const copied: BuildManifest = { version: 1, neosl: manifest.neosl, functions };
  write(input.appDir, `${DIST}/${MANIFEST_FILE}`, `${JSON.stringify(copied, null, 2)}\n`, files);
  return { files, bundleCodes };
}
