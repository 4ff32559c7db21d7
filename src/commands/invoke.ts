// `neosl invoke <fn>`: build the function, run it once in a fresh instance on the local backends as
// `neosl dev` leaves them (the chain, the database and the cache under .neosl/state), print its
// result. A function with http routes gets an http request (src/invoke/http-request.ts) and its
// response is shown; any other gets the data as its input. Without data: the function's `sample:`.
// Exit 1 when the function throws, or answers a 5xx.
import { join } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { httpRoutes } from '../config/http-routes.js';
import { loadConfig } from '../config/load.js';
import { selectFunctions } from '../config/select-functions.js';
import type { FunctionConfig } from '../config/types.js';
import { UsageError, UserError } from '../errors.js';
import { createFunctionBuilder } from '../bundler/bundle-function.js';
import { invocationErrorAnswer } from '../emulator/errors.js';
import { describeRoutes } from '../emulator/router.js';
import { createRuntime } from '../runtime/index.js';
import type { InvokeOutcome } from '../runtime/index.js';
import type { LogRecord } from '../sdk/context.js';
import type { Output } from '../output/output.js';
import { buildHttpRequest, httpFlagsGiven, type HttpRequestFlags, type InvokeHttpRequest } from '../invoke/http-request.js';
import { httpResponseOf, readableBody, statusLine } from '../invoke/http-response.js';
import { openPersistedCache, type PersistedCache } from '../invoke/persisted-cache.js';
import { parseInputJson, readInputText, readProcessStdin } from '../invoke/read-input.js';
import { databaseFileFor, localBuildDir, localStateDir } from '../local-state.js';
import { nodeClientFactory, startChainHost } from '../backends/chain/chain-host.js';
import { projectFrameLocation } from '../invoke/stack-location.js';

interface InvokeOptions {
  data?: string;
  dataFile?: string;
  method?: string;
  path?: string;
  query?: string[];
  header?: string[];
}

function formatLog(record: LogRecord, out: Output): string {
  const level = record.level.toUpperCase().padEnd(5);
  const colored = record.level === 'error' ? out.colors.red(level) : record.level === 'warn' ? out.colors.yellow(level) : out.colors.dim(level);
  const fields = Object.keys(record.fields).length > 0 ? ` ${out.colors.dim(JSON.stringify(record.fields))}` : '';
  return `${colored} ${record.message}${fields}`;
}

function timing(outcome: InvokeOutcome): string {
  const start = outcome.coldStart ? `cold start${outcome.initDurationMs === undefined ? '' : `, init ${outcome.initDurationMs.toFixed(1)} ms`}` : 'warm';
  return `${outcome.durationMs.toFixed(1)} ms (${start})`;
}

/** The input: an http request for a function with routes, else the data as JSON, the sample, or {}. */
async function inputFor(fn: FunctionConfig, options: InvokeOptions, cwd: string): Promise<{ input: unknown; request?: InvokeHttpRequest }> {
  const flags: HttpRequestFlags = { method: options.method, path: options.path, query: options.query ?? [], header: options.header ?? [] };
  const routes = httpRoutes(fn);
  const given = httpFlagsGiven(flags);
  if (routes.length === 0 && given.length > 0) {
    throw new UsageError(`${given.join(', ')}: ${fn.name} has no http routes (${describeRoutes(fn).join(', ')}), so it takes its input as data, not a request`, {
      code: 'NOT_AN_HTTP_FUNCTION',
      hint: `Give the input as JSON: neosl invoke ${fn.name} --data '{"name":"neo"}'`,
    });
  }
  const data = await readInputText({ data: options.data, dataFile: options.dataFile, cwd, readStdin: () => readProcessStdin() });
  if (routes.length > 0) {
    const request = buildHttpRequest(fn, routes, flags, data);
    return { input: request.input, request };
  }
  if (data !== undefined) return { input: parseInputJson(data) };
  return { input: fn.sample?.kind === 'input' ? fn.sample.input : {} };
}

