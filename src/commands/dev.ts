// `neosl dev`: the hot-reloading local emulator. Runs until SIGINT/SIGTERM (or the dashboard's q),
// then drains requests, closes the stores and returns (exit 0).
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync } from 'node:fs';
import * as inspector from 'node:inspector';
import { dirname, join, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { fileSystemUserError, isUserError, UsageError, UserError } from '../errors.js';
import { errorToJson, formatError } from '../output/format-error.js';
import { printNdjson, printPlainLines } from '../dev/plain-printer.js';
import { startDevSession, type DevSession } from '../dev/session.js';
import type { HostEventMap } from '../host/events.js';
import { batchedWriter, type BatchedWriter } from '../dev/batched-writer.js';
import { canShowLiveDisplay } from '../output/live-terminal.js';
import { findConfigFile } from '../config/find.js';
import { setInstanceCpuProfiling } from '../runtime/worker-launch.js';
import { displayPath } from '../util/display-path.js';
import type { DashboardAction } from '../ui/dashboard.js';
import { importUi } from '../ui/import-ui.js';
import { CONSOLE_PATH } from '../emulator/console-routes.js';

interface DevOptions {
  port?: string;
  host?: string;
  dashboard?: boolean;
  persistTo?: string;
  inspect?: boolean | string;
  cpuProf?: boolean;
  cpuProfDir?: string;
  envFile?: string;
}

/** The Ink dashboard (src/ui), imported only when it is shown so Ink and React stay off every other path. */
async function renderDashboard(
  events: DevSession['events'],
  onKey: (action: DashboardAction, functionName?: string) => void,
  shown: { url?: string; selected?: string } = {},
): Promise<() => void> {
  const ui = await importUi(() => import('../ui/dashboard.js'));
  const handle = ui.renderDashboard(events, { onKey, ...shown });
  return () => handle.unmount();
}

const CPU_PROFILE = /\.cpuprofile$/;

function listProfiles(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir).filter((name) => CPU_PROFILE.test(name)));
  } catch {
    return new Set();
  }
}

/**
 * --cpu-prof [--cpu-prof-dir DIR]: each instance writes a CPU profile into DIR (relative to where
 * neosl runs; default .neosl/profiles of the project) when it stops. Returns the folder and the
 * profiles already in it, or undefined when not asked.
 */
function startInstanceProfiling(options: DevOptions, cwd: string): { dir: string; before: Set<string> } | undefined {
  if (!options.cpuProf && options.cpuProfDir === undefined) return undefined;
  const configFile = findConfigFile(cwd);
  const dir = options.cpuProfDir !== undefined ? resolve(cwd, options.cpuProfDir) : join(configFile ? dirname(configFile) : cwd, '.neosl', 'profiles');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`--cpu-prof-dir: cannot create ${displayPath(dir)}: ${(error as Error).message}`, {
      code: 'PATH_NOT_WRITABLE',
      hint: 'pick a folder you can write: --cpu-prof-dir /tmp/neosl-profiles',
    });
  }
  setInstanceCpuProfiling({ dir });
  return { dir, before: listProfiles(dir) };
}

