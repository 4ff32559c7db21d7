// The `neosl dev` dashboard on a TTY. The dev command imports this module lazily, so Ink and React
// stay off the start-up path of every other command.
import type { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { DevEventMap } from '../dev/events.js';
import { colorEnabled } from '../output/colors.js';
import { createDashboardStore } from './dashboard-store.js';
import { Dashboard } from './dashboard-view.js';
import type { DashboardAction } from './dashboard-view.js';

export type { DashboardAction } from './dashboard-view.js';

export interface DashboardOptions {
  /** Shown until the session's ready event says otherwise. */
  url?: string;
  /**
   * q / Ctrl-C → 'quit' (the dashboard then unmounts; stop the session as on SIGINT, since raw mode
   * turns Ctrl-C into a key), r → 'rebuild', c → 'clear', b → 'bench' with the selected function.
   */
  onKey?: (action: DashboardAction, functionName?: string) => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Stray console output is printed above the dashboard instead of through it (default true). */
  patchConsole?: boolean;
}

export interface DashboardHandle {
  unmount(): void;
  /** Settles once the dashboard is gone: after `unmount()` or the quit key. */
  waitUntilExit(): Promise<void>;
}

/** Renders the dashboard for a dev session's events until unmounted or quit. */
export function renderDashboard(events: EventEmitter<DevEventMap>, options: DashboardOptions = {}): DashboardHandle {
  const stdout = options.stdout ?? process.stdout;
  const store = createDashboardStore(events, { maxPerSecond: 30, url: options.url });
  const instance = render(<Dashboard store={store} color={colorEnabled(stdout)} onKey={options.onKey} />, {
    stdout,
    stdin: options.stdin ?? process.stdin,
    maxFps: 30,
    // Ctrl-C reaches us as a key in raw mode: it goes through onKey('quit') so the session drains.
    exitOnCtrlC: false,
    patchConsole: options.patchConsole ?? true,
  });
  const exited = instance.waitUntilExit().then(
    () => store.dispose(),
    (error: unknown) => {
      store.dispose();
      throw error;
    },
  );
  return {
    unmount() {
      instance.unmount();
      store.dispose();
    },
    waitUntilExit: () => exited,
  };
}