export async function invokeCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as InvokeOptions;
  const { out } = context;
  const loaded = await loadConfig({ cwd: context.cwd, env: context.env });
  const fn = selectFunctions(loaded.config, [String(args[0])])[0]!;
  const { input, request } = await inputFor(fn, options, context.cwd);

  const builder = createFunctionBuilder({ projectDir: loaded.dir, fn, outdir: localBuildDir(loaded.dir), minify: false, incremental: false });
  let bundle;
  try {
    bundle = await builder.build();
  } finally {
    await builder.dispose();
  }

  // The state the function sees is the one `neosl dev` keeps: its chain (blocks and balances, saved
  // back afterwards) or the node of blockchain.rpcUrl; its database; its cache, unless a real Redis
  // is configured.
  const stateDir = localStateDir(loaded.dir);
  const warn = (message: string) => out.info(out.colors.yellow(message));
  const chain = startChainHost({
    rpcUrl: loaded.config.blockchain.rpcUrl,
    contracts: loaded.config.blockchain.contracts,
    stateFile: join(stateDir, 'chain.json'),
    connect: nodeClientFactory({ ...context.env, ...loaded.dotenv }),
    onBlock: () => undefined,
    onError: warn,
  });
  const redisUrl = loaded.config.cache.redis?.url ?? context.env.NEOSL_REDIS_URL;
  let cache: PersistedCache | undefined;
  let outcome: InvokeOutcome;
  try {
    if (redisUrl === undefined) cache = await openPersistedCache(stateDir, warn);
    const runtime = createRuntime({
      projectDir: loaded.dir,
      functions: { [fn.name]: { config: fn, bundleFile: bundle.outputFile, exportName: bundle.exportName } },
      state: { databaseFile: databaseFileFor(loaded.config.database), redisUrl },
      persistRedisWrites: cache?.journal.bind(cache),
      env: loaded.dotenv,
      secrets: { ...(context.env as Record<string, string>), ...loaded.dotenv },
      blockchain: chain.blockchain,
    });
    try {
      outcome = await runtime.invoke(fn.name, input);
    } finally {
      await runtime.close();
    }
  } finally {
    await cache?.close();
    await chain.close();
  }

  if (!out.json) for (const record of outcome.logs) out.info(formatLog(record, out));
  if (request !== undefined) return reportHttp(out, fn, request, outcome, loaded.dir);
  if (outcome.ok) {
    if (out.json) {
      out.data({ result: outcome.value ?? null, durationMs: outcome.durationMs, coldStart: outcome.coldStart, logs: outcome.logs });
      return;
    }
    out.result(JSON.stringify(outcome.value ?? null, null, 2));
    out.info(out.colors.dim(`${fn.name} returned in ${timing(outcome)}`));
    return;
  }
  reportThrown(out, fn, outcome, loaded.dir);
}

function reportThrown(out: Output, fn: FunctionConfig, outcome: InvokeOutcome & { ok: false }, projectDir: string, request?: InvokeHttpRequest): never {
  const { error } = outcome;
  if (out.json) {
    out.data({ ...(request ? { request: request.input } : {}), error, durationMs: outcome.durationMs, coldStart: outcome.coldStart, logs: outcome.logs });
    throw new UserError(error.message, { code: error.code, alreadyReported: true });
  }
  // What a client of `neosl dev` would have received for this request.
  const answer = request ? invocationErrorAnswer(error) : undefined;
  throw new UserError(`${fn.name} failed after ${timing(outcome)}: ${error.message}`, {
    code: error.code,
    location: projectFrameLocation(error.stack, projectDir),
    diagnostics: error.stack ? [{ message: error.stack }] : [],
    ...(answer ? { hint: `neosl dev answers this request with ${statusLine(answer.status)} (${answer.code}).` } : {}),
  });
}

/** An http function's answer: the status line and headers on stderr, the body on stdout; exit 1 on a 5xx. */
function reportHttp(out: Output, fn: FunctionConfig, request: InvokeHttpRequest, outcome: InvokeOutcome, projectDir: string): void {
  if (!outcome.ok) reportThrown(out, fn, outcome, projectDir, request);
  const shown = httpResponseOf(fn.name, outcome.value);
  if ('invalid' in shown) {
    if (out.json) out.data({ request: request.input, error: { code: shown.invalid.code, message: shown.invalid.message }, durationMs: outcome.durationMs, coldStart: outcome.coldStart, logs: outcome.logs });
    throw new UserError(shown.invalid.message, { code: shown.invalid.code, alreadyReported: out.json, hint: 'Return { statusCode, headers?, body? } with a status from 200 to 599 and string or number header values.' });
  }
  const { statusCode } = shown.response;
  const failed = statusCode >= 500;
  if (out.json) {
    out.data({ request: request.input, result: shown.response, durationMs: outcome.durationMs, coldStart: outcome.coldStart, logs: outcome.logs });
  } else {
    const color = failed ? out.colors.red : statusCode >= 400 ? out.colors.yellow : out.colors.green;
    out.info(`${request.input.method} ${request.input.path}${out.colors.dim(request.fromSample ? ' (the sample in neosl.yaml)' : '')} → ${color(statusLine(statusCode))}`);
    for (const [name, value] of Object.entries(shown.response.headers)) out.info(out.colors.dim(`${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`));
    const body = readableBody(shown);
    if (body !== '') out.result(body);
    out.info(out.colors.dim(`${fn.name} answered in ${timing(outcome)}`));
  }
  if (failed) throw new UserError(`${fn.name} answered ${statusLine(statusCode)}`, { code: 'SERVER_ERROR_STATUS', alreadyReported: out.json });
}
