// What `neosl versions` shows of a host's versions: which functions each one changed against the
// version before it (by bundle sha256), which is active or a running canary, and the table itself.
import type { Colors } from '../output/colors.js';
import type { Canary, VersionSummary } from '../host/api-types.js';

/** `GET /_neosl/versions`: newest first. */
export interface VersionList {
  project: string | null;
  active: string | null;
  canary: Canary | null;
  versions: VersionSummary[];
}

export interface FunctionChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface VersionTableOptions {
  /** Epoch ms the "3 min ago" column counts from (default: Date.now()). */
  now?: number;
  /** Names shown per kind of change before "+N more" (default 3). */
  namesPerChange?: number;
}

/** The functions `version` added, changed (another bundle) or removed against `previous` (none: all added). */
export function functionChanges(version: VersionSummary, previous: VersionSummary | undefined): FunctionChanges {
  const before = previous?.functions ?? {};
  const after = version.functions;
  const sorted = (names: string[]) => names.sort((a, b) => a.localeCompare(b));
  return {
    added: sorted(Object.keys(after).filter((name) => !(name in before))),
    changed: sorted(Object.keys(after).filter((name) => name in before && before[name]!.sha256 !== after[name]!.sha256)),
    removed: sorted(Object.keys(before).filter((name) => !(name in after))),
  };
}

/** Each version's changes against the next older one in the list (the list is newest first). */
export function changesByVersion(versions: readonly VersionSummary[]): Map<string, FunctionChanges> {
  return new Map(versions.map((version, index) => [version.id, functionChanges(version, versions[index + 1])]));
}

/** The versions that added, changed or removed `functionName`, newest first. */
export function versionsChangingFunction(versions: readonly VersionSummary[], functionName: string): VersionSummary[] {
  const changes = changesByVersion(versions);
  return versions.filter((version) => {
    const { added, changed, removed } = changes.get(version.id)!;
    return added.includes(functionName) || changed.includes(functionName) || removed.includes(functionName);
  });
}

/** "just now", "4 min ago", "3 h ago", "12 d ago". */
export function formatRelativeTime(iso: string, now: number): string {
  const elapsedMs = now - Date.parse(iso);
  if (!Number.isFinite(elapsedMs)) return '?';
  const seconds = Math.floor(elapsedMs / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** An ISO time to the second: 2025-03-01T12:00:00Z. */
function isoToSecond(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? `${new Date(time).toISOString().slice(0, 19)}Z` : iso;
}

/** "changed hello; added billing, report; removed legacy" ("-" when no function changed). */
export function formatFunctionChanges(changes: FunctionChanges, namesPerChange = 3): string {
  const names = (list: string[]) => (list.length > namesPerChange ? `${list.slice(0, namesPerChange).join(', ')} +${list.length - namesPerChange} more` : list.join(', '));
  const parts = [
    changes.changed.length > 0 ? `changed ${names(changes.changed)}` : '',
    changes.added.length > 0 ? `added ${names(changes.added)}` : '',
    changes.removed.length > 0 ? `removed ${names(changes.removed)}` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('; ') : '-';
}

/** "active", "canary 10%" (a canary that is running), or "" for the others. */
export function versionStatus(version: VersionSummary, list: Pick<VersionList, 'active' | 'canary'>): string {
  if (list.canary?.state === 'running' && list.canary.version === version.id) return `canary ${list.canary.percent}%`;
  return version.id === list.active ? 'active' : '';
}

/**
 * The table of `shown` (newest first): id, status, created (relative and ISO), by, functions
 * changed against the version before it in `list` (the whole list, even when `shown` is filtered), message.
 */
export function formatVersionTable(shown: readonly VersionSummary[], list: VersionList, colors: Colors, options: VersionTableOptions = {}): string {
  const now = options.now ?? Date.now();
  const changes = changesByVersion(list.versions);
  const header = ['ID', 'STATUS', 'CREATED', '', 'BY', 'FUNCTIONS', 'MESSAGE'];
  const rows = shown.map((version) => [
    version.id,
    versionStatus(version, list),
    formatRelativeTime(version.createdAt, now),
    isoToSecond(version.createdAt),
    version.createdBy,
    formatFunctionChanges(changes.get(version.id) ?? functionChanges(version, undefined), options.namesPerChange),
    version.message ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[], style: (text: string, column: number) => string) =>
    cells
      .map((cell, column) => style(column === cells.length - 1 ? cell : cell.padEnd(widths[column]!), column))
      .join('  ')
      .trimEnd();
  const statusStyle = (text: string) => (text.startsWith('active') ? colors.green(text) : text.startsWith('canary') ? colors.yellow(text) : text);
  return [
    line(header, (text) => colors.dim(text)),
    ...rows.map((row) => line(row, (text, column) => (column === 0 ? colors.bold(text) : column === 1 ? statusStyle(text) : column === 3 ? colors.dim(text) : text))),
  ].join('\n');
}
