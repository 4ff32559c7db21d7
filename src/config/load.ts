// Loading neosl.yaml: find it, parse it, validate it, report every problem at once, resolve it.
import { displayPath } from '../util/display-path.js';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { UserError } from '../errors.js';
import { functionNameProblem } from '../util/identifier.js';
import { editDistance } from '../util/suggest.js';
import {
  configErrorMap,
  diagnosticAt,
  sortDiagnostics,
  yamlErrorsToDiagnostics,
  zodIssuesToDiagnostics,
} from './diagnostics.js';
import type { ConfigSource } from './diagnostics.js';
import { parseConfigDocument } from './document.js';
import { parseEnvSource } from './env-file.js';
import { envReferences, expandEnvReferences } from './expand.js';
import { CONFIG_FILE_NAMES, findConfigFile } from './find.js';
import { defaultHandlerPath, resolveConfig } from './resolve.js';
import { configSchema, parseHandlerSpec } from './schema.js';
import type { ParsedConfig } from './schema.js';
import type { LoadedConfig } from './types.js';
import { describeValue } from './units.js';

export interface LoadConfigOptions {
  /** Where to start looking for neosl.yaml (walking up), and what `file`/`envFile` are relative to. */
  cwd: string;
  /** A specific config file instead of the walk up. */
  file?: string;
  /** For `${env.NAME}`; default process.env. Wins over .env. */
  env?: NodeJS.ProcessEnv;
  /** A specific .env file (must exist) instead of the optional `.env` next to neosl.yaml. */
  envFile?: string;
}

type RawObject = Record<string, unknown>;

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemsError(diagnostics: Diagnostic[], shownFile: string): UserError {
  const sorted = sortDiagnostics(diagnostics);
  const files = [...new Set(sorted.map((diagnostic) => diagnostic.location?.file ?? shownFile))];
  const count = `${sorted.length} problem${sorted.length === 1 ? '' : 's'}`;
  const message = files.length > 1 ? `${count} in ${files.join(' and ')}` : `${files[0] ?? shownFile} has ${count}`;
  return new UserError(message, { code: 'CONFIG_INVALID', diagnostics: sorted });
}

function locateConfigFile(options: LoadConfigOptions, cwd: string): string {
  if (options.file !== undefined) {
    const file = resolve(cwd, options.file);
    if (!existsSync(file)) {
      throw new UserError(`config file ${displayPath(file)} does not exist`, {
        code: 'CONFIG_NOT_FOUND',
        hint: 'run "neosl init" to create a project, or pass --cwd <dir>',
      });
    }
    return file;
  }
  const found = findConfigFile(cwd);
  if (found === undefined) {
    throw new UserError(`no ${CONFIG_FILE_NAMES[0]} found in ${cwd} or any folder above it`, {
      code: 'CONFIG_NOT_FOUND',
      hint: 'run "neosl init" to create a project, or pass --cwd <dir>',
    });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Handler files

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'coverage']);
const SOURCE_FILE = /\.(m|c)?(t|j)sx?$/;

/** Source files of the project (relative, with "/"), for "did you mean" on a missing handler. */
function listSourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string, depth: number): void => {
    if (depth > 8 || files.length > 5000) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir, 0);
  return files;
}

