// Folding repeated lines of the dev log: a function that logs on every block (every 100 ms, every
// second) must not bury everything else. A line that repeats more than `burst` times within
// `windowMs` (same function, same kind, same message once numbers and hashes are set aside) is
// folded: the later ones are counted, and once per window one line shows the latest with the count,
// until that line has been quiet for a window. Warnings, errors and failed requests are never folded.
import type { LogEvent, RequestEvent } from '../host/events.js';

export interface RepeatFolderOptions {
  /** Lines of one kind shown one by one per window before folding starts (default 3). */
  burst?: number;
  /** Milliseconds (default 10 s). */
  windowMs?: number;
}

/** The lines folded since the last summary of one kind. */
export interface FoldedRun<T> {
  /** How many were folded (not shown one by one). */
  count: number;
  /** The time of the first folded one. */
  since: number;
  /** The most recent one, to show with the count. */
  latest: T;
  latestTime: number;
}

interface KindState<T> {
  burstStart: number;
  shown: number;
  folding: boolean;
  foldedSince: number;
  count: number;
  lastTime: number;
  latest?: T;
}

export class RepeatFolder<T> {
  private readonly burst: number;
  private readonly windowMs: number;
  private readonly kinds = new Map<string, KindState<T>>();
  /** Runs that ended (their kind went quiet) before anyone asked. */
  private ended: FoldedRun<T>[] = [];

  constructor(options: RepeatFolderOptions = {}) {
    this.burst = options.burst ?? 3;
    this.windowMs = options.windowMs ?? 10_000;
  }

  /** Whether to show this line now (true) or fold it into its kind's next summary (false). */
  offer(kind: string, time: number, item: T): boolean {
    let state = this.kinds.get(kind);
    if (state !== undefined && time - state.lastTime >= this.windowMs) {
      this.end(state);
      state = undefined;
    }
    if (state === undefined) {
      state = { burstStart: time, shown: 0, folding: false, foldedSince: time, count: 0, lastTime: time };
      this.kinds.set(kind, state);
    }
    state.lastTime = time;
    if (!state.folding) {
      if (time - state.burstStart >= this.windowMs) {
        state.burstStart = time;
        state.shown = 0;
      }
      if (state.shown < this.burst) {
        state.shown++;
        return true;
      }
      state.folding = true;
      state.foldedSince = time;
    }
    state.count++;
    state.latest = item;
    return false;
  }

  /** The summaries due at `now`: a window of folding has passed, or the kind went quiet. */
  due(now: number): FoldedRun<T>[] {
    const runs = this.ended;
    this.ended = [];
    for (const [kind, state] of this.kinds) {
      const quiet = now - state.lastTime >= this.windowMs;
      if (state.count > 0 && (quiet || now - state.foldedSince >= this.windowMs)) {
        runs.push(this.take(state));
        state.foldedSince = now;
      }
      if (quiet) this.kinds.delete(kind);
    }
    return runs;
  }

  /** Every summary still pending (at the end of the session). */
  flush(): FoldedRun<T>[] {
    const runs = this.ended;
    this.ended = [];
    for (const state of this.kinds.values()) if (state.count > 0) runs.push(this.take(state));
    this.kinds.clear();
    return runs;
  }

  private end(state: KindState<T>): void {
    if (state.count > 0) this.ended.push(this.take(state));
  }

  private take(state: KindState<T>): FoldedRun<T> {
    const run: FoldedRun<T> = { count: state.count, since: state.foldedSince, latest: state.latest as T, latestTime: state.lastTime };
    state.count = 0;
    return run;
  }
}

/** A message with its numbers and hashes set aside: "block 123 (0xab…)" and "block 124 (0xcd…)" are one kind. */
function messageShape(text: string): string {
  return text.replace(/0x[0-9a-f]+|\b[0-9a-f]{16,}\b|\d+(?:\.\d+)?/gi, '#');
}

/**
 * The kind of a dev log line for folding, or undefined for a line that is always shown: function
 * logs at info and debug level, and runs of a block, schedule or chain event trigger that succeeded.
 */
export function repeatKind(event: LogEvent | RequestEvent): string | undefined {
  if (event.type === 'log') {
    const { record } = event;
    if (record.level !== 'info' && record.level !== 'debug') return undefined;
    return `log\u0000${record.functionName}\u0000${record.level}\u0000${messageShape(record.message)}`;
  }
  // Trigger runs repeat by nature; a bench's requests (marked x-neosl-bench) come by the thousand.
  const isTriggerRun = event.method === 'BLOCK' || event.method === 'SCHEDULE' || event.method === 'EVENT';
  if ((!isTriggerRun && event.bench !== true) || event.status >= 400) return undefined;
  return `request\u0000${event.bench === true ? 'bench' : ''}\u0000${event.functionName ?? ''}\u0000${event.method}\u0000${messageShape(event.path)}`;
}

/** " (latest of 57 like it in 10s, 5.7/s)" after the latest line of a folded run. */
export function foldedSuffix(run: FoldedRun<unknown>, now: number): string {
  const seconds = Math.max(1, Math.round((Math.max(now, run.latestTime) - run.since) / 1000));
  const rate = run.count / seconds;
  return ` (latest of ${run.count} like it in ${seconds}s, ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s)`;
}
