// The `neosl bench` dashboard on a TTY. The bench command imports this module lazily, so Ink and
// React stay off the start-up path of every other command.
import type { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { BenchEventMap } from '../bench/events.js';
import { colorEnabled } from '../output/colors.js';
import { createBenchDashboardStore } from './bench-dashboard-store.js';
import { BenchDashboard } from './bench-dashboard-view.js';

export interface BenchDashboardOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Stray console output is printed above the dashboard instead of through it (default true). */
  patchConsole?: boolean;
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
  const stdout = options.stdout ?? process.stdout;
  const store = createBenchDashboardStore(events, { maxPerSecond: options.maxPerSecond });
  const instance = render(<BenchDashboard store={store} color={colorEnabled(stdout)} />, {
    stdout,
    stdin: options.stdin ?? process.stdin,
    maxFps: 30,
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
