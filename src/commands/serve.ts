// `neosl serve`: the production host. The same function host as `neosl dev` (routes, headers, error
// JSON, instances, triggers), serving the versions deployed to its store instead of watching files;
// every /_neosl/ route but health needs a token. SIGTERM/SIGINT drain in-flight requests, exit 0.
// With --from-dir, the Knative runtime flags: --function (one function), --external-triggers (schedules
// and blockchain triggers arrive at POST /_neosl/events/<function>), --triggers-only (the dispatcher).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, RequestListener, Server, ServerOptions } from 'node:http';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UsageError, UserError } from '../errors.js';
import { printNdjson, printPlainLines } from '../dev/plain-printer.js';
import { batchedWriter } from '../dev/batched-writer.js';
import { AccessPolicy } from '../emulator/access-policy.js';
import { createFunctionHost, type HostSettings } from '../host/function-host.js';
import { CONSOLE_PATH } from '../emulator/console-routes.js';
import type { HostEventMap } from '../host/events.js';
import { packageVersion } from '../package-info.js';
import { HostDeployments } from '../serve/deployments.js';
import { clusterDomain } from '../serve/cluster-internal-host.js';
import { runTriggerDispatcher } from '../serve/dispatcher-process.js';
import { eventsRoute } from '../serve/events-route.js';
import { externalTriggerGate } from '../serve/external-trigger-gate.js';
import { loadBuiltProject } from '../serve/from-dir.js';
import { hostApiRoutes } from '../serve/host-api-routes.js';
import { RecentEvents } from '../serve/recent-events.js';
import { serveCluster } from '../serve/cluster/serve-cluster.js';
import { settingsBackends } from '../serve/settings-backends.js';
import type { HostStoreApi } from '../serve/store/host-store-api.js';
import { DEFAULT_STORE, folderStore, postgresStore, replicaDir } from '../serve/store/open-store.js';
import type { PostgresHostStore } from '../serve/store/postgres/postgres-host-store.js';
import { isPostgresUrl } from '../serve/store/postgres/postgres-url.js';
import { isConnectionFailure } from '../serve/store/postgres/store-errors.js';
import { runDir } from '../serve/version-files.js';
import { displayPath } from '../util/display-path.js';
import { isLoopbackHost } from '../util/loopback.js';

interface ServeOptions {
  port?: string;
  host?: string;
  store?: string;
  tlsCert?: string;
  tlsKey?: string;
  fromDir?: string;
  secretKeyFile?: string;
  localDir?: string;
  function?: string;
  externalTriggers?: boolean;
  triggersOnly?: boolean;
}

export { DEFAULT_STORE };
const BODY_LIMIT_BYTES = 6 * 1024 * 1024;
const BODY_TIMEOUT_MS = 30_000;

