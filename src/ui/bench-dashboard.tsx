// The `neosl bench` dashboard on a TTY. The bench command imports this module lazily, so Ink and
// React stay off the start-up path of every other command.
import type { EventEmitter } from 'node:events';
import type { BenchEventMap } from '../bench/events.js';
import { createBenchDashboardStore } from './bench-dashboard-store.js';
import { BenchDashboard } from './bench-dashboard-view.js';
import { renderInk } from './render-ink.js';
import type { InkOptions } from './render-ink.js';

export interface BenchDashboardOptions extends InkOptions {
  /** Redraws per second at most (default 10, capped at 30). */
  maxPerSecond?: number;
}

export interface BenchDashboardHandle {
  unmount(): void;
  /** Settles once the dashboard is gone: after `unmount()` or the run's done event. */
  waitUntilExit(): Promise<void>;
}

/**
 * Renders the live dashboard for a bench run's events. On the done event it draws a final frame
 * and unmounts itself. It reads no keys: the command handles SIGINT.
 */
export function renderBenchDashboard(events: EventEmitter<BenchEventMap>, options: BenchDashboardOptions = {}): BenchDashboardHandle {
  const store = createBenchDashboardStore(events, { maxPerSecond: options.maxPerSecond });
  return renderInk(store, (color) => <BenchDashboard store={store} color={color} />, options);
}
