// Immutable versions: `versions/<n>.json`, numbered from 1, written once with an exclusive create
// (a racing writer of the same number fails instead of replacing) and never rewritten.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { Version, VersionSummary } from '../../host/api-types.js';
import { checkShape, readStoreJson, ShapeProblem, storeCorrupt } from './store-json.js';
import { createFileExclusive } from './store-files.js';
import { checkVersion, versionHash } from './version-shape.js';

export type NewVersion = Pick<Version, 'project' | 'message' | 'createdBy' | 'functions' | 'settings'>;

const VERSION_FILE = /^([1-9]\d*)\.json$/;
const HASH_PREFIX = /^[0-9a-f]{7,64}$/;

/** A version as `GET /_neosl/versions` lists it: each function's bundle hash, no configs or settings. */
export function summarizeVersion(version: Version): VersionSummary {
  const { functions, settings: _settings, ...rest } = version;
  const summary: Record<string, { sha256: string }> = {};
  for (const [name, fn] of Object.entries(functions)) summary[name] = { sha256: fn.sha256 };
  return { ...rest, functions: summary };
}

/** The version numbered `number` made of `input`, checked as a stored one is: VERSION_INVALID. */
export function buildVersion(number: number, input: NewVersion, now = new Date()): Version {
  const version: Version = {
    id: `v${number}`,
    number,
    hash: versionHash(input),
    project: input.project,
    ...(input.message === undefined ? {} : { message: input.message }),
    createdAt: now.toISOString(),
    createdBy: input.createdBy,
    functions: input.functions,
    settings: input.settings,
  };
  try {
    checkVersion(version);
  } catch (error) {
    if (error instanceof ShapeProblem) throw new UserError(`the new version is not valid: ${error.message}`, { code: 'VERSION_INVALID' });
    throw error;
  }
  return version;
}

export function versionNumberTaken(id: string): UserError {
  return new UserError(`version ${id} was just written by another deploy to this store`, {
    code: 'DEPLOY_CONFLICT',
    hint: 'deploy again: it will get the next number',
  });
}

/** "v3", "3", or a hash prefix of at least 7 hex digits that only one of `versions` has. VERSION_AMBIGUOUS. */
export function findVersionByRef(ref: string, versions: ReadonlyMap<number, Version>): Version | undefined {
  const numbered = /^v(\d+)$/.exec(ref) ?? /^(\d+)$/.exec(ref);
  const byNumber = numbered === null ? undefined : versions.get(Number(numbered[1]));
  if (byNumber !== undefined || !HASH_PREFIX.test(ref)) return byNumber;
  const matches = [...versions.values()].filter((version) => version.hash.startsWith(ref));
  if (matches.length > 1) {
    throw new UserError(`the hash prefix ${ref} is shared by ${matches.map((version) => version.id).join(', ')}`, {
      code: 'VERSION_AMBIGUOUS',
      hint: 'give more digits of the hash, or the version id (v3)',
    });
  }
  return matches[0];
}

export function versionNotFound(ref: string, newest: Version | undefined): UserError {
  return new UserError(`there is no version ${ref} on this host`, {
    code: 'VERSION_NOT_FOUND',
    hint: newest === undefined ? 'nothing has been deployed yet' : `versions are v1 to ${newest.id}; "neosl versions" lists them`,
  });
}

export class VersionStore {
  /** By number; versions never change once written, so a file is read once. */
  private readonly loaded = new Map<number, Version>();

  constructor(readonly dir: string) {}

  /** Reads the version files written since the last look (by this process or another). */
  refresh(): void {
    for (const name of readdirSync(this.dir)) {
      const match = VERSION_FILE.exec(name);
      if (match === null) continue;
      const number = Number(match[1]);
      if (this.loaded.has(number)) continue;
      const file = join(this.dir, name);
      const version = checkShape(file, readStoreJson(file), checkVersion);
      if (version.number !== number) throw storeCorrupt(file, `it holds version ${version.id}, not v${number}`);
      this.loaded.set(number, version);
    }
  }

  /** Writes the next version (the last number + 1); DEPLOY_CONFLICT when another writer took that number first. */
  create(input: NewVersion): Version {
    this.refresh();
    const number = Math.max(0, ...this.loaded.keys()) + 1;
    const version = buildVersion(number, input);
    if (!createFileExclusive(join(this.dir, `${number}.json`), `${JSON.stringify(version, null, 2)}\n`)) throw versionNumberTaken(version.id);
    this.loaded.set(number, version);
    return version;
  }

  /** "v3", "3", or a hash prefix of at least 7 hex digits that only one version has. */
  find(ref: string): Version | undefined {
    this.refresh();
    return findVersionByRef(ref, this.loaded);
  }

  /** Like find, with VERSION_NOT_FOUND when there is no such version. */
  get(ref: string): Version {
    const version = this.find(ref);
    if (version !== undefined) return version;
    throw versionNotFound(ref, this.list()[0]);
  }

  /** Newest first. */
  list(): Version[] {
    this.refresh();
    return [...this.loaded.values()].sort((a, b) => b.number - a.number);
  }
}
