// The session as plain timestamped lines on stderr (no TTY, or --no-dashboard): ready, requests,
// logs, builds, reloads, errors with their located code frames; repeated lines folded (repeat-folder.ts).
// Request lines come at the rate a person reads them: under load a budget (line-budget.ts) lets
// samples through and one line a second per function says what the rest were (request-rates.ts);
// every failed request (5xx) and every log line is still printed (a repeated info log folded as before).
import type { EventEmitter } from 'node:events';
import type { Colors } from '../output/colors.js';
import { formatUserError } from '../output/format-error.js';
import { UserError } from '../errors.js';
import { buildFailureConsequence, buildFailureHeadline, ShownBuildFailures } from '../output/build-failure-text.js';
import type { HostEventMap, LogEvent, RequestEvent } from '../host/events.js';
import { foldedSuffix, RepeatFolder, repeatKind, type FoldedRun, type RepeatFolderOptions } from './repeat-folder.js';
import { LineBudget, type LineBudgetOptions } from './line-budget.js';
import { rateSummaryText, RequestRates } from './request-rates.js';

/** The methods of trigger runs (src/host/function-host.ts): their paths are a cron, a block, an event. */
const TRIGGER_METHODS = new Set(['SCHEDULE', 'BLOCK', 'EVENT']);

function stamp(time: number): string {
  return new Date(time).toISOString().slice(11, 23);
}

export interface PlainLinesOptions {
  /** How repeated lines are folded (tests shorten the window). */
  fold?: RepeatFolderOptions;
  /** How often folded lines are summed up, in ms (default 1000). */
  tickMs?: number;
  /** How many request lines are shown under load (default: bursts of 20, then 20 a second). */
  requestLines?: LineBudgetOptions;
  /** How often the requests whose lines were held back are summed up, per function, in ms (default 1000). */
  rateWindowMs?: number;
}

export function printPlainLines(events: EventEmitter<HostEventMap>, write: (line: string) => void, colors: Colors, options: PlainLinesOptions = {}): () => void {
  const failures = new ShownBuildFailures();
  const folder = new RepeatFolder<string>(options.fold);
  /** Repeated request lines (bench traffic, trigger runs): the latest event, formatted when printed. */
  const requestFolder = new RepeatFolder<RequestEvent>(options.fold);
  const line = (time: number, text: string) => write(`${colors.dim(stamp(time))} ${text}\n`);
  /** A log line that may repeat: shown, or folded into a summary line later. */
  const repeatable = (event: LogEvent, time: number, text: string) => {
    const kind = repeatKind(event);
    if (kind === undefined || folder.offer(kind, time, text)) line(time, text);
  };
  const printFolded = (runs: FoldedRun<string>[], requestRuns: FoldedRun<RequestEvent>[]) => {
    const now = Date.now();
    for (const run of runs) line(run.latestTime, `${run.latest}${colors.dim(foldedSuffix(run, now))}`);
    for (const run of requestRuns) line(run.latestTime, `${requestText(run.latest)}${colors.dim(foldedSuffix(run, now))}`);
  };
  const requestText = (event: RequestEvent): string => {
    const status = event.status >= 500 ? colors.red(String(event.status)) : event.status >= 400 ? colors.yellow(String(event.status)) : colors.green(String(event.status));
    const cold = event.coldStart ? colors.dim(' (cold)') : '';
    const code = event.errorCode ? ` ${colors.dim(event.errorCode)}` : '';
    // A trigger's run names its function (a path of the function's own says which it is).
    const runOf = TRIGGER_METHODS.has(event.method) && event.functionName !== undefined ? `${colors.cyan(`[${event.functionName}]`)} ` : '';
    return `${runOf}${event.method} ${event.path} ${status} ${event.durationMs.toFixed(1)} ms${cold}${code}`;
  };
  const budget = new LineBudget(options.requestLines);
  const rates = new RequestRates(Date.now());
  const printRates = () => {
    const now = Date.now();
    for (const summary of rates.close(now)) line(now, rateSummaryText(summary));
  };
  const handlers: { [K in keyof HostEventMap]?: (...args: HostEventMap[K]) => void } = {
    ready: (event) => line(event.time, `Ready on ${event.url}${event.consoleUrl !== undefined ? ` · Console on ${event.consoleUrl}` : ''}`),
    request: (event) => {
      // Bench requests and trigger runs that repeat are folded by kind (repeat-folder.ts).
      const kind = repeatKind(event);
      if (kind !== undefined) {
        if (requestFolder.offer(kind, event.time, event)) line(event.time, requestText(event));
        return;
      }
      const shown = event.status >= 500 || budget.take(event.time);
      rates.record(event, shown);
      if (shown) line(event.time, requestText(event));
    },
    log: (event) => {
      const { record } = event;
      const fields = Object.keys(record.fields).length > 0 ? ` ${colors.dim(JSON.stringify(record.fields))}` : '';
      repeatable(event, record.time, `${colors.cyan(`[${record.functionName}]`)} ${record.level.toUpperCase().padEnd(5)} ${record.message}${fields}`);
    },
    build: (event) => {
      // A function that keeps failing the same way is rebuilt on each save: say it once.
      const isNewFailure = failures.onBuild(event);
      if (event.status === 'success') line(event.time, `built ${event.functionName} in ${(event.durationMs ?? 0).toFixed(1)} ms`);
      else if (event.status === 'failure' && isNewFailure) {
        const diagnostics = event.diagnostics ?? [];
        const headline = buildFailureHeadline(event.functionName, event.message, diagnostics);
        const consequence = buildFailureConsequence(failures.isServing(event.functionName));
        line(event.time, formatUserError(new UserError(`${headline}; ${consequence}`, { diagnostics }), colors).trimEnd());
      }
    },
    reload: (event) => {
      failures.onServing(event.functionName);
      line(event.time, `${event.functionName} ${event.deployed ?? `v${event.version}`} serving (${event.cause}, ${event.durationMs.toFixed(1)} ms)`);
    },
    error: (event) => {
      // A failed build was printed with its code frame by the build line.
      if (failures.repeatsBuildFailure(event)) return;
      if (event.warning) return line(event.time, `${colors.yellow(colors.bold('▲ warning'))} ${event.message}`);
      const error = new UserError(event.message, { diagnostics: event.diagnostics ?? [] });
      line(event.time, formatUserError(error, colors).trimEnd());
    },
  };
  for (const [type, handler] of Object.entries(handlers)) events.on(type as never, handler as never);
  const timer = setInterval(() => {
    const now = Date.now();
    printFolded(folder.due(now), requestFolder.due(now));
  }, options.tickMs ?? 1000);
  timer.unref();
  const rateTimer = setInterval(printRates, options.rateWindowMs ?? 1000);
  rateTimer.unref();
  return () => {
    clearInterval(timer);
    clearInterval(rateTimer);
    for (const [type, handler] of Object.entries(handlers)) events.off(type as never, handler as never);
    printFolded(folder.flush(), requestFolder.flush());
    printRates();
  };
}

/** --json: every event as one line of JSON on stdout. */
export function printNdjson(events: EventEmitter<HostEventMap>, write: (line: string) => void): () => void {
  const types = ['ready', 'request', 'log', 'build', 'reload', 'error', 'metrics'] as const;
  const listener = (event: unknown) => write(`${JSON.stringify(event)}\n`);
  for (const type of types) events.on(type, listener as never);
  return () => {
    for (const type of types) events.off(type, listener as never);
  };
}
