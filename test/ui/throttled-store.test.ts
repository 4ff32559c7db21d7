import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottledStore, listen } from '../../src/ui/throttled-store.js';

describe('throttled store', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('notifies the first change at once and coalesces later ones until the interval has passed', () => {
    let version = 0;
    const store = createThrottledStore(() => ({ version }), 4);
    const notifiedAt: number[] = [];
    store.subscribe(() => notifiedAt.push(Date.now()));
    expect(store.getSnapshot()).toEqual({ version: 0 });

    version = 1;
    store.changed();
    vi.advanceTimersByTime(0);
    expect(notifiedAt).toEqual([0]);
    expect(store.getSnapshot()).toEqual({ version: 1 });

    // Three changes within the 250 ms interval: one notification at its end, with the last of them.
    for (const next of [2, 3, 4]) {
      version = next;
      store.changed();
      vi.advanceTimersByTime(50);
    }
    expect(store.getSnapshot()).toEqual({ version: 1 });
    vi.advanceTimersByTime(100);
    expect(notifiedAt).toEqual([0, 250]);
    expect(store.getSnapshot()).toEqual({ version: 4 });
  });

  it('stops notifying once unsubscribed or disposed, and drops a pending notification', () => {
    const store = createThrottledStore(() => ({}), 10);
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribe = store.subscribe(first);
    store.subscribe(second);
    unsubscribe();
    store.changed();
    vi.advanceTimersByTime(0);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);

    store.changed();
    store.dispose();
    store.changed();
    vi.advanceTimersByTime(1_000);
    expect(second).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('listen', () => {
  it('adds each handler to its event and removes them all', () => {
    const events = new EventEmitter<{ ping: [number]; pong: [string] }>();
    const pings: number[] = [];
    const stop = listen(events, { ping: (value) => pings.push(value) });
    events.emit('ping', 1);
    expect(pings).toEqual([1]);
    expect(events.listenerCount('pong')).toBe(0);
    stop();
    events.emit('ping', 2);
    expect(pings).toEqual([1]);
    expect(events.listenerCount('ping')).toBe(0);
  });
});
