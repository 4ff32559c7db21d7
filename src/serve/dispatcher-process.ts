// `neosl serve --from-dir DIR --triggers-only`: the process a Knative deployment runs as its trigger
// dispatcher. Reads the built project (no function runs here: their environments are not needed),
// checks NEOSL_FUNCTION_URLS for every function with a blockchain trigger, follows the chain that
// neosl.yaml names (its `${env.NAME}` from the process environment) and delivers the events
// (trigger-dispatcher.ts), answering GET /_neosl/health for the readiness probe. SIGTERM/SIGINT stop it.
import { EventEmitter } from 'node:events';
import type { RequestListener, Server, ServerOptions } from 'node:http';
import type { CommandContext } from '../command-context.js';
import { envReferences, expandEnvReferences } from '../config/expand.js';
import { batchedWriter } from '../dev/batched-writer.js';
import { printNdjson, printPlainLines } from '../dev/plain-printer.js';
import { displayUrl } from '../doctor/redact.js';
import { UserError } from '../errors.js';
import type { HostEventMap } from '../host/events.js';
import { packageVersion } from '../package-info.js';
import { displayPath } from '../util/display-path.js';
import { isLoopbackHost } from '../util/loopback.js';
import { dispatcherHealthServer } from './dispatcher-health-server.js';
import { loadBuiltProject } from './from-dir.js';
import { FUNCTION_URLS_ENV, functionUrls } from './function-urls.js';
import { chainSubscribers, startTriggerDispatcher } from './trigger-dispatcher.js';

export interface DispatcherProcessOptions {
  dir: string;
  listenHost: string;
  port: number;
  createServer?: (options: ServerOptions, listener: RequestListener) => Server;
}

/** blockchain.rpcUrl with `${env.NAME}` filled from the process environment; a NAME not set stops the start. */
function expandRpcUrl(rpcUrl: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (rpcUrl === undefined) return undefined;
  const missing = envReferences(rpcUrl).filter((name) => env[name] === undefined);
  if (missing.length > 0) {
    throw new UserError(`blockchain.rpcUrl refers to \${env.${missing[0]}}, which is not set in the dispatcher's environment`, {
      code: 'HOST_ENV_MISSING',
      hint: `start neosl serve --triggers-only with ${missing.join(' and ')} set`,
    });
  }
  return expandEnvReferences(rpcUrl, env);
}

export async function runTriggerDispatcher(context: CommandContext, options: DispatcherProcessOptions): Promise<void> {
  const { out, env } = context;
  const built = loadBuiltProject(options.dir);
  const functions = [...built.functions.values()].map((version) => version.definition.config);
  const subscribed = chainSubscribers(functions);
  const { urls, unused } = functionUrls(env, subscribed);
  const rpcUrl = expandRpcUrl(built.settings.blockchain.rpcUrl, env);

  const events = new EventEmitter<HostEventMap>();
  const stdout = batchedWriter(process.stdout);
  const stderr = batchedWriter(process.stderr);
  const detach = out.json ? printNdjson(events, stdout) : printPlainLines(events, stderr, out.colors);
  const warn = (message: string, code: string) => events.emit('error', { type: 'error', time: Date.now(), message, code, warning: true });

  const server = dispatcherHealthServer({
    listenHost: options.listenHost,
    port: options.port,
    health: () => ({ neosl: packageVersion(), status: 'dispatching', functions: subscribed }),
    ...(options.createServer ? { createServer: options.createServer, scheme: 'https' as const } : {}),
  });
  try {
    await server.listen();
  } catch (error) {
    detach();
    stderr.flush();
    throw error;
  }
  const dispatcher = startTriggerDispatcher({
    functions,
    urls,
    blockchain: { ...built.settings.blockchain, ...(rpcUrl !== undefined ? { rpcUrl } : {}) },
    chainEnv: env,
    events,
  });

  out.info(`neosl serve ${packageVersion()}: trigger dispatcher for ${built.project} from ${displayPath(built.dir)}`);
  out.info(`  chain: ${rpcUrl !== undefined ? `Neo N3 node at ${displayUrl(rpcUrl)}` : 'embedded (in-process, in memory)'}`);
  for (const [name, url] of urls) out.info(`  ${name} → ${url}`);
  if (rpcUrl === undefined) {
    warn(
      "blockchain.rpcUrl is not set: dispatching the blocks of an embedded in-process chain, which no function process shares; a real cluster should name a Neo N3 node in neosl.yaml's blockchain.rpcUrl",
      'DISPATCHER_EMBEDDED_CHAIN',
    );
  }
  if (subscribed.length === 0) warn(`no function of ${built.project} has a blockchain trigger: there is nothing to dispatch`, 'NOTHING_TO_DISPATCH');
  if (unused.length > 0) warn(`${FUNCTION_URLS_ENV} names ${unused.join(', ')}, which ${unused.length === 1 ? 'has' : 'have'} no blockchain trigger in the build: ignored`, 'FUNCTION_URL_UNUSED');
  if (!isLoopbackHost(options.listenHost)) out.info(`  listening on ${options.listenHost}: GET /_neosl/health only`);
  events.emit('ready', { type: 'ready', time: Date.now(), url: server.url });

  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  if (!out.json) out.info('Stopping the trigger dispatcher…');
  await dispatcher.close();
  await server.close();
  detach();
  stdout.flush();
  stderr.flush();
}