function parsePort(value: string | undefined): number {
  const port = Number(value ?? '8080');
  if (value?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${value}: expected a port number from 0 to 65535 (0 = any free port)`);
  return port;
}

function readPem(file: string, flag: string, cwd: string): Buffer {
  try {
    return readFileSync(resolve(cwd, file));
  } catch (error) {
    throw new UserError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { code: 'TLS_FILE_UNREADABLE' });
  }
}

/** HTTPS with the given certificate, or plain HTTP. */
function serverFactory(options: ServeOptions, cwd: string): ((options: ServerOptions, listener: RequestListener) => Server) | undefined {
  if (options.tlsCert === undefined && options.tlsKey === undefined) return undefined;
  if (options.tlsCert === undefined || options.tlsKey === undefined) throw new UsageError('--tls-cert and --tls-key go together: give both, or neither for plain HTTP');
  const cert = readPem(options.tlsCert, '--tls-cert', cwd);
  const key = readPem(options.tlsKey, '--tls-key', cwd);
  return (serverOptions, listener) => {
    try {
      return createHttpsServer({ ...serverOptions, cert, key }, listener) as unknown as Server;
    } catch (error) {
      throw new UserError(`--tls-cert/--tls-key: ${(error as Error).message}`, { code: 'TLS_INVALID', hint: 'both files must be PEM: the certificate (chain) and its private key' });
    }
  };
}

/** Functions are the host's public API: any Host name (a proxy or a domain in front) and any web origin may call them; /_neosl/ needs a token. */
const SERVE_SETTINGS: HostSettings = {
  bodyLimitBytes: BODY_LIMIT_BYTES,
  bodyTimeoutMs: BODY_TIMEOUT_MS,
  access: new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: true, allowedOrigins: ['*'] }),
  rpcAllowedOrigins: [],
};

/** --function, --external-triggers and --triggers-only go with --from-dir; the dispatcher runs no function. */
function checkRuntimeFlags(options: ServeOptions): void {
  const given = [options.function !== undefined ? '--function' : '', options.externalTriggers ? '--external-triggers' : '', options.triggersOnly ? '--triggers-only' : ''].filter((flag) => flag !== '');
  if (given.length > 0 && options.fromDir === undefined) {
    throw new UsageError(`${given.join(' and ')} ${given.length === 1 ? 'goes' : 'go'} with --from-dir DIR: they serve a built project as a container runs it (e.g. neosl serve --from-dir . --function hello --external-triggers)`);
  }
  if (options.triggersOnly && (options.function !== undefined || options.externalTriggers)) {
    throw new UsageError('--triggers-only is the trigger dispatcher and runs no function itself: give it without --function and --external-triggers');
  }
  if (options.triggersOnly && options.store !== undefined) throw new UsageError('--triggers-only keeps no store: leave out --store');
}

export async function serveCommand(context: CommandContext, _args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as ServeOptions;
  const { out } = context;
  checkRuntimeFlags(options);
  const port = parsePort(options.port);
  const listenHost = options.host ?? '127.0.0.1';
  const createServer = serverFactory(options, context.cwd);
  if (options.triggersOnly) return runTriggerDispatcher(context, { dir: resolve(context.cwd, options.fromDir!), listenHost, port, ...(createServer ? { createServer } : {}) });
  const shared = isPostgresUrl(options.store);
  if (shared && options.fromDir !== undefined) throw new UsageError('--from-dir serves one built project on its own: give it a folder --store (or none), not postgres://');
  if (!shared && (options.secretKeyFile !== undefined || options.localDir !== undefined)) throw new UsageError('--secret-key-file and --local-dir go with a shared store: --store postgres://…');
  let store: HostStoreApi;
  let postgres: PostgresHostStore | undefined;
  /** A shared store reached at least once (its state is what this replica serves); a folder always is. */
  let storeReached = !shared;
  if (shared) {
    const local = replicaDir(context.cwd, options, port);
    // Whichever way the process ends (an error at start included), its temporary folder goes with it.
    if (local.temporary) process.once('exit', () => rmSync(local.dir, { recursive: true, force: true }));
    mkdirSync(join(local.dir, 'data'), { recursive: true, mode: 0o700 });
    postgres = postgresStore(options.store!, context.cwd, context.env, options, local.dir);
    store = postgres;
    try {
      await postgres.open();
      storeReached = true;
    } catch (error) {
      if (!isConnectionFailure(error)) {
        await postgres.close();
        throw error;
      }
      out.info(`neosl serve: ${(error as Error).message}; starting anyway, and connecting again in the background (GET /_neosl/health answers 503 until then)`);
    }
  } else {
    store = folderStore(context.cwd, options, { onProblem: (problem) => out.info(`neosl serve: ${problem.message}: every token is refused until it is fixed`) });
  }
  const built = options.fromDir !== undefined ? loadBuiltProject(resolve(context.cwd, options.fromDir), { env: context.env, ...(options.function !== undefined ? { functionName: options.function } : {}) }) : undefined;
  const state = storeReached ? await store.readState() : undefined;
  const activeSettings = built?.settings ?? (state?.active ? (await store.getVersion(state.active)).settings : undefined);
  const backends = settingsBackends(activeSettings, store.dataDir, context.env);

  const events = new EventEmitter<HostEventMap>();
  const stdout = batchedWriter(process.stdout);
  const stderr = batchedWriter(process.stderr);
  const detach = out.json ? printNdjson(events, stdout) : printPlainLines(events, stderr, out.colors);
  const recent = new RecentEvents();
  recent.follow(events);
  // A cluster (postgres:// store): schedules and blockchain triggers run on one replica at a time (src/serve/cluster/).
  const cluster = serveCluster(options.store, events);

  const tokenOf = new WeakMap<IncomingMessage, string>();
  const authorize = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    const name = store.verifyToken(header.slice('Bearer '.length).trim());
    if (name === undefined) return false;
    tokenOf.set(req, name);
    return true;
  };
  // --from-dir: the host's environment is the functions' secrets, as a container passes them.
  const secrets: Record<string, string> = built ? { ...(context.env as Record<string, string>) } : {};
  let deployments: HostDeployments | undefined;
  const host = await createFunctionHost({
    kind: 'serve',
    projectDir: built?.dir ?? runDir(store),
    listenHost,
    port,
    settings: SERVE_SETTINGS,
    backends: backends.options,
    env: {},
    secrets,
    events,
    standbyWorker: false,
    authorize,
    // The web console's events stream: a browser offers the token as a WebSocket subprotocol.
    authorizeToken: (token) => store.verifyToken(token) !== undefined,
    ...(createServer ? { createServer, scheme: 'https' as const } : {}),
    // A shared store not reached yet: this replica serves nothing, and says so (503); once it has, it
    // keeps serving its active version while the store is away, and reports it.
    health: () => {
      const status = store.status();
      return {
        neosl: packageVersion(),
        ...cluster?.health(),
        ...(storeReached ? {} : { status: 'starting' }),
        store: status.state,
        ...(status.cause !== undefined && status.state === 'unavailable' ? { storeCause: status.cause } : {}),
      };
    },
    // --external-triggers: schedules and blockchain triggers run only when they arrive as events.
    ...(cluster ? { triggerGate: cluster.gate } : options.externalTriggers ? { triggerGate: externalTriggerGate() } : {}),
    adminRoutes: (functionHost) => {
      deployments = new HostDeployments(store, functionHost, secrets, events, context.env);
      return [
        ...hostApiRoutes({ store, deployments, recent, tokenName: (req) => tokenOf.get(req) ?? '', ...(built ? { readOnly: displayPath(built.dir) } : {}) }),
        ...(options.externalTriggers ? [eventsRoute(functionHost, { clusterDomain: clusterDomain(context.env), bodyLimitBytes: BODY_LIMIT_BYTES })] : []),
      ];
    },
  });

  // A shared store: the other replicas' changes (and a reconnect, after which everything is re-read) reach this one.
  const stopSync = store.onChange((change) => {
    if (!storeReached) return;
    void deployments!.syncFromStore(change).catch((failure: unknown) => host.error(`following the shared store (${change}): ${(failure as Error).message}`, { code: (failure as UserError).code ?? 'STORE_SYNC' }));
  });
  let active: string | undefined;
  try {
    if (built) {
      await host.activate(built.functions, 'start');
      active = `${built.project}${options.function !== undefined ? ` (function ${options.function} only)` : ''} from ${displayPath(built.dir)}`;
    } else if (storeReached) {
      const version = await deployments!.start();
      if (version) active = `${version.project} ${version.id}`;
    }
    await host.listen();
    cluster?.start();
  } catch (error) {
    stopSync();
    deployments?.stop();
    await host.close();
    await cluster?.stop();
    await store.close();
    detach();
    stderr.flush();
    throw error;
  }

  /** Ends the serve with an error (a store that turned out unusable once reached). */
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => undefined);
  if (postgres !== undefined) {
    const pg = postgres;
    if (storeReached) pg.startListening();
    else {
      void (async () => {
        const reached = await pg.openWithRetry((problem, retryInMs) => out.info(`neosl serve: ${problem.message}; trying again in ${(retryInMs / 1000).toFixed(1)}s`));
        if (!reached) return;
        storeReached = true;
        const version = await deployments!.start();
        out.info(`neosl serve: the host store ${store.description} answers${version ? `: serving ${version.project} ${version.id}` : ', nothing deployed yet'}`);
        pg.startListening();
      })().catch(fail);
    }
  }

  const tokens = storeReached ? (await store.listTokens()).length : undefined;
  const storeFlag = options.store ? ` --store ${shared ? store.description : options.store}` : '';
  out.info(`neosl serve ${packageVersion()}: store ${store.description}${active ? `, serving ${active}` : storeReached ? ', nothing deployed yet' : ', not reached yet'}`);
  for (const line of backends.lines) out.info(`  ${line}`);
  if (options.externalTriggers) out.info('  triggers: external: schedules and blockchain triggers run when they arrive at POST /_neosl/events/<function> (from inside the cluster)');
  if (tokens !== undefined) out.info(tokens === 0 ? `  tokens: none yet; create one for neosl deploy: neosl serve token create ci${storeFlag}` : `  tokens: ${tokens}`);
  if (!isLoopbackHost(listenHost)) {
    host.error(
      `neosl serve listens on ${listenHost}, beyond this machine: anyone who can reach it can call the functions; the /_neosl/ routes need a token${createServer ? '' : ', which crosses the network in clear text without --tls-cert/--tls-key (or TLS in front)'}`,
      { code: 'LISTENING_BEYOND_LOOPBACK', warning: true },
    );
  }
  events.emit('ready', { type: 'ready', time: Date.now(), url: host.url, consoleUrl: `${host.url}${CONSOLE_PATH}` });

  let failure: unknown;
  await Promise.race([
    new Promise<void>((resolveStop) => {
      process.once('SIGINT', () => resolveStop());
      process.once('SIGTERM', () => resolveStop());
    }),
    failed.catch((error: unknown) => {
      failure = error;
    }),
  ]);
  if (!out.json) out.info('Stopping: finishing requests in flight…');
  stopSync();
  deployments?.stop();
  await host.close();
  await cluster?.stop();
  await store.close();
  detach();
  stdout.flush();
  stderr.flush();
  if (failure !== undefined) throw failure;
}
