// `neosl serve`: the production host. The same function host as `neosl dev` (routes, headers, error
// JSON, instances, triggers), serving the versions deployed to its store instead of watching files;
// every /_neosl/ route but health needs a token. SIGTERM/SIGINT drain in-flight requests, exit 0.
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, RequestListener, Server, ServerOptions } from 'node:http';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { UsageError, UserError } from '../errors.js';
import { printNdjson, printPlainLines } from '../dev/plain-printer.js';
import { batchedWriter } from '../dev/batched-writer.js';
import { AccessPolicy } from '../emulator/access-policy.js';
import { createFunctionHost, type HostSettings } from '../host/function-host.js';
import type { HostEventMap } from '../host/events.js';
import { packageVersion } from '../package-info.js';
import { HostDeployments } from '../serve/deployments.js';
import { loadBuiltProject } from '../serve/from-dir.js';
import { hostApiRoutes } from '../serve/host-api-routes.js';
import { RecentEvents } from '../serve/recent-events.js';
import { settingsBackends } from '../serve/settings-backends.js';
import { openHostStore } from '../serve/store/host-store.js';
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
}

export const DEFAULT_STORE = '.neosl/host';
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

export async function serveCommand(context: CommandContext, _args: unknown[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = rawOptions as ServeOptions;
  const { out } = context;
  const port = parsePort(options.port);
  const listenHost = options.host ?? '127.0.0.1';
  if (options.store?.startsWith('postgres://') || options.store?.startsWith('postgresql://')) {
    throw new UserError('--store postgres://… (a store shared by several hosts) is not available in this version', { code: 'STORE_UNSUPPORTED', hint: `use a folder: --store ${DEFAULT_STORE}` });
  }
  const createServer = serverFactory(options, context.cwd);
  const storeDir = resolve(context.cwd, options.store ?? DEFAULT_STORE);
  const store = openHostStore(storeDir, { onProblem: (problem) => out.info(`neosl serve: ${problem.message}: every token is refused until it is fixed`) });
  const built = options.fromDir !== undefined ? loadBuiltProject(resolve(context.cwd, options.fromDir)) : undefined;
  const state = store.readState();
  const activeSettings = built?.settings ?? (state.active !== null ? store.getVersion(state.active).settings : undefined);
  const backends = settingsBackends(activeSettings, store.dataDir, context.env);

  const events = new EventEmitter<HostEventMap>();
  const stdout = batchedWriter(process.stdout);
  const stderr = batchedWriter(process.stderr);
  const detach = out.json ? printNdjson(events, stdout) : printPlainLines(events, stderr, out.colors);
  const recent = new RecentEvents();
  recent.follow(events);

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
    ...(createServer ? { createServer, scheme: 'https' as const } : {}),
    health: () => ({ neosl: packageVersion() }),
    adminRoutes: (functionHost) => {
      deployments = new HostDeployments(store, functionHost, secrets, events, context.env);
      return hostApiRoutes({ store, deployments, recent, tokenName: (req) => tokenOf.get(req) ?? '', ...(built ? { readOnly: displayPath(built.dir) } : {}) });
    },
  });

  let active: string | undefined;
  try {
    if (built) {
      await host.activate(built.functions, 'start');
      active = `${built.project} from ${displayPath(built.dir)}`;
    } else {
      const version = await deployments!.start();
      if (version) active = `${version.project} ${version.id}`;
    }
    await host.listen();
  } catch (error) {
    deployments?.stop();
    await host.close();
    detach();
    stderr.flush();
    throw error;
  }

  const tokens = store.listTokens().length;
  out.info(`neosl serve ${packageVersion()}: store ${displayPath(storeDir)}${active ? `, serving ${active}` : ', nothing deployed yet'}`);
  for (const line of backends.lines) out.info(`  ${line}`);
  out.info(tokens === 0 ? `  tokens: none yet; create one for neosl deploy: neosl serve token create ci${options.store ? ` --store ${options.store}` : ''}` : `  tokens: ${tokens}`);
  if (!isLoopbackHost(listenHost)) {
    host.error(
      `neosl serve listens on ${listenHost}, beyond this machine: anyone who can reach it can call the functions; the /_neosl/ routes need a token${createServer ? '' : ', which crosses the network in clear text without --tls-cert/--tls-key (or TLS in front)'}`,
      { code: 'LISTENING_BEYOND_LOOPBACK', warning: true },
    );
  }
  events.emit('ready', { type: 'ready', time: Date.now(), url: host.url });

  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  if (!out.json) out.info('Stopping: finishing requests in flight…');
  deployments?.stop();
  await host.close();
  detach();
  stdout.flush();
  stderr.flush();
}
