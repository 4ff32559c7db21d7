// `neosl invoke <fn>`: build the function, run it once in a fresh instance on the local backends
// (state under .neosl/state), print its result. Exit 1 when the function fails.
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../config/load.js';
import { selectFunctions } from '../config/select-functions.js';
import { UserError } from '../errors.js';
import { createFunctionBuilder } from '../bundler/bundle-function.js';
import { createRuntime } from '../runtime/index.js';
import type { InvokeOutcome } from '../runtime/index.js';
import type { LogRecord } from '../sdk/context.js';
import type { Output } from '../output/output.js';
import { readInvokeInput, readProcessStdin } from '../invoke/read-input.js';
import { databaseFileFor, localBuildDir, localStateDir } from '../local-state.js';
import { nodeClientFactory, startChainHost } from '../backends/chain/chain-host.js';
import { join } from 'node:path';
import { projectFrameLocation } from '../invoke/stack-location.js';

interface InvokeOptions {
  data?: string;
  dataFile?: string;
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

export async function invokeCommand(context: CommandContext, args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as InvokeOptions;
  const { out } = context;
  const loaded = await loadConfig({ cwd: context.cwd, env: context.env });
  const [fn] = selectFunctions(loaded.config, [String(args[0])]);
  const input = await readInvokeInput({ data: options.data, dataFile: options.dataFile, cwd: context.cwd, readStdin: () => readProcessStdin() });

  const builder = createFunctionBuilder({ projectDir: loaded.dir, fn: fn!, outdir: localBuildDir(loaded.dir), minify: false, incremental: false });
  let bundle;
  try {
    bundle = await builder.build();
  } finally {
    await builder.dispose();
  }

  // The chain the function sees: the project's in-process chain as neosl dev left it (its blocks and
  // balances, saved back afterwards), or the node of blockchain.rpcUrl.
  const chain = startChainHost({
    rpcUrl: loaded.config.blockchain.rpcUrl,
    contracts: loaded.config.blockchain.contracts,
    stateFile: join(localStateDir(loaded.dir), 'chain.json'),
    connect: nodeClientFactory({ ...context.env, ...loaded.dotenv }),
    onBlock: () => undefined,
    onError: (message) => out.info(out.colors.yellow(message)),
  });
  const runtime = createRuntime({
    projectDir: loaded.dir,
    functions: { [fn!.name]: { config: fn!, bundleFile: bundle.outputFile, exportName: bundle.exportName } },
    state: { databaseFile: databaseFileFor(loaded.config.database), redisUrl: loaded.config.cache.redis?.url ?? context.env.NEOSL_REDIS_URL },
    env: loaded.dotenv,
    secrets: { ...(context.env as Record<string, string>), ...loaded.dotenv },
    blockchain: chain.blockchain,
  });
  let outcome: InvokeOutcome;
  try {
    outcome = await runtime.invoke(fn!.name, input);
  } finally {
    await runtime.close();
    await chain.close();
  }

  if (!out.json) for (const record of outcome.logs) out.info(formatLog(record, out));
  if (outcome.ok) {
    if (out.json) {
      out.data({ result: outcome.value ?? null, durationMs: outcome.durationMs, coldStart: outcome.coldStart, logs: outcome.logs });
      return;
    }
    out.result(JSON.stringify(outcome.value ?? null, null, 2));
    out.info(out.colors.dim(`${fn!.name} returned in ${timing(outcome)}`));
    return;
  }

  const { error } = outcome;
  if (out.json) {
    out.data({ error, durationMs: outcome.durationMs, coldStart: outcome.coldStart, logs: outcome.logs });
    throw new UserError(error.message, { code: error.code, alreadyReported: true });
  }
  throw new UserError(`${fn!.name} failed after ${timing(outcome)}: ${error.message}`, {
    code: error.code,
    location: projectFrameLocation(error.stack, loaded.dir),
    diagnostics: error.stack ? [{ message: error.stack }] : [],
  });
}