function parsePort(value: string | undefined, flag = '--port'): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} ${value}: expected a port number from 0 to 65535 (0 = any free port)`);
  return port;
}

/**
 * With --json, stdout is NDJSON: one JSON event per line (ready, request, log, build, reload, error,
 * metrics). A failure to start is one more line, `{"error": {"code", "message", …}}`, not a document
 * spread over many lines; its human text goes to stderr as usual.
 */
export async function devCommand(context: CommandContext, _args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const stdout = batchedWriter(process.stdout);
  try {
    await serve(context, rawOptions as DevOptions, stdout);
  } catch (thrown) {
    const { out } = context;
    if (!out.json) throw thrown;
    const error = fileSystemUserError(thrown) ?? thrown;
    if (isUserError(error) && error.alreadyReported) throw error;
    stdout(`${JSON.stringify(errorToJson(error))}\n`);
    stdout.flush();
    out.info(formatError(error, out.colors));
    throw new UserError(error instanceof Error ? error.message : String(error), {
      code: isUserError(error) ? error.code : 'INTERNAL',
      exitCode: isUserError(error) ? error.exitCode : 1,
      alreadyReported: true,
    });
  }
}

async function serve(context: CommandContext, options: DevOptions, stdout: BatchedWriter): Promise<void> {
  const { out } = context;
  const port = parsePort(options.port);
  // Opened by the user already (NODE_OPTIONS=--inspect, node --inspect, VS Code's auto attach): the
  // same as --inspect, on that inspector.
  const inspectorOpenedOutside = inspector.url() !== undefined;
  const debugging = Boolean(options.inspect) || inspectorOpenedOutside;
  if (options.inspect && !inspectorOpenedOutside) {
    const inspectPort = typeof options.inspect === 'string' ? parsePort(options.inspect, '--inspect') : 9229;
    try {
      inspector.open(inspectPort, '127.0.0.1');
    } catch (error) {
      throw new UserError(`--inspect: the inspector could not listen on 127.0.0.1:${inspectPort}: ${(error as Error).message}`, {
        hint: 'another debugger or neosl dev --inspect may be using it; pick another port: --inspect 9230',
      });
    }
  }
  const closeInspector = () => {
    if (options.inspect && !inspectorOpenedOutside) inspector.close();
  };
  if (debugging) {
    // Instances are worker threads of this process: with the inspector open here, a debugger
    // (Chrome DevTools, VS Code) sees each instance as a worker target and its breakpoints apply.
    out.info(`Inspector listening on ${inspector.url()}: each function instance appears as a worker target (chrome://inspect, VS Code "attach"); function timeouts are not enforced while debugging`);
  }
  const profiling = startInstanceProfiling(options, context.cwd);
  if (profiling) {
    out.info(`CPU profiles: each function instance writes one into ${displayPath(profiling.dir)} when it stops (a reload, idling out, or when neosl dev stops); open them in Chrome DevTools (Performance) or VS Code`);
  }

  // The printers (or the dashboard) subscribe before the session starts, so that they show its first builds.
  const events = new EventEmitter<HostEventMap>();
  const stderr = batchedWriter(process.stderr);
  let stop: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let session: DevSession | undefined;
  let detach: (() => void) | undefined;
  // While the `b` key's bench runs, Ctrl-C stops the bench, not the emulator.
  let stopBench: (() => void) | undefined;
  let benching = false;
  let stopping = false;
  const onKey = (action: DashboardAction, functionName?: string) => {
    if (action === 'quit') stop?.();
    else if (action === 'rebuild') void session?.rebuildAll();
    else if (action === 'open-console' && session !== undefined) {
      const consoleUrl = `${session.url}${CONSOLE_PATH}`;
      // Loaded on the key press, like the bench: nothing of it on the start-up path.
      void import('./dev/open-console.js')
        .then(({ openConsole }) => openConsole({ url: consoleUrl, env: context.env }))
        .then((outcome) => {
          if (!outcome.opened) events.emit('error', { type: 'error', time: Date.now(), message: `${outcome.reason}: open ${consoleUrl} in a browser`, code: 'BROWSER_NOT_OPENED', warning: true });
        });
    }
    else if (action === 'bench' && functionName !== undefined && session !== undefined && !benching) {
      benching = true;
      detach?.();
      detach = undefined;
      const emulatorUrl = session.url;
      // Loaded on the key press: the bench modules stay off the dev start-up path.
      const benchRun = import('./dev/bench-key.js').then(({ benchFromDashboard }) =>
        benchFromDashboard({ functionName, cwd: context.cwd, env: context.env, emulatorUrl, out, onStoppable: (stopIt) => (stopBench = stopIt) }),
      );
      void benchRun.finally(async () => {
        benching = false;
        // Drawn anew after the bench, on the function benched: it knows the URL, and the rows come
        // with the next metrics event.
        if (!stopping) detach = await renderDashboard(events, onKey, { url: emulatorUrl, selected: functionName });
      });
    }
  };
  if (canShowLiveDisplay(process.stdout, context.env) && options.dashboard !== false && !out.json) {
    detach = await renderDashboard(events, onKey);
  }
  detach ??= out.json ? printNdjson(events, stdout) : printPlainLines(events, stderr, out.colors);

  // From here on a signal stops the session cleanly (if it comes during start-up: once started).
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && stopBench) return stopBench();
    stopping = true;
    stop?.();
  };
  process.on('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    session = await startDevSession({ cwd: context.cwd, env: context.env, port, host: options.host, persistTo: options.persistTo, envFile: options.envFile, events, debugging });
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    detach?.();
    stderr.flush();
    closeInspector();
    throw error;
  }

  await stopped;
  stopping = true;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  stderr.flush();
  if (!out.json) out.info('Stopping: finishing requests in flight, saving state…');
  await session.close();
  detach?.();
  stdout.flush();
  stderr.flush();
  closeInspector();
  if (profiling) {
    const written = [...listProfiles(profiling.dir)].filter((name) => !profiling.before.has(name));
    out.info(`${written.length} CPU profile${written.length === 1 ? '' : 's'} written to ${displayPath(profiling.dir)}${written.length > 0 && written.length <= 4 ? `: ${written.join(', ')}` : ''}`);
  }
}
