// The dashboard's model: subscribes to a dev session's events, aggregates them, and tells the view
// at most `maxPerSecond` times a second. A burst of 10,000 requests becomes one redraw, not 10,000.
// Request lines come at a rate a person reads (dev/line-budget.ts): under load a request costs a few
// counters here; the lines held back still take their ids, so the view says how many it did not
// show, and the table shows each function's requests per second. Failed requests (5xx), logs,
// builds and errors are always shown. Redraws cost the most (React and Ink, a few ms each): what only
// moves the request counters redraws at most every `requestRefreshMs`, anything else at up to 30 fps.
import type { EventEmitter } from 'node:events';
import type { Diagnostic } from '../errors.js';
import type {
  BuildEvent,
  HostEventMap,
  ErrorEvent,
  FunctionSummary,
  LogEvent,
  MetricsEvent,
  ReadyEvent,
  ReloadEvent,
  RequestEvent,
} from '../host/events.js';
import { buildFailureHeadline, ShownBuildFailures } from '../output/build-failure-text.js';
import { foldedSuffix, RepeatFolder, repeatKind, type FoldedRun, type RepeatFolderOptions } from '../dev/repeat-folder.js';
import { LineBudget, type LineBudgetOptions } from '../dev/line-budget.js';
import { formatClock, formatDuration, formatFields } from './format.js';
import { createThrottledStore, listen } from './throttled-store.js';

export type LineTone = 'normal' | 'dim' | 'green' | 'yellow' | 'red';

/** One entry of the request and log stream. `id`s grow by one per line, never reused. */
export interface StreamLine {
  id: number;
  time: number;
  text: string;
  tone: LineTone;
  /** Located errors shown under the line with their code frame. */
  diagnostics?: Diagnostic[];
}

/** A function's current build failure; gone once a later build of it succeeds. */
export interface BuildErrorEntry {
  functionName: string;
  time: number;
  message: string;
  diagnostics: Diagnostic[];
  /** Whether a version of the function serves meanwhile (else its requests answer 503). */
  serving: boolean;
}

export interface DashboardSnapshot {
  url?: string;
  rssBytes?: number;
  /** From the latest metrics event, plus the requests and build states seen since. */
  functions: readonly FunctionSummary[];
  /** The most recent stream lines, oldest first, at most `maxLines`. */
  lines: readonly StreamLine[];
  buildErrors: readonly BuildErrorEntry[];
  /** Requests per second of each function over the last second (its bench traffic aside); absent before the first second. */
  requestRates: Readonly<Record<string, number>>;
}

export interface DashboardStoreOptions {
  /** Notifications per second at most (default 30). */
  maxPerSecond?: number;
  /** Stream lines kept (default 200); older ones are dropped. */
  maxLines?: number;
  /** Shown until a ready event arrives. */
  url?: string;
  /** How repeated log and trigger lines are folded (see dev/repeat-folder.ts). */
  fold?: RepeatFolderOptions;
  /** How often folded lines are summed up and request rates measured, in ms (default 1000). */
  foldTickMs?: number;
  /** How many request lines are shown under load (default: bursts of 20, then 10 a second). */
  requestLines?: LineBudgetOptions;
  /** A successful request redraws at most this often, in ms (default 250); the first after a quiet spell at once. */
  requestRefreshMs?: number;
}

export interface DashboardStore {
  /** For React's useSyncExternalStore: returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The same object until the next notification. */
  getSnapshot(): DashboardSnapshot;
  /** Drops the stream lines kept so far (the `c` key); build errors stay until fixed. */
  clearLog(): void;
  /** Stops listening to the events and cancels a pending notification. */
  dispose(): void;
}

