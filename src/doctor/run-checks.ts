// All of `neosl doctor`'s checks, in a fixed order: the machine first, then the project and the
// services it names. They run at once, each bounded, so the whole takes about as long as the
// slowest service (at most SERVICE_TIMEOUT_MS), not their sum.
import { bounded, SERVICE_TIMEOUT_MS, type CheckResult } from './check.js';
import { esbuildCheck, nodeVersionCheck, npmCheck, sqliteCheck } from './machine-checks.js';
import { projectCheck, vendoredTarballCheck } from './project-checks.js';
import { devPortCheck, neoNodeCheck, postgresCheck, redisCheck } from './service-checks.js';

const DEFAULT_DEV = { host: '127.0.0.1', port: 8700 };
/** npm and esbuild start processes of their own: slower than a socket, still bounded. */
const PROCESS_TIMEOUT_MS = 5000;
/** A check's own timeout comes first; this margin only catches one that forgets its own. */
const MARGIN_MS = 500;

export async function runChecks(cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number = SERVICE_TIMEOUT_MS): Promise<CheckResult[]> {
  // The machine's checks start first: npm alone takes most of a second to answer its version.
  const machine = [
    nodeVersionCheck(),
    bounded('npm', PROCESS_TIMEOUT_MS + MARGIN_MS, 'put npm on the PATH', () => npmCheck(env, PROCESS_TIMEOUT_MS)),
    sqliteCheck(),
    bounded('esbuild', PROCESS_TIMEOUT_MS, 'rebuild esbuild: "npm rebuild esbuild"', esbuildCheck),
  ];
  const project = await projectCheck(cwd, env);
  const config = project.loaded?.config;
  const redisUrl = config?.cache.redis?.url ?? env.NEOSL_REDIS_URL;
  const redisSource = config?.cache.redis?.url !== undefined ? 'cache.redis.url in neosl.yaml' : 'NEOSL_REDIS_URL';
  const rpcUrl = config?.blockchain.rpcUrl;
  const database = config?.database;
  const dev = config?.dev ?? DEFAULT_DEV;
  const devSource = config ? 'dev.port in neosl.yaml' : 'the default dev port';
  const service = (name: string, fix: string, check: () => Promise<CheckResult>) => bounded(name, timeoutMs + MARGIN_MS, fix, check);

  const pending: (Promise<CheckResult> | CheckResult | undefined)[] = [
    ...machine,
    project.result,
    project.dir === undefined ? undefined : vendoredTarballCheck(project.dir),
    service('dev port', 'use "neosl dev --port 0"', () => devPortCheck(dev.host, dev.port, devSource, timeoutMs)),
    redisUrl === undefined ? undefined : service('redis', `check ${redisSource}`, () => redisCheck(redisUrl, redisSource, timeoutMs)),
    database?.kind === 'postgres' ? service('postgresql', 'check database.url', () => postgresCheck(database.url, timeoutMs)) : undefined,
    rpcUrl === undefined ? undefined : service('neo node', 'check blockchain.rpcUrl', () => neoNodeCheck(rpcUrl, timeoutMs)),
  ];
  const results = await Promise.all(pending);
  return results.filter((result): result is CheckResult => result !== undefined);
}
