// The session as plain timestamped lines on stderr (no TTY, or --no-dashboard): ready, requests,
// logs, builds, reloads, errors with their located code frames.
import type { EventEmitter } from 'node:events';
import type { Colors } from '../output/colors.js';
import { formatUserError } from '../output/format-error.js';
import { UserError } from '../errors.js';
import type { DevEventMap } from './events.js';

function stamp(time: number): string {
  return new Date(time).toISOString().slice(11, 23);
}

export function printPlainLines(events: EventEmitter<DevEventMap>, write: (line: string) => void, colors: Colors): () => void {
  const serving = new Set<string>();
  // A function that keeps failing the same way is rebuilt on each save: say it once.
  const lastFailure = new Map<string, string>();
  const line = (time: number, text: string) => write(`${colors.dim(stamp(time))} ${text}\n`);
  const handlers: { [K in keyof DevEventMap]?: (...args: DevEventMap[K]) => void } = {
    ready: (event) => line(event.time, `Ready on ${event.url}`),
    request: (event) => {
      const status = event.status >= 500 ? colors.red(String(event.status)) : event.status >= 400 ? colors.yellow(String(event.status)) : colors.green(String(event.status));
      const cold = event.coldStart ? colors.dim(' (cold)') : '';
      const code = event.errorCode ? ` ${colors.dim(event.errorCode)}` : '';
      line(event.time, `${event.method} ${event.path} ${status} ${event.durationMs.toFixed(1)} ms${cold}${code}`);
    },
    log: ({ record }) => {
      const fields = Object.keys(record.fields).length > 0 ? ` ${colors.dim(JSON.stringify(record.fields))}` : '';
      line(record.time, `${colors.cyan(`[${record.functionName}]`)} ${record.level.toUpperCase().padEnd(5)} ${record.message}${fields}`);
    },
    build: (event) => {
      if (event.status === 'success') lastFailure.delete(event.functionName);
      if (event.status === 'success') line(event.time, `built ${event.functionName} in ${(event.durationMs ?? 0).toFixed(1)} ms`);
      else if (event.status === 'failure') {
        const error = new UserError(event.message ?? `build of ${event.functionName} failed`, { diagnostics: event.diagnostics ?? [] });
        const text = formatUserError(error, colors);
        if (lastFailure.get(event.functionName) === text) return;
        lastFailure.set(event.functionName, text);
        const consequence = serving.has(event.functionName) ? 'the last good version keeps serving' : 'its requests answer 503 until it builds';
        line(event.time, `${colors.red('build failed')} ${event.functionName}; ${consequence}\n${text}`);
      }
    },
    reload: (event) => (serving.add(event.functionName), line(event.time, `${event.functionName} v${event.version} serving (${event.cause}, ${event.durationMs.toFixed(1)} ms)`)),
    error: (event) => {
      // Build failures are printed with their code frame by the build line.
      if (event.functionName !== undefined && (event.code === 'BUILD_FAILED' || event.code?.startsWith('HANDLER_'))) return;
      if (event.warning) return line(event.time, `${colors.yellow(colors.bold('▲ warning'))} ${event.message}`);
      const error = new UserError(event.message, { diagnostics: event.diagnostics ?? [] });
      line(event.time, formatUserError(error, colors).trimEnd());
    },
  };
  for (const [type, handler] of Object.entries(handlers)) events.on(type as never, handler as never);
  return () => {
    for (const [type, handler] of Object.entries(handlers)) events.off(type as never, handler as never);
  };
}

/** --json: every event as one line of JSON on stdout. */
export function printNdjson(events: EventEmitter<DevEventMap>, write: (line: string) => void): () => void {
  const types = ['ready', 'request', 'log', 'build', 'reload', 'error', 'metrics'] as const;
  const listener = (event: unknown) => write(`${JSON.stringify(event)}\n`);
  for (const type of types) events.on(type, listener as never);
  return () => {
    for (const type of types) events.off(type, listener as never);
  };
}
