// `neosl dev`: the hot-reloading local emulator. Runs until SIGINT/SIGTERM (or the dashboard's q),
// then drains requests, closes the stores and returns (exit 0).
import { EventEmitter } from 'node:events';
import * as inspector from 'node:inspector';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../errors.js';
import { printNdjson, printPlainLines } from '../dev/plain-printer.js';
import { startDevSession, type DevSession } from '../dev/session.js';
import type { DevEventMap } from '../dev/events.js';
import { batchedWriter } from '../dev/batched-writer.js';

interface DevOptions {
  port?: string;
  host?: string;
  dashboard?: boolean;
  persistTo?: string;
  inspect?: boolean | string;
  envFile?: string;
}

type DashboardModule = {
  renderDashboard?: (events: DevSession['events'], options: { onKey?: (action: string) => void }) => { unmount?: () => void } | void;
};

/** The Ink dashboard (src/ui), loaded only on a TTY; undefined when it cannot be shown (plain lines then). */
async function renderDashboardIfAvailable(events: DevSession['events'], onKey: (action: string) => void): Promise<(() => void) | undefined> {
  try {
    const modulePath = '../ui/dashboard.js';
    const ui = (await import(modulePath)) as DashboardModule;
    if (typeof ui.renderDashboard !== 'function') return undefined;
    const handle = ui.renderDashboard(events, { onKey });
    return () => handle?.unmount?.();
  } catch {
    return undefined;
  }
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${value}: expected a port number from 0 to 65535 (0 = any free port)`);
  return port;
}

export async function devCommand(context: CommandContext, _args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as DevOptions;
  const { out } = context;
  const port = parsePort(options.port);
  if (options.inspect) {
    // Instances are worker threads of this process: with the inspector open here, a debugger
    // (Chrome DevTools, VS Code) sees each instance as a worker target and its breakpoints apply.
    const inspectPort = typeof options.inspect === 'string' ? Number(options.inspect) : 9229;
    inspector.open(inspectPort, '127.0.0.1');
    out.info(`Inspector open on 127.0.0.1:${inspectPort}: each function instance appears as a worker target (chrome://inspect, VS Code attach)`);
  }

  // The printers (or the dashboard) subscribe before the session starts, so that they show its first builds.
  const events = new EventEmitter<DevEventMap>();
  const stdout = batchedWriter(process.stdout);
  const stderr = batchedWriter(process.stderr);
  let stop: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let session: DevSession | undefined;
  let detach: (() => void) | undefined;
  if (process.stdout.isTTY === true && options.dashboard !== false && !out.json) {
    detach = await renderDashboardIfAvailable(events, (action) => {
      if (action === 'quit') stop?.();
      else if (action === 'rebuild') void session?.rebuildAll();
    });
  }
  detach ??= out.json ? printNdjson(events, stdout) : printPlainLines(events, stderr, out.colors);

  // From here on a signal stops the session cleanly (if it comes during start-up: once started).
  const onSignal = () => stop?.();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    session = await startDevSession({ cwd: context.cwd, env: context.env, port, host: options.host, persistTo: options.persistTo, envFile: options.envFile, events });
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    detach();
    stderr.flush();
    if (options.inspect) inspector.close();
    throw error;
  }

  await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  stderr.flush();
  if (!out.json) out.info('Stopping: finishing requests in flight, saving state…');
  await session.close();
  detach();
  stdout.flush();
  stderr.flush();
  if (options.inspect) inspector.close();
}
