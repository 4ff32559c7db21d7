// What a versions/<n>.json must hold to be served: checked when the store opens and before a version
// is written, so the store never writes what it would later refuse to read.
import type { ProjectSettings, Version, VersionFunction } from '../../host/api-types.js';
import { canonicalHash } from './canonical-json.js';
import { isRecord, SHA256_HEX, ShapeProblem, wrongShape } from './store-json.js';

/** The hash of a version: sha256 of the canonical JSON of {project, functions, settings}. */
export function versionHash(version: Pick<Version, 'project' | 'functions' | 'settings'>): string {
  return canonicalHash({ project: version.project, functions: version.functions, settings: version.settings });
}

const string = (path: string, value: unknown): string => (typeof value === 'string' ? value : wrongShape(path, 'a string', value));
const sha = (path: string, value: unknown): string => (typeof value === 'string' && SHA256_HEX.test(value) ? value : wrongShape(path, 'a sha256 (64 lower-case hex digits)', value));
const record = (path: string, value: unknown): Record<string, unknown> => (isRecord(value) ? value : wrongShape(path, 'an object', value));

function checkFunction(path: string, value: unknown): VersionFunction {
  const fn = record(path, value);
  sha(`${path}.sha256`, fn.sha256);
  if (fn.mapSha256 !== undefined) sha(`${path}.mapSha256`, fn.mapSha256);
  string(`${path}.exportName`, fn.exportName);
  checkConfig(`${path}.config`, fn.config);
  return fn as unknown as VersionFunction;
}

/** What the runtime and the router read of a function's config: a malformed one is refused before anything starts. */
function checkConfig(path: string, value: unknown): void {
  const config = record(path, value);
  string(`${path}.handler.file`, record(`${path}.handler`, config.handler).file);
  for (const key of ['timeoutMs', 'memoryMb'] as const) {
    if (typeof config[key] !== 'number' || !(config[key] > 0)) wrongShape(`${path}.${key}`, 'a positive number', config[key]);
  }
  const scaling = record(`${path}.scaling`, config.scaling);
  for (const key of ['minInstances', 'maxInstances', 'targetConcurrency', 'cooldownMs'] as const) {
    if (typeof scaling[key] !== 'number' || !(scaling[key] >= 0)) wrongShape(`${path}.scaling.${key}`, 'a number from 0', scaling[key]);
  }
  for (const key of ['triggers', 'permissions'] as const) if (!Array.isArray(config[key])) wrongShape(`${path}.${key}`, 'a list', config[key]);
  for (const [index, trigger] of (config.triggers as unknown[]).entries()) string(`${path}.triggers[${index}].kind`, record(`${path}.triggers[${index}]`, trigger).kind);
  if (config.secrets !== undefined && !Array.isArray(config.secrets)) wrongShape(`${path}.secrets`, 'a list', config.secrets);
  for (const [key, env] of Object.entries(record(`${path}.environment`, config.environment))) string(`${path}.environment.${key}`, env);
}

function checkSettings(value: unknown): ProjectSettings {
  const settings = record('settings', value);
  const cache = record('settings.cache', settings.cache);
  if (typeof cache.memoryMaxEntries !== 'number') wrongShape('settings.cache.memoryMaxEntries', 'a number', cache.memoryMaxEntries);
  if (cache.redisUrl !== undefined) string('settings.cache.redisUrl', cache.redisUrl);
  string('settings.databaseUrl', settings.databaseUrl);
  const blockchain = record('settings.blockchain', settings.blockchain);
  if (blockchain.rpcUrl !== undefined) string('settings.blockchain.rpcUrl', blockchain.rpcUrl);
  if (blockchain.blockIntervalMs !== undefined && typeof blockchain.blockIntervalMs !== 'number') {
    wrongShape('settings.blockchain.blockIntervalMs', 'a number', blockchain.blockIntervalMs);
  }
  record('settings.blockchain.contracts', blockchain.contracts);
  return settings as unknown as ProjectSettings;
}

/** `value` as a Version, or a ShapeProblem naming the first field that is wrong. */
export function checkVersion(value: unknown): Version {
  const version = record('the file', value);
  const number = version.number;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) wrongShape('number', 'a whole number from 1', number);
  if (version.id !== `v${number}`) wrongShape('id', `"v${number}" (its number is ${number})`, version.id);
  sha('hash', version.hash);
  if (string('project', version.project) === '') wrongShape('project', 'a project name', version.project);
  if (version.message !== undefined) string('message', version.message);
  if (Number.isNaN(Date.parse(string('createdAt', version.createdAt)))) wrongShape('createdAt', 'an ISO date', version.createdAt);
  string('createdBy', version.createdBy);
  const functions = record('functions', version.functions);
  for (const [name, fn] of Object.entries(functions)) checkFunction(`functions.${name}`, fn);
  checkSettings(version.settings);
  const checked = version as unknown as Version;
  if (versionHash(checked) !== checked.hash) throw new ShapeProblem(`its hash ${checked.hash} is not the hash of its content (edited by hand?)`);
  return checked;
}
