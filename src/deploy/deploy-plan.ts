// What a deploy changes against the host's active version: the functions added, changed (code,
// source map, which config keys), unchanged and removed, the settings changed, and the new version's
// hash, computed as the host computes it, so that "no changes" is known before anything is sent.
import type { ProjectSettings, Version, VersionFunction } from '../host/api-types.js';
import { canonicalJson } from '../serve/store/canonical-json.js';
import { versionHash as storeVersionHash } from '../serve/store/version-shape.js';

/** What this deploy would make the active version. */
export interface LocalVersion {
  project: string;
  /** In the order they are shown (neosl.yaml's). */
  functions: Record<string, VersionFunction>;
  settings: ProjectSettings;
}

export interface ChangedFunction {
  name: string;
  /** Another bundle or another handler export. */
  code: boolean;
  /** Only the source map differs (e.g. a comment moved the lines). */
  sourceMap: boolean;
  /** Key paths of the function's config that differ, e.g. "timeoutMs", "scaling.maxInstances", "triggers". */
  configKeys: string[];
}

export interface DeployPlan {
  added: string[];
  changed: ChangedFunction[];
  unchanged: string[];
  removed: string[];
  /** Key paths of the settings that differ, e.g. "cache.redisUrl", "blockchain.contracts". */
  settingsChanged: string[];
  /** The new version's hash: sha256 of the canonical JSON of {project, functions, settings}. */
  hash: string;
}

/** How deep key paths go: "scaling.maxInstances", "cache.redisUrl"; deeper differences are named by their parent. */
const KEY_PATH_DEPTH = 2;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** The key paths (up to `depth` keys long) where `before` and `after` differ; [] when they are the same. */
export function changedKeyPaths(before: unknown, after: unknown, depth = KEY_PATH_DEPTH, prefix = ''): string[] {
  if (same(before, after)) return [];
  if (depth === 0 || !isPlainObject(before) || !isPlainObject(after)) return [prefix === '' ? '(all)' : prefix];
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.flatMap((key) => changedKeyPaths(before[key], after[key], depth - 1, prefix === '' ? key : `${prefix}.${key}`));
}

/** The hash the host gives a version of this content. */
/** The hash the host gives a version of these functions and settings (store/version-shape.ts). */
export const versionHash = (local: LocalVersion): string => storeVersionHash(local);

function compareFunction(name: string, before: VersionFunction, after: VersionFunction): ChangedFunction | undefined {
  const code = before.sha256 !== after.sha256 || before.exportName !== after.exportName;
  const sourceMap = !code && (before.mapSha256 ?? null) !== (after.mapSha256 ?? null);
  const configKeys = changedKeyPaths(before.config, after.config);
  return code || sourceMap || configKeys.length > 0 ? { name, code, sourceMap, configKeys } : undefined;
}

/** The diff of `local` against the `active` version (none: everything is added). */
export function planDeploy(local: LocalVersion, active: Version | undefined): DeployPlan {
  const before = active?.functions ?? {};
  const plan: DeployPlan = { added: [], changed: [], unchanged: [], removed: [], settingsChanged: [], hash: versionHash(local) };
  for (const [name, fn] of Object.entries(local.functions)) {
    if (!Object.hasOwn(before, name)) {
      plan.added.push(name);
      continue;
    }
    const changed = compareFunction(name, before[name]!, fn);
    if (changed === undefined) plan.unchanged.push(name);
    else plan.changed.push(changed);
  }
  plan.removed = Object.keys(before).filter((name) => !Object.hasOwn(local.functions, name));
  if (active !== undefined) plan.settingsChanged = changedKeyPaths(active.settings, local.settings);
  return plan;
}

/** Nothing to deploy: the active version has this content already. */
export function hasNoChanges(plan: DeployPlan, active: Version | undefined): boolean {
  if (active === undefined) return false;
  if (active.hash === plan.hash) return true;
  return plan.added.length === 0 && plan.changed.length === 0 && plan.removed.length === 0 && plan.settingsChanged.length === 0;
}
