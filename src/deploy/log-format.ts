// How `neosl logs` prints a host's events: one line per request (time, function, method and path,
// status, duration, cold start) or function log (time, function, level, message, fields).
import type { Colors } from '../output/colors.js';
import type { LogEvent, RequestEvent } from '../host/events.js';

/** The events `neosl logs` shows: a host's requests and its functions' log lines. */
export type LogStreamEvent = RequestEvent | LogEvent;

export interface LogLineOptions {
  /** Epoch ms of "now": an event of another day (UTC) gets its date in front of the time. Default: Date.now(). */
  now?: number;
}

/** When the event happened, in epoch ms (a log record carries its time inside). */
export function eventTime(event: LogStreamEvent): number {
  return event.type === 'request' ? event.time : event.record.time;
}

/** The function the event belongs to; undefined for a request that matched no function (a 404). */
export function eventFunction(event: LogStreamEvent): string | undefined {
  return event.type === 'request' ? event.functionName : event.record.functionName;
}

/** `--status error`: a request answered 5xx, or a log line at level error. */
export function isErrorEvent(event: LogStreamEvent): boolean {
  return event.type === 'request' ? event.status >= 500 : event.record.level === 'error';
}

/** UTC time of day with milliseconds, as `neosl dev` prints it; the date too when it is not the day of `now`. */
export function formatEventTime(time: number, now: number): string {
  const iso = new Date(time).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return sameDay ? iso.slice(11, 23) : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function formatStatus(status: number, colors: Colors): string {
  const text = String(status);
  return status >= 500 ? colors.red(text) : status >= 400 ? colors.yellow(text) : colors.green(text);
}

/** One line (no newline) for a request or log event. */
export function formatEventLine(event: LogStreamEvent, colors: Colors, options: LogLineOptions = {}): string {
  const now = options.now ?? Date.now();
  const time = colors.dim(formatEventTime(eventTime(event), now));
  const name = colors.cyan(`[${eventFunction(event) ?? '-'}]`);
  if (event.type === 'request') {
    const cold = event.coldStart ? colors.dim(' (cold)') : '';
    const code = event.errorCode ? ` ${colors.dim(event.errorCode)}` : '';
    return `${time} ${name} ${event.method} ${event.path} ${formatStatus(event.status, colors)} ${event.durationMs.toFixed(1)} ms${cold}${code}`;
  }
  const { record } = event;
  const levelText = record.level.toUpperCase().padEnd(5);
  const level = record.level === 'error' ? colors.red(levelText) : record.level === 'warn' ? colors.yellow(levelText) : levelText;
  const fields = record.fields !== undefined && Object.keys(record.fields).length > 0 ? ` ${colors.dim(JSON.stringify(record.fields))}` : '';
  return `${time} ${name} ${level} ${record.message}${fields}`;
}
