// The image build context that `neosl deploy --target knative` writes into DIR/image: everything
// `docker build` needs to make the image the Knative Services run, and nothing else of the project.
//   Dockerfile, .dockerignore        image-dockerfile.ts
//   package.json                     image-package-json.ts (neosl from vendor/, external packages)
//   vendor/neosl-<version>.tgz       the running neosl, packed (src/scaffold/pack-neosl.ts)
//   app/neosl.yaml, app/dist/…       image-app-files.ts (bundles, maps without sources, raw environment)
// The project must be built (dist/ and dist/manifest.json). The context is written into a temporary
// folder beside `outdir` and renamed into place, so a failure leaves the previous context (or none),
// never half of one.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { isUserError, UserError } from '../errors.js';
import { packIntoProject } from '../scaffold/pack-neosl.js';
import { displayPath } from '../util/display-path.js';
import { writeImageApp } from './image-app-files.js';
import { imageDockerfile, imageDockerignore } from './image-dockerfile.js';
import { externalPackages } from './image-externals.js';
import { imagePackageJson } from './image-package-json.js';
import { rawEnvironments } from './raw-environment.js';

export interface ImageContextOptions {
  /** The project root (the folder of neosl.yaml), built: dist/manifest.json is there. */
  projectDir: string;
  loaded: LoadedConfig;
  /** The context's folder (DIR/image); replaced as a whole. */
  outdir: string;
}

export interface ImageContext {
  /** Every file of the context, relative to outdir with "/": Dockerfile, .dockerignore, package.json, the tarball, then app/…. */
  files: string[];
  /** The version of the neosl packed into the context (vendor/neosl-<version>.tgz). */
  neoslVersion: string;
}

/** A hidden folder beside outdir (same file system, so renames are atomic): `purpose` new or old. */
function temporaryFolder(outdir: string, purpose: string): string {
  return join(dirname(outdir), `.${basename(outdir)}.neosl-${purpose}-${process.pid}-${Date.now().toString(36)}`);
}

function readConfigSource(loaded: LoadedConfig): string {
  try {
    return readFileSync(loaded.file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${displayPath(loaded.file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { code: 'CONFIG_UNREADABLE' });
  }
}

function fillContext(dir: string, options: ImageContextOptions): ImageContext {
  const { loaded } = options;
  const files: string[] = [];
  const put = (path: string, content: string): void => {
    writeFileSync(join(dir, path), content);
    files.push(path);
  };
  const app = writeImageApp({
    projectDir: options.projectDir,
    configSource: readConfigSource(loaded),
    functionNames: Object.keys(loaded.config.functions),
    rawEnvironments: rawEnvironments(loaded),
    appDir: join(dir, 'app'),
  });
  const packed = packIntoProject(dir);
  const externals = externalPackages(app.bundleCodes, options.projectDir);
  put('Dockerfile', imageDockerfile(loaded.config.name));
  put('.dockerignore', imageDockerignore());
  put('package.json', imagePackageJson({ projectName: loaded.config.name, neoslSpec: packed.spec, externals }));
  files.push(packed.file, ...app.files.map((path) => `app/${path}`));
  return { files, neoslVersion: packed.version };
}

function unwritable(outdir: string, error: unknown): UserError {
  return new UserError(`cannot write the image build context ${displayPath(outdir)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
    code: 'IMAGE_CONTEXT_UNWRITABLE',
    cause: error,
  });
}

export function writeImageContext(options: ImageContextOptions): ImageContext {
  const { outdir } = options;
  const building = temporaryFolder(outdir, 'new');
  let context: ImageContext;
  try {
    mkdirSync(dirname(outdir), { recursive: true });
    mkdirSync(building);
    context = fillContext(building, options);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw isUserError(error) ? error : unwritable(outdir, error);
  }
  // A folder cannot be renamed over a non-empty one: the old context steps aside first, and comes back
  // if the new one cannot take its place.
  const previous = existsSync(outdir) ? temporaryFolder(outdir, 'old') : undefined;
  try {
    if (previous !== undefined) renameSync(outdir, previous);
    try {
      renameSync(building, outdir);
    } catch (error) {
      if (previous !== undefined) renameSync(previous, outdir);
      throw error;
    }
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw unwritable(outdir, error);
  }
  if (previous !== undefined) rmSync(previous, { recursive: true, force: true });
  return context;
}