function fileKind(path: string): 'file' | 'folder' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/** A hint for a handler path that does not exist: a near-identical file, or what its folder holds. */
function missingHandlerHint(wanted: string, dir: string, sourceFiles: () => string[]): string | undefined {
  const normalized = wanted.replace(/^\.\//, '');
  const limit = Math.max(2, Math.floor(normalized.length / 8));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of sourceFiles()) {
    const distance = editDistance(normalized, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best !== undefined && bestDistance <= limit) return `did you mean "${best}"?`;
  const folder = dirname(normalized);
  const siblings = sourceFiles().filter((file) => dirname(file) === folder);
  if (siblings.length > 0) {
    const listed = siblings.slice(0, 4).map((file) => `"${file}"`).join(', ');
    return `${folder} holds ${listed}${siblings.length > 4 ? ', …' : ''}`;
  }
  return fileKind(join(dir, folder)) === 'missing' ? `there is no folder ${folder}` : undefined;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Why a handler is not inside the project, if it is not: a bundle is built from the project's
 * files, and a deploy ships only those, so code outside it would work locally and break there.
 * Checked as written ("../x.ts", an absolute path) and after symlinks.
 */
function outsideProblem(written: string, file: string, dir: string): string | undefined {
  if (!isInside(dir, file)) return `"${written}" is outside the project folder ${displayPath(dir)}`;
  const real = realPath(file);
  const realDir = realPath(dir) ?? dir;
  if (real !== undefined && !isInside(realDir, real)) return `"${written}" is a link to ${displayPath(real)}, outside the project folder ${displayPath(dir)}`;
  return undefined;
}

function checkHandlerFiles(raw: RawObject, dir: string, config: ConfigSource): Diagnostic[] {
  if (!isObject(raw.functions)) return [];
  const diagnostics: Diagnostic[] = [];
  let cached: string[] | undefined;
  const sourceFiles = (): string[] => (cached ??= listSourceFiles(dir));

  for (const [name, fn] of Object.entries(raw.functions)) {
    if (functionNameProblem(name) !== undefined || !(isObject(fn) || fn === null)) continue;
    const written = fn?.handler;
    if (written !== undefined && typeof written !== 'string') continue;
    const spec = written === undefined ? { file: defaultHandlerPath(name) } : parseHandlerSpec(written);
    if (typeof spec === 'string') continue; // the schema reports it
    const file = resolve(dir, spec.file);
    const outside = outsideProblem(spec.file, file, dir);
    if (outside !== undefined) {
      const hint = 'move the file into the project (next to neosl.yaml or below it): only the project is built and deployed';
      diagnostics.push(
        written === undefined
          ? diagnosticAt(config, ['functions', name], `handler file ${outside} (the default)`, { at: 'key', hint })
          : diagnosticAt(config, ['functions', name, 'handler'], outside, { hint }),
      );
      continue;
    }
    const kind = fileKind(file);
    if (kind === 'file') continue;

    if (written === undefined) {
      diagnostics.push(
        diagnosticAt(config, ['functions', name], `handler file "${spec.file}" (the default) does not exist`, {
          at: 'key',
          hint: `create ${spec.file}, or set "handler: path/to/file.ts"`,
        }),
      );
      continue;
    }
    const indexFile = `${spec.file.replace(/\/$/, '')}/index.ts`;
    const [message, hint] =
      kind === 'folder'
        ? [`"${spec.file}" is a folder, not a file`, fileKind(join(file, 'index.ts')) === 'file' ? `did you mean "${indexFile}"?` : undefined]
        : [`"${spec.file}" does not exist`, missingHandlerHint(spec.file, dir, sourceFiles)];
    diagnostics.push(
      diagnosticAt(config, ['functions', name, 'handler'], message, {
        hint: hint ?? 'the path is relative to the folder of neosl.yaml',
      }),
    );
  }
  return diagnostics;
}

// ---------------------------------------------------------------------------------------------
// ${env.NAME}

type EnvLookup = Readonly<Record<string, string | undefined>>;

function checkEnvReferences(raw: RawObject, lookup: EnvLookup, config: ConfigSource): Diagnostic[] {
  if (!isObject(raw.functions)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const [name, fn] of Object.entries(raw.functions)) {
    if (!isObject(fn) || !isObject(fn.environment)) continue;
    for (const [key, value] of Object.entries(fn.environment)) {
      if (typeof value !== 'string') continue;
      const missing = envReferences(value).filter((variable) => lookup[variable] === undefined);
      if (missing.length === 0) continue;
      const names = missing.join(' and ');
      const refs = missing.map((variable) => '${env.' + variable + '}').join(' and ');
      diagnostics.push(
        diagnosticAt(config, ['functions', name, 'environment', key], `${refs} ${missing.length === 1 ? 'is' : 'are'} not set`, {
          hint: `set ${names} in .env or the environment`,
        }),
      );
    }
  }
  return diagnostics;
}

/** Where neosl.yaml names a service by URL: `${env.NAME}` is filled in from .env and the environment. */
const BACKEND_URL_PATHS = [
  ['cache', 'redis', 'url'],
  ['database', 'url'],
  ['blockchain', 'rpcUrl'],
] as const;

/** Fills the references in; the paths whose references are not set are reported once (not also as bad URLs). */
function expandBackendUrls(raw: RawObject, lookup: EnvLookup, config: ConfigSource): { diagnostics: Diagnostic[]; unset: Set<string> } {
  const diagnostics: Diagnostic[] = [];
  const unset = new Set<string>();
  for (const path of BACKEND_URL_PATHS) {
    let parent: unknown = raw;
    for (const key of path.slice(0, -1)) parent = isObject(parent) ? parent[key] : undefined;
    const key = path[path.length - 1]!;
    if (!isObject(parent) || typeof parent[key] !== 'string') continue;
    const value = parent[key] as string;
    const missing = envReferences(value).filter((variable) => lookup[variable] === undefined);
    if (missing.length > 0) {
      diagnostics.push(
        diagnosticAt(config, [...path], `${missing.map((variable) => '${env.' + variable + '}').join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`, {
          hint: `set ${missing.join(' and ')} in .env or the environment`,
        }),
      );
      unset.add(path.join('.'));
      continue;
    }
    parent[key] = expandEnvReferences(value, lookup);
  }
  return { diagnostics, unset };
}

function expandEnvironments(parsed: ParsedConfig, lookup: EnvLookup): ParsedConfig {
  const functions: ParsedConfig['functions'] = {};
  for (const [name, fn] of Object.entries(parsed.functions)) {
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(fn.environment)) environment[key] = expandEnvReferences(value, lookup);
    Object.defineProperty(functions, name, { value: { ...fn, environment }, enumerable: true, writable: true, configurable: true });
  }
  return { ...parsed, functions };
}

// ---------------------------------------------------------------------------------------------

/**
 * Finds (walking up from `cwd`) or takes `file`, validates it and returns the resolved config.
 * Throws UserError: CONFIG_NOT_FOUND, CONFIG_UNREADABLE, or CONFIG_INVALID carrying every
 * problem as a located Diagnostic (YAML syntax, schema, missing handler files, unset
 * `${env.NAME}`, bad .env lines).
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd);
  const file = locateConfigFile(options, cwd);
  const dir = dirname(file);
  const shownFile = displayPath(file);
  const envFile = options.envFile !== undefined ? resolve(cwd, options.envFile) : join(dir, '.env');
  if (options.envFile !== undefined && fileKind(envFile) !== 'file') {
    throw new UserError(`env file ${displayPath(envFile)} does not exist`, { code: 'ENV_FILE_NOT_FOUND' });
  }

  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${shownFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      code: 'CONFIG_UNREADABLE',
      cause: error,
    });
  }

  const doc = parseConfigDocument(source);
  const config: ConfigSource = { doc, source, displayFile: shownFile };
  const diagnostics: Diagnostic[] = yamlErrorsToDiagnostics(doc.errors, source, shownFile);
  // Past a syntax error the data is guesswork; a duplicate key alone still validates (last wins).
  if (doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) throw problemsError(diagnostics, shownFile);

  if (doc.contents === null) {
    throw new UserError(`${shownFile} is empty`, {
      code: 'CONFIG_INVALID',
      hint: 'it needs at least "name: my-app"; run "neosl init" to create a project',
    });
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // yaml refuses documents that expand aliases excessively ("billion laughs").
    diagnostics.push(diagnosticAt(config, [], `cannot read the YAML: ${(error as Error).message}`));
    throw problemsError(diagnostics, shownFile);
  }
  if (!isMap(doc.contents) || !isObject(raw)) {
    diagnostics.push(diagnosticAt(config, [], `expected a mapping of keys like "name: my-app", got ${describeValue(raw)}`));
    throw problemsError(diagnostics, shownFile);
  }

  let dotenv: Record<string, string> = {};
  // Reported after neosl.yaml's own problems.
  let envDiagnostics: Diagnostic[] = [];
  const envFileExists = fileKind(envFile) === 'file';
  if (envFileExists) {
    const parsedEnv = parseEnvSource(readFileSync(envFile, 'utf8'), displayPath(envFile));
    dotenv = parsedEnv.values;
    envDiagnostics = parsedEnv.diagnostics;
  }
  const lookup: EnvLookup = { ...dotenv, ...(options.env ?? process.env) };
  // Backend URLs may name secrets (${env.REDIS_URL}): validated once filled in; a deploy ships them as written.
  const backendUrls = expandBackendUrls(raw, lookup, config);
  diagnostics.push(...backendUrls.diagnostics);

  const result = configSchema.safeParse(raw, { error: configErrorMap, reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.filter((issue) => !backendUrls.unset.has(issue.path.join('.')));
    diagnostics.push(...zodIssuesToDiagnostics(issues, config, configSchema));
  }

  diagnostics.push(...envDiagnostics, ...checkHandlerFiles(raw, dir, config), ...checkEnvReferences(raw, lookup, config));
  if (diagnostics.length > 0 || !result.success) throw problemsError(diagnostics, shownFile);

  return {
    file,
    dir,
    config: resolveConfig(expandEnvironments(result.data, lookup), dir),
    ...(envFileExists ? { envFile } : {}),
    dotenv,
  };
}
