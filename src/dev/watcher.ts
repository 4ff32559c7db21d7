// Watches the project for saved changes: chokidar, ignoring .git, node_modules, dist and .neosl, and
// a short debounce that turns a burst of events (an editor's save, a git checkout) into one batch.
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export const DEBOUNCE_MS = 20;
/**
 * chokidar drops a file's 'change' events for 50 ms after one it emitted, so a second save inside
 * that window (a formatter rewriting on save, a fix typed right after a broken save) would be lost:
 * a file is stat'ed again after that window and reported once more if it changed meanwhile.
 */
const RECHECK_MS = 60;
const IGNORED = new Set(['.git', 'node_modules', 'dist', '.neosl']);

export interface ChangeBatch {
  /** Project-relative, '/'-separated. */
  files: string[];
  /** performance.now() of the first change of the batch. */
  firstSeen: number;
}

export interface ProjectWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchProject(projectDir: string, onBatch: (batch: ChangeBatch) => void, extraIgnored: string[] = []): ProjectWatcher {
  const ignoredDirs = extraIgnored.map((dir) => relative(projectDir, dir).split(sep).join('/')).filter((dir) => dir && !dir.startsWith('..'));
  const ignored = (path: string) => {
    const rel = relative(projectDir, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) return false;
    const parts = rel.split('/');
    if (parts.some((part) => IGNORED.has(part))) return true;
    return ignoredDirs.some((dir) => rel === dir || rel.startsWith(`${dir}/`));
  };
  const watcher: FSWatcher = watch(projectDir, { ignored, ignoreInitial: true, alwaysStat: true });
  const seen = new Map<string, number>();
  const rechecks = new Map<string, NodeJS.Timeout>();
  let closed = false;
  let pending = new Set<string>();
  let firstSeen = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const files = [...pending];
    pending = new Set();
    onBatch({ files, firstSeen });
  };
  const recheck = (path: string) => {
    clearTimeout(rechecks.get(path));
    rechecks.set(
      path,
      setTimeout(() => {
        rechecks.delete(path);
        if (closed) return;
        stat(path).then(
          (stats) => {
            if (!closed && stats.mtimeMs !== seen.get(path)) onChange(path, stats);
          },
          () => undefined,
        );
      }, RECHECK_MS),
    );
  };
  const onChange = (path: string, stats?: Stats) => {
    if (stats) {
      seen.set(path, stats.mtimeMs);
      recheck(path);
    }
    if (pending.size === 0) firstSeen = performance.now();
    pending.add(relative(projectDir, path).split(sep).join('/'));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };
  watcher.on('add', onChange).on('change', onChange).on('unlink', (path) => onChange(path));
  watcher.on('error', () => {
    // e.g. a folder removed while being read: the next event brings the watcher up to date.
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const pendingCheck of rechecks.values()) clearTimeout(pendingCheck);
      await watcher.close();
    },
  };
}