export function createDashboardStore(
  events: EventEmitter<HostEventMap>,
  options: DashboardStoreOptions = {},
): DashboardStore {
  const maxLines = options.maxLines ?? 200;

  let url: string | undefined = options.url;
  let rssBytes: number | undefined;
  let functions = new Map<string, FunctionSummary>();
  const buildErrors = new Map<string, BuildErrorEntry>();
  let lines: StreamLine[] = [];
  let nextLineId = 1;
  const failures = new ShownBuildFailures();
  const folder = new RepeatFolder<Omit<StreamLine, 'id'>>(options.fold);
  const budget = new LineBudget({ perSecond: 10, burst: 20, ...options.requestLines });
  /** The latest request whose line was held back, with the id it took: shown as a sample when the budget allows and nothing came after it. */
  let latestHidden: { id: number; event: RequestEvent } | undefined;
  /** Requests of each function since the last rate tick. */
  let windowCounts = new Map<string, number>();
  let windowStart = Date.now();
  let requestRates: Record<string, number> = {};

  const store = createThrottledStore(takeSnapshot, options.maxPerSecond ?? 30);
  const { changed } = store;
  const requestRefreshMs = options.requestRefreshMs ?? 250;
  let lastRequestRefresh = Number.NEGATIVE_INFINITY;
  let requestRefresh: NodeJS.Timeout | undefined;

  /** A change of the request counters (and sampled request lines): a redraw soon, not one per request. */
  function requestsChanged(): void {
    if (requestRefresh !== undefined) return;
    const delay = lastRequestRefresh + requestRefreshMs - Date.now();
    if (delay <= 0) {
      lastRequestRefresh = Date.now();
      changed();
      return;
    }
    requestRefresh = setTimeout(() => {
      requestRefresh = undefined;
      lastRequestRefresh = Date.now();
      changed();
    }, delay);
    requestRefresh.unref?.();
  }

  function takeSnapshot(): DashboardSnapshot {
    showLatestHidden();
    return {
      url,
      rssBytes,
      functions: [...functions.values()].map((row) => ({ ...row })),
      lines: lines.slice(),
      buildErrors: [...buildErrors.values()],
      requestRates,
    };
  }

  /** When a burst ends, its last request is what the stream shows last (if the budget allows). */
  function showLatestHidden(): void {
    if (latestHidden === undefined) return;
    const { id, event } = latestHidden;
    if (id === nextLineId - 1 && budget.take(Date.now())) lines.push({ id, ...requestLine(event) });
    if (id !== nextLineId - 1 || lines.at(-1)?.id === id) latestHidden = undefined;
  }

  function requestLine(event: RequestEvent): Omit<StreamLine, 'id'> {
    const parts = [formatClock(event.time), event.method, event.path, String(event.status), formatDuration(event.durationMs)];
    if (event.functionName !== undefined) parts.push(event.functionName);
    if (event.coldStart) parts.push('(cold)');
    if (event.errorCode !== undefined) parts.push(event.errorCode);
    return { time: event.time, text: parts.join(' '), tone: event.status >= 500 ? 'red' : event.status >= 400 ? 'yellow' : 'normal' };
  }

  function measureRates(now: number): void {
    const seconds = (now - windowStart) / 1000;
    if (seconds <= 0) return;
    const rates: Record<string, number> = {};
    for (const name of functions.keys()) rates[name] = (windowCounts.get(name) ?? 0) / seconds;
    requestRates = rates;
    windowCounts = new Map();
    windowStart = now;
    changed();
  }

  function addLine(line: Omit<StreamLine, 'id'>): void {
    lines.push({ id: nextLineId++, ...line });
    // Trim in chunks so a flood does not shift the array on every line.
    if (lines.length > maxLines * 2) lines = lines.slice(-maxLines);
  }

  /** A line that may repeat (a log, a trigger run): added, or folded into a summary line later. */
  function addRepeatable(event: LogEvent | RequestEvent, line: Omit<StreamLine, 'id'>): void {
    const kind = repeatKind(event);
    if (kind === undefined || folder.offer(kind, line.time, line)) addLine(line);
  }

  function addFolded(runs: FoldedRun<Omit<StreamLine, 'id'>>[]): void {
    if (runs.length === 0) return;
    const now = Date.now();
    for (const run of runs) addLine({ ...run.latest, text: `${run.latest.text}${foldedSuffix(run, now)}` });
    changed();
  }

  function row(name: string): FunctionSummary {
    let summary = functions.get(name);
    if (summary === undefined) {
      summary = { name, routes: [], state: 'no-build', version: 0, instances: 0, requests: 0, errors: 0, p50: 0, p99: 0, coldStarts: 0, cache: { hits: 0, misses: 0, hitRate: null } };
      functions.set(name, summary);
    }
    return summary;
  }

  const onReady = (event: ReadyEvent): void => {
    url = event.url;
    changed();
  };

  const onMetrics = (event: MetricsEvent): void => {
    functions = new Map(event.functions.map((summary) => [summary.name, { ...summary }]));
    rssBytes = event.rssBytes;
    changed();
  };

  const onRequest = (event: RequestEvent): void => {
    const name = event.functionName;
    if (name !== undefined && event.bench !== true) {
      const summary = functions.get(name);
      if (summary !== undefined) {
        summary.requests++;
        if (event.status >= 500) summary.errors++;
        if (event.coldStart) summary.coldStarts++;
      }
      windowCounts.set(name, (windowCounts.get(name) ?? 0) + 1);
    }
    const kind = repeatKind(event);
    if (kind !== undefined) {
      const line = requestLine(event);
      if (folder.offer(kind, line.time, line)) addLine(line);
    } else if (event.status >= 500 || budget.take(event.time)) addLine(requestLine(event));
    // Held back: the line takes its id all the same, so the view can say how many it did not show.
    else latestHidden = { id: nextLineId++, event };
    if (event.status >= 500) changed();
    else requestsChanged();
  };

  const onLog = (event: LogEvent): void => {
    const { record } = event;
    const fields = formatFields(record.fields);
    const text = `${formatClock(record.time)} [${record.functionName}] ${record.level} ${record.message}${fields === '' ? '' : ` ${fields}`}`;
    const tone: LineTone = record.level === 'error' ? 'red' : record.level === 'warn' ? 'yellow' : record.level === 'debug' ? 'dim' : 'normal';
    addRepeatable(event, { time: record.time, text, tone });
    changed();
  };

  const onBuild = (event: BuildEvent): void => {
    const summary = row(event.functionName);
    const isNewFailure = failures.onBuild(event);
    if (event.status === 'start') summary.state = 'building';
    else if (event.status === 'success') {
      summary.state = 'ready';
      buildErrors.delete(event.functionName);
    } else {
      summary.state = 'failed';
      const diagnostics = event.diagnostics ?? [];
      const message = event.message ?? diagnostics[0]?.message ?? 'build failed';
      // A dashboard drawn anew (after the b key's bench) has seen no reload yet: the rows know the version.
      const serving = failures.isServing(event.functionName) || summary.version > 0;
      buildErrors.set(event.functionName, { functionName: event.functionName, time: event.time, message, diagnostics, serving });
      // The code frame is in the live box until fixed; the stream keeps one line of history.
      if (isNewFailure) addLine({ time: event.time, text: `${formatClock(event.time)} ✖ ${buildFailureHeadline(event.functionName, message, diagnostics)}`, tone: 'red' });
    }
    changed();
  };

  const onReload = (event: ReloadEvent): void => {
    failures.onServing(event.functionName);
    const summary = functions.get(event.functionName);
    if (summary !== undefined) summary.version = Math.max(summary.version, event.version);
    addLine({
      time: event.time,
      text: `${formatClock(event.time)} ↻ ${event.functionName} v${event.version} in ${formatDuration(event.durationMs)} (${event.cause})`,
      tone: 'green',
    });
    changed();
  };

  const onError = (event: ErrorEvent): void => {
    // A failed build is shown by its build line and the live error box.
    if (failures.repeatsBuildFailure(event)) return;
    const prefix = event.functionName === undefined ? '' : `${event.functionName}: `;
    const code = event.code === undefined ? '' : ` [${event.code}]`;
    const line: Omit<StreamLine, 'id'> = {
      time: event.time,
      text: `${formatClock(event.time)} ${event.warning ? '▲' : '✖'} ${prefix}${event.message}${code}`,
      tone: event.warning ? 'yellow' : 'red',
    };
    if (event.diagnostics !== undefined && event.diagnostics.length > 0) line.diagnostics = event.diagnostics;
    addLine(line);
    changed();
  };

  const stopListening = listen(events, {
    ready: onReady,
    metrics: onMetrics,
    request: onRequest,
    log: onLog,
    build: onBuild,
    reload: onReload,
    error: onError,
  });

  const foldTimer = setInterval(() => {
    const now = Date.now();
    addFolded(folder.due(now));
    measureRates(now);
  }, options.foldTickMs ?? 1000);
  foldTimer.unref();

  return {
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    clearLog() {
      lines = [];
      latestHidden = undefined;
      changed();
    },
    dispose() {
      clearInterval(foldTimer);
      if (requestRefresh !== undefined) clearTimeout(requestRefresh);
      store.dispose();
      stopListening();
    },
  };
}
