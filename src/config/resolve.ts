// Validated neosl.yaml → NeoslConfig: defaults that depend on the function name, absolute paths,
// explicit unit names (timeoutMs, memoryMb…).
import { isAbsolute, resolve } from 'node:path';
import { resolveSample } from './sample.js';
import type { ParsedConfig, ParsedFunction, ParsedRetry, ParsedTrigger } from './schema.js';
import type { BenchConfig, BlockchainConfig, DatabaseConfig, DeployConfig, DeployTarget, FunctionConfig, NeoslConfig, RetryConfig, TriggerConfig, TriggerOptions } from './types.js';

/** `functions/<name>/index.ts`, relative to the project. */
export function defaultHandlerPath(functionName: string): string {
  return `functions/${functionName}/index.ts`;
}

/** The trigger a function has when neosl.yaml lists none. */
export function defaultTriggers(functionName: string): TriggerConfig[] {
  return [{ kind: 'http', method: 'POST', path: `/functions/${functionName}` }];
}

function resolveRetry(retry: ParsedRetry): RetryConfig {
  return {
    attempts: retry.attempts,
    backoff: retry.backoff,
    initialDelayMs: retry.initialDelay,
    maxDelayMs: retry.maxDelay,
  };
}

function triggerOptions(options: { concurrency?: number | undefined; retry?: ParsedRetry | undefined }): TriggerOptions {
  return {
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.retry !== undefined ? { retry: resolveRetry(options.retry) } : {}),
  };
}

function resolveTrigger(trigger: ParsedTrigger): TriggerConfig {
  if (trigger.http) {
    return { kind: 'http', method: trigger.http.method, path: trigger.http.path, ...triggerOptions(trigger.http) };
  }
  if (trigger.schedule) {
    const { cron, timezone } = trigger.schedule;
    return { kind: 'schedule', cron: cron.trim().replace(/\s+/g, ' '), ...(timezone ? { timezone } : {}), ...triggerOptions(trigger.schedule) };
  }
  const blockchain = trigger.blockchain!;
  if (blockchain.contract === undefined) return { kind: 'block', ...triggerOptions(blockchain) };
  return {
    kind: 'contract-event',
    contract: blockchain.contract.toLowerCase(),
    event: blockchain.event,
    filters: blockchain.filters ?? {},
    ...triggerOptions(blockchain),
  };
}

function resolveFunction(name: string, fn: ParsedFunction, dir: string): FunctionConfig {
  const handler = fn.handler ?? { file: defaultHandlerPath(name), raw: defaultHandlerPath(name) };
  const triggers = fn.triggers && fn.triggers.length > 0 ? fn.triggers.map(resolveTrigger) : defaultTriggers(name);
  return {
    name,
    handler: {
      file: isAbsolute(handler.file) ? handler.file : resolve(dir, handler.file),
      ...(handler.exportName !== undefined ? { exportName: handler.exportName } : {}),
      raw: handler.raw,
    },
    timeoutMs: fn.timeout,
    memoryMb: fn.memory,
    environment: { ...fn.environment },
    scaling: {
      minInstances: fn.scaling.minInstances,
      maxInstances: fn.scaling.maxInstances,
      targetConcurrency: fn.scaling.targetConcurrency,
      cooldownMs: fn.scaling.cooldownPeriod,
    },
    ...(fn.rateLimit ? { rateLimit: { windowMs: fn.rateLimit.windowMs, max: fn.rateLimit.max, message: fn.rateLimit.message } } : {}),
    triggers,
    bench: resolveBench(fn.bench),
    permissions: [...new Set(fn.permissions)],
    secrets: [...fn.secrets],
    ...(fn.retry ? { retry: resolveRetry(fn.retry) } : {}),
    ...(fn.sample !== undefined ? { sample: resolveSample({ name, triggers }, fn.sample) } : {}),
  };
}

/** The defaults when neosl.yaml has no bench block (then not `declared`). */
function resolveBench(bench: ParsedFunction['bench']): BenchConfig {
  if (bench === undefined) return { connections: 50, durationMs: 10_000 };
  return {
    declared: true,
    ...(bench.data !== undefined ? { data: bench.data } : {}),
    connections: bench.connections,
    durationMs: bench.duration,
    ...(bench.rate !== undefined ? { rate: bench.rate } : {}),
    ...(bench.method !== undefined ? { method: bench.method } : {}),
  };
}

function resolveDatabase(url: string, poolMax: number, dir: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '').trim();
    if (path === ':memory:') return { kind: 'sqlite-memory', url };
    return { kind: 'sqlite', url, file: resolve(dir, path) };
  }
  return { kind: 'postgres', url, poolMax };
}

/** Tokens stay as written: `${env.NAME}` is expanded by the command that uses the target. */
function resolveDeploy(deploy: ParsedConfig['deploy']): DeployConfig {
  const targets: Record<string, DeployTarget> = {};
  for (const [name, target] of Object.entries(deploy.targets)) {
    const value: DeployTarget = { url: target.url, ...(target.token !== undefined ? { token: target.token } : {}) };
    Object.defineProperty(targets, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { targets, ...(deploy.default !== undefined ? { default: deploy.default } : {}) };
}

/** `dir` is the project root (the directory of neosl.yaml); relative paths resolve against it. */
export function resolveConfig(parsed: ParsedConfig, dir: string): NeoslConfig {
  const functions: Record<string, FunctionConfig> = {};
  for (const [name, fn] of Object.entries(parsed.functions)) {
    // defineProperty: a function called __proto__ must not become the prototype.
    Object.defineProperty(functions, name, { value: resolveFunction(name, fn, dir), enumerable: true, writable: true, configurable: true });
  }
  return {
    name: parsed.name,
    functions,
    cache: {
      ...(parsed.cache.redis ? { redis: { url: parsed.cache.redis.url } } : {}),
      memory: { maxEntries: parsed.cache.memory.maxEntries },
    },
    database: resolveDatabase(parsed.database.url, parsed.database.pool.max, dir),
    blockchain: {
      ...(parsed.blockchain.rpcUrl ? { rpcUrl: parsed.blockchain.rpcUrl } : {}),
      ...(parsed.blockchain.blockInterval !== 'manual' ? { blockIntervalMs: parsed.blockchain.blockInterval } : {}),
      contracts: (parsed.blockchain.contracts ?? {}) as BlockchainConfig['contracts'],
    },
    dev: {
      port: parsed.dev.port,
      host: parsed.dev.host,
      bodyLimitBytes: parsed.dev.bodyLimit,
      bodyTimeoutMs: parsed.dev.bodyTimeout,
      allowedHosts: parsed.dev.allowedHosts,
      allowedOrigins: parsed.dev.allowedOrigins,
      rpcAllowedOrigins: parsed.dev.rpcAllowedOrigins,
    },
    deploy: resolveDeploy(parsed.deploy),
  };
}
