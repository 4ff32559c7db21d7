// What a version carries of neosl.yaml besides its functions: the backend URLs exactly as written
// (a `${env.NAME}` in them is expanded by the host, from its own environment) and the settings of
// the embedded backends. From a loaded project (`neosl deploy`) or from the parsed YAML alone (a host).
import { readFileSync } from 'node:fs';
import { parseConfigDocument } from '../config/document.js';
import { DEFAULT_DATABASE_URL } from '../config/schema.js';
import type { NeoslConfig } from '../config/types.js';
import { describeValue, parseDuration, UnitParseError } from '../config/units.js';
import { UserError } from '../errors.js';
import type { ProjectSettings } from '../host/api-types.js';
import { displayPath } from '../util/display-path.js';

/** neosl.yaml's defaults (src/config/schema.ts), so that both readings give one hash for one file. */
export const DEFAULT_MEMORY_MAX_ENTRIES = 10_000;
export const DEFAULT_BLOCK_INTERVAL_MS = 1000;

type RawObject = Record<string, unknown>;

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(where: string, key: string, problem: string): UserError {
  return new UserError(`${where}: ${key}: ${problem}`, { code: 'CONFIG_INVALID' });
}

/** The mapping at `path` (absent or null: empty); anything else is an error naming the key. */
function section(raw: RawObject, path: string[], where: string): RawObject {
  let current: unknown = raw;
  for (let depth = 0; depth < path.length; depth++) {
    const next: unknown = (current as RawObject)[path[depth]!];
    if (next === undefined || next === null) return {};
    if (!isObject(next)) throw invalid(where, path.slice(0, depth + 1).join('.'), `expected a mapping, got ${describeValue(next)}`);
    current = next;
  }
  return current as RawObject;
}

function optionalString(value: unknown, key: string, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(where, key, `expected a URL, got ${describeValue(value)}`);
  return value;
}

/** The URLs of the backends exactly as written: `${env.NAME}` kept for the host to expand. */
function writtenUrls(raw: RawObject, where: string): { redisUrl?: string; databaseUrl: string; rpcUrl?: string } {
  const redisUrl = optionalString(section(raw, ['cache', 'redis'], where).url, 'cache.redis.url', where);
  const databaseUrl = optionalString(section(raw, ['database'], where).url, 'database.url', where) ?? DEFAULT_DATABASE_URL;
  const rpcUrl = optionalString(section(raw, ['blockchain'], where).rpcUrl, 'blockchain.rpcUrl', where);
  return { ...(redisUrl !== undefined ? { redisUrl } : {}), databaseUrl, ...(rpcUrl !== undefined ? { rpcUrl } : {}) };
}

/** `blockchain.blockInterval`: a duration (a bare number is seconds); "manual": undefined (blocks only when mined). */
function blockIntervalMs(value: unknown, where: string): number | undefined {
  if (value === 'manual') return undefined;
  if (value === undefined || value === null) return DEFAULT_BLOCK_INTERVAL_MS;
  try {
    if (typeof value !== 'number' && typeof value !== 'string') throw new UnitParseError(`expected a duration like "1s" or "manual", got ${describeValue(value)}`);
    const ms = parseDuration(value, 's');
    if (ms < 1) throw new UnitParseError(`must be at least 1ms, got ${describeValue(value)}`);
    return ms;
  } catch (error) {
    if (error instanceof UnitParseError) throw invalid(where, 'blockchain.blockInterval', error.message);
    throw error;
  }
}

/** `blockchain.contracts` as the config schema reads it: an operation given as a list is its result stack. */
function contracts(value: unknown, where: string): ProjectSettings['blockchain']['contracts'] {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid(where, 'blockchain.contracts', `expected a mapping of script hashes, got ${describeValue(value)}`);
  const result: ProjectSettings['blockchain']['contracts'] = {};
  for (const [hash, operations] of Object.entries(value)) {
    if (!isObject(operations)) throw invalid(where, `blockchain.contracts.${hash}`, `expected a mapping of operations, got ${describeValue(operations)}`);
    const answers: RawObject = {};
    for (const [operation, answer] of Object.entries(operations)) answers[operation] = Array.isArray(answer) ? { stack: answer } : answer;
    Object.defineProperty(result, hash, { value: answers, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function settings(urls: ReturnType<typeof writtenUrls>, memoryMaxEntries: number, intervalMs: number | undefined, contractAnswers: ProjectSettings['blockchain']['contracts']): ProjectSettings {
  return {
    cache: { ...(urls.redisUrl !== undefined ? { redisUrl: urls.redisUrl } : {}), memoryMaxEntries },
    databaseUrl: urls.databaseUrl,
    blockchain: {
      ...(urls.rpcUrl !== undefined ? { rpcUrl: urls.rpcUrl } : {}),
      ...(intervalMs !== undefined ? { blockIntervalMs: intervalMs } : {}),
      contracts: contractAnswers,
    },
  };
}

/**
 * The settings from a parsed neosl.yaml alone, without loading the project (its handler files, its
 * .env): what a host serving a project folder reads. Gives what projectSettings gives for the same
 * file. A value of the wrong kind is a CONFIG_INVALID error naming its key in `shownFile`.
 */
export function settingsFromRawConfig(raw: unknown, shownFile = 'neosl.yaml'): ProjectSettings {
  if (!isObject(raw)) throw new UserError(`${shownFile}: expected a mapping of keys like "name: my-app", got ${describeValue(raw)}`, { code: 'CONFIG_INVALID' });
  const maxEntries = section(raw, ['cache', 'memory'], shownFile).maxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES;
  if (typeof maxEntries !== 'number' || !Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw invalid(shownFile, 'cache.memory.maxEntries', `expected a whole number from 1, got ${describeValue(maxEntries)}`);
  }
  const blockchain = section(raw, ['blockchain'], shownFile);
  return settings(writtenUrls(raw, shownFile), maxEntries, blockIntervalMs(blockchain.blockInterval, shownFile), contracts(blockchain.contracts, shownFile));
}

/**
 * The settings of a loaded project: its backend URLs read again from `configFile` as written (the
 * loaded config may hold them expanded), everything else from the resolved `config`.
 */
export function projectSettings(configFile: string, config: NeoslConfig): ProjectSettings {
  let raw: unknown;
  try {
    raw = parseConfigDocument(readFileSync(configFile, 'utf8')).toJS();
  } catch (error) {
    throw new UserError(`cannot read ${displayPath(configFile)} again for its backend URLs: ${(error as Error).message}`, { code: 'CONFIG_UNREADABLE', cause: error });
  }
  if (!isObject(raw)) throw new UserError(`${displayPath(configFile)} changed while neosl deploy was reading it`, { code: 'CONFIG_UNREADABLE', hint: 'run neosl deploy again' });
  return settings(writtenUrls(raw, displayPath(configFile)), config.cache.memory.maxEntries, config.blockchain.blockIntervalMs, config.blockchain.contracts);
}
