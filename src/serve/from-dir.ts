// `neosl serve --from-dir DIR`: one built project served read-only, as a container image runs it: the
// bundles and dist/manifest.json that `neosl build` wrote, and the backends its neosl.yaml names (read
// without the TypeScript sources, which an image need not carry). `--function NAME` keeps that one
// function only (a Knative Service per function); each function's environment follows the process
// environment (function-environment.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors.js';
import type { ProjectSettings } from '../host/api-types.js';
import type { VersionDefinition } from '../host/function-host.js';
import { MANIFEST_FILE, readManifest } from '../bundler/manifest.js';
import { settingsFromRawConfig } from '../deploy/project-settings.js';
import { displayPath } from '../util/display-path.js';
import { resolveFunctionEnvironment } from './function-environment.js';

export interface BuiltProject {
  dir: string;
  project: string;
  functions: Map<string, VersionDefinition>;
  settings: ProjectSettings;
}

export interface BuiltProjectOptions {
  /** Only this function is loaded; one the build lacks is FUNCTION_NOT_FOUND. */
  functionName?: string;
  /**
   * The process environment, what each function's environment keys and `${env.NAME}` read. Absent:
   * the environments are left as built (a process that runs no function: the trigger dispatcher).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

const OUTDIR = 'dist';

export function loadBuiltProject(dir: string, options: BuiltProjectOptions = {}): BuiltProject {
  const configFile = join(dir, 'neosl.yaml');
  let raw: unknown;
  try {
    raw = parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    throw new UserError(`--from-dir ${displayPath(dir)}: cannot read neosl.yaml (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { code: 'CONFIG_NOT_FOUND' });
  }
  const outdir = join(dir, OUTDIR);
  const manifest = readManifest(outdir);
  if (manifest === undefined || Object.keys(manifest.functions).length === 0) {
    throw new UserError(`--from-dir ${displayPath(dir)}: no ${OUTDIR}/${MANIFEST_FILE} with built functions`, { code: 'NOT_BUILT', hint: `run "neosl build" in ${displayPath(dir)} first` });
  }
  const built = Object.keys(manifest.functions);
  const { functionName } = options;
  if (functionName !== undefined && !Object.hasOwn(manifest.functions, functionName)) {
    throw new UserError(`--function ${functionName}: the build in ${displayPath(dir)} has no such function; it has ${built.join(', ')}`, {
      code: 'FUNCTION_NOT_FOUND',
      details: { function: functionName, known: built },
    });
  }
  const functions = new Map<string, VersionDefinition>();
  for (const [name, entry] of Object.entries(manifest.functions)) {
    if (functionName !== undefined && name !== functionName) continue;
    const environment = options.env === undefined ? entry.config.environment : resolveFunctionEnvironment(name, entry.config.environment ?? {}, options.env);
    // One function per process (a Knative pod): the platform scales the pods, so each runs one instance,
    // started with the pod (its readiness then means the function is loaded).
    const scaling = functionName !== undefined ? { ...entry.config.scaling, minInstances: 1, maxInstances: 1 } : entry.config.scaling;
    const config = { ...entry.config, name, environment, scaling, handler: { ...entry.config.handler, file: join(dir, entry.config.handler.file) } };
    functions.set(name, { key: `${entry.sha256}:${JSON.stringify(entry.config)}`, definition: { config, bundleFile: join(outdir, entry.file), exportName: entry.exportName } });
  }
  const name = typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : 'project';
  return { dir, project: name, functions, settings: settingsFromRawConfig(raw) };
}
