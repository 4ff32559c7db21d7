// The `neosl dev` dashboard on a TTY. The dev command imports this module lazily, so Ink and React
// stay off the start-up path of every other command.
import type { EventEmitter } from 'node:events';
import type { HostEventMap } from '../host/events.js';
import { createDashboardStore } from './dashboard-store.js';
import { Dashboard } from './dashboard-view.js';
import type { DashboardAction } from './dashboard-view.js';
import { renderInk } from './render-ink.js';
import type { InkOptions } from './render-ink.js';

export type { DashboardAction } from './dashboard-view.js';

export interface DashboardOptions extends InkOptions {
  /** Shown until the session's ready event says otherwise. */
  url?: string;
  /**
   * q / Ctrl-C → 'quit' (the dashboard then unmounts; stop the session as on SIGINT, since raw mode
   * turns Ctrl-C into a key), r → 'rebuild', c → 'clear', b → 'bench' with the selected function.
   */
  onKey?: (action: DashboardAction, functionName?: string) => void;
  /** The function selected at first, e.g. the one the `b` key benched before the dashboard came back. */
  selected?: string;
}

export interface DashboardHandle {
  unmount(): void;
  /** Settles once the dashboard is gone: after `unmount()` or the quit key. */
  waitUntilExit(): Promise<void>;
}

/** Renders the dashboard for a dev session's events until unmounted or quit. */
export function renderDashboard(events: EventEmitter<HostEventMap>, options: DashboardOptions = {}): DashboardHandle {
  const store = createDashboardStore(events, { maxPerSecond: 30, url: options.url });
  // Ctrl-C reaches the view as a key in raw mode: it goes through onKey('quit') so the session drains.
  return renderInk(store, (color) => <Dashboard store={store} color={color} onKey={options.onKey} initialSelection={options.selected} />, options);
}
