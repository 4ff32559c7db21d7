// The notification side of the dashboards' stores: a snapshot handed to React's useSyncExternalStore,
// renewed and announced at most `maxPerSecond` times a second however often the data changes.
import type { EventEmitter } from 'node:events';

export interface ThrottledStore<Snapshot> {
  /** For React's useSyncExternalStore: returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The same object until the next notification. */
  getSnapshot(): Snapshot;
  /** Says the data changed: a fresh snapshot and a notification follow, throttled. */
  changed(): void;
  /** Drops the listeners and cancels a pending notification; later changes are ignored. */
  dispose(): void;
}

/** `takeSnapshot` is called once now, then once per notification. */
export function createThrottledStore<Snapshot>(takeSnapshot: () => Snapshot, maxPerSecond: number): ThrottledStore<Snapshot> {
  const intervalMs = Math.ceil(1000 / maxPerSecond);
  const listeners = new Set<() => void>();
  let snapshot = takeSnapshot();
  let timer: NodeJS.Timeout | undefined;
  let lastNotified = Number.NEGATIVE_INFINITY;
  let disposed = false;

  function flush(): void {
    timer = undefined;
    if (disposed) return;
    lastNotified = Date.now();
    snapshot = takeSnapshot();
    for (const listener of [...listeners]) listener();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    // Leading and trailing throttle: the first change after a quiet spell shows at once, later ones
    // wait for the interval to pass; one timer at a time, however many changes arrive meanwhile.
    changed() {
      if (disposed || timer !== undefined) return;
      const delay = Math.max(0, lastNotified + intervalMs - Date.now());
      timer = setTimeout(flush, delay);
      timer.unref?.();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}

/** A handler for some of an emitter's events, each typed by its event map. */
export type EventHandlers<Events extends Record<keyof Events, unknown[]>> = {
  [Name in keyof Events]?: (...args: Events[Name]) => void;
};

/** Adds the handlers to the emitter; returns the function that removes them. */
export function listen<Events extends Record<keyof Events, unknown[]>>(
  events: EventEmitter<Events>,
  handlers: EventHandlers<Events>,
): () => void {
  // The emitter's own typings cannot tie a name to its handler over a mapped type.
  const emitter = events as unknown as EventEmitter;
  const entries = Object.entries(handlers) as Array<[string, (...args: unknown[]) => void]>;
  for (const [name, handler] of entries) emitter.on(name, handler);
  return () => {
    for (const [name, handler] of entries) emitter.off(name, handler);
  };
}
