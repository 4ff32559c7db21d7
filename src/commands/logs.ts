// `neosl logs [function]`: a host's recent requests and function logs, one line each; with --follow
// the live ones too, over a WebSocket that reconnects (say so on stderr) until Ctrl-C.
import type { CommandContext } from '../command-context.js';
import { isUserError, UsageError, UserError } from '../errors.js';
import { errorToJson, formatError } from '../output/format-error.js';
import { parseDuration, UnitParseError } from '../config/units.js';
import { requireToken, resolveTarget } from '../deploy/target.js';
import { hostClient } from '../deploy/host-client.js';
import { formatEventLine, type LogStreamEvent } from '../deploy/log-format.js';
import { fetchLogEvents, followLogs, type EventFilter } from '../deploy/log-stream.js';

interface LogsOptions {
  follow?: boolean;
  since?: string;
  status?: string;
  target?: string;
}

function parseSince(value: string): number {
  try {
    return parseDuration(value, 's');
  } catch (error) {
    if (error instanceof UnitParseError) throw new UsageError(`--since ${value}: ${error.message}`, { hint: 'e.g. --since 10m or --since 2h' });
    throw error;
  }
}

function parseStatus(value: string | undefined): EventFilter['status'] {
  if (value === undefined || value === 'error' || value === 'ok') return value;
  throw new UsageError(`--status ${value}: expected "error" (5xx answers and error logs) or "ok"`, { hint: 'e.g. neosl logs --status error' });
}

/** NEOSL_LOGS_RECONNECT_MS shortens how long the host may stay unreachable (tests). */
function unreachableLimit(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.NEOSL_LOGS_RECONNECT_MS);
  return env.NEOSL_LOGS_RECONNECT_MS !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function describeSelection(filter: EventFilter): string {
  const what = filter.status === 'error' ? 'errors' : filter.status === 'ok' ? 'successful requests or logs' : 'requests or logs';
  return filter.functionName === undefined ? what : `${what} of ${filter.functionName}`;
}

export async function logsCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as LogsOptions;
  const { out } = context;
  const sinceText = options.since ?? '10m';
  const sinceMs = parseSince(sinceText);
  const filter: EventFilter = { functionName: args[0] as string | undefined, status: parseStatus(options.status) };
  const target = await resolveTarget(context, { target: options.target });
  requireToken(target);
  const client = hostClient(target);
  const since = Date.now() - sinceMs;

  if (!options.follow) {
    const events = await fetchLogEvents(client, since, filter);
    if (out.json) return out.data({ events });
    if (events.length === 0) out.info(`No ${describeSelection(filter)} on ${target.url} in the last ${sinceText}.`);
    for (const event of events) out.result(formatEventLine(event, out.colors));
    return;
  }

  // --json: NDJSON, one event per line, as `neosl dev --json` prints its events.
  const print = out.json ? (event: LogStreamEvent) => void process.stdout.write(`${JSON.stringify(event)}\n`) : (event: LogStreamEvent) => out.result(formatEventLine(event, out.colors));
  if (!out.json) out.info(out.colors.dim(`Streaming ${describeSelection(filter)} from ${target.url}: the last ${sinceText}, then live (Ctrl-C to stop)`));
  const follower = followLogs({ target, client, since, filter, onEvent: print, onNotice: (text) => out.info(out.colors.yellow(text)), unreachableLimitMs: unreachableLimit(context.env) });
  const stop = () => follower.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await follower.done;
  } catch (error) {
    if (!out.json || (isUserError(error) && error.alreadyReported)) throw error;
    // The stream's last line says why it ended, in NDJSON like the rest; the human text goes to stderr.
    process.stdout.write(`${JSON.stringify(errorToJson(error))}\n`);
    out.info(formatError(error, out.colors));
    throw new UserError(error instanceof Error ? error.message : String(error), { code: isUserError(error) ? error.code : 'INTERNAL', exitCode: isUserError(error) ? error.exitCode : 1, alreadyReported: true });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
