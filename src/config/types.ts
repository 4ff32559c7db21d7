// The resolved neosl.yaml: defaults filled, units parsed, paths absolute. What the rest of neosl reads.
import type { InvokeResult, StackItem } from '../sdk/blockchain-types.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const PERMISSIONS = ['blockchain:transfer', 'blockchain:invoke', 'functions:execute', 'secrets:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A host secret's name (neosl.yaml `secrets:`, `neosl secrets set`): an identifier, like an environment variable's. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const RETRY_BACKOFFS = ['exponential', 'linear', 'none'] as const;
export type RetryBackoff = (typeof RETRY_BACKOFFS)[number];

export interface RetryConfig {
  /** Retries after the first attempt; 0 = no retry. */
  attempts: number;
  backoff: RetryBackoff;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface HandlerRef {
  /** Absolute path of the handler module. */
  file: string;
  /** The export after '#'. Undefined: the export named like the function, else the default export. */
  exportName?: string;
  /** As written in neosl.yaml (or the default `functions/<name>/index.ts`). */
  raw: string;
}

export interface ScalingConfig {
  minInstances: number;
  maxInstances: number;
  targetConcurrency: number;
  /** Idle time after which an instance above minInstances is stopped. */
  cooldownMs: number;
}

export interface RateLimitConfig {
  windowMs: number;
  max: number;
  message: string;
}

/** Options every trigger kind accepts. */
export interface TriggerOptions {
  /** Maximum concurrent runs started by this trigger; undefined = no limit beyond scaling. */
  concurrency?: number;
  retry?: RetryConfig;
}

export interface HttpTriggerConfig extends TriggerOptions {
  kind: 'http';
  method: HttpMethod;
  /** Starts with '/'. */
  path: string;
}

export interface ScheduleTriggerConfig extends TriggerOptions {
  kind: 'schedule';
  /** 5 fields (minute first) or 6 (second first), shape-checked only. */
  cron: string;
  /** IANA time zone; undefined = the machine's local time. */
  timezone?: string;
}

/** `blockchain: { event: block }`: runs on every new block. */
export interface BlockTriggerConfig extends TriggerOptions {
  kind: 'block';
}

/** `blockchain: { contract, event, filters? }`: runs on a contract's notifications. */
export interface ContractEventTriggerConfig extends TriggerOptions {
  kind: 'contract-event';
  /** Script hash, `0x` + 40 lower-case hex digits. */
  contract: string;
  event: string;
  filters: Record<string, unknown>;
}

export type TriggerConfig = HttpTriggerConfig | ScheduleTriggerConfig | BlockTriggerConfig | ContractEventTriggerConfig;

export interface BenchConfig {
  /** neosl.yaml has a `bench:` block for the function (what `neosl bench --all` runs). */
  declared?: true;
  /** Request body for `neosl bench`; undefined = none given. */
  data?: unknown;
  connections: number;
  durationMs: number;
  /** Requests per second cap; undefined = as fast as possible. */
  rate?: number;
  method?: HttpMethod;
}

/**
 * `sample:` of an http-routed function: the request `neosl invoke` sends when given no data (each
 * part overridable by its flag); its body is also what `neosl bench` sends without `bench.data`.
 */
export interface HttpSample {
  method?: HttpMethod;
  /** Starts with '/'; matches one of the function's routes (`:name` segments filled in). */
  path?: string;
  query: Record<string, string>;
  /** Names in lower case, as Node gives them to the emulator. */
  headers: Record<string, string>;
  /** Absent: no body. */
  body?: unknown;
}

/**
 * `sample:` in neosl.yaml: the input a function is tried with when none is given (`neosl invoke`,
 * `neosl bench` and the dashboard's `b` without `bench.data`). A function with http routes declares
 * a request; any other function its input (an event, a JSON body), as is.
 */
export type FunctionSample = { kind: 'input'; input: unknown } | { kind: 'http'; request: HttpSample };

export interface FunctionConfig {
  name: string;
  handler: HandlerRef;
  timeoutMs: number;
  memoryMb: number;
  /** From neosl.yaml with `${env.NAME}` expanded; the project's .env values are in LoadedConfig.dotenv. */
  environment: Record<string, string>;
  scaling: ScalingConfig;
  rateLimit?: RateLimitConfig;
  /** Never empty: defaults to one http trigger at POST /functions/<name>. */
  triggers: TriggerConfig[];
  bench: BenchConfig;
  permissions: Permission[];
  /** The host secrets it reads with context.secrets.get: a deploy fails when the host lacks one. Locally they come from .env. */
  secrets: string[];
  retry?: RetryConfig;
  sample?: FunctionSample;
}

export interface CacheConfig {
  /** Undefined: the in-process redis fake. */
  redis?: { url: string };
  memory: { maxEntries: number };
}

export type DatabaseConfig =
  | { kind: 'sqlite'; url: string; /** Absolute. */ file: string }
  | { kind: 'sqlite-memory'; url: string }
  /** poolMax: connections per function instance (database.pool.max). */
  | { kind: 'postgres'; url: string; poolMax: number };

export interface BlockchainConfig {
  /** Undefined: the in-process fake chain. */
  rpcUrl?: string;
  /** Block time of the fake chain; undefined: blocks only when mined ("manual"). */
  blockIntervalMs?: number;
  /** The fake chain's answers to invocations: script hash → operation → result stack or partial invoke result. */
  contracts: Record<string, Record<string, StackItem[] | Partial<InvokeResult>>>;
}

export interface DevConfig {
  port: number;
  host: string;
  bodyLimitBytes: number;
  /** A request body not received in full within this is cut (408). */
  bodyTimeoutMs: number;
  /** Host header names allowed besides the local ones; true: any. */
  allowedHosts: string[] | true;
  /** Origins allowed besides the local ones. */
  allowedOrigins: string[];
  /** CORS origins of POST /_neosl/rpc ("*": any, as a Neo node by default). */
  rpcAllowedOrigins: string[];
}

/** A host `neosl deploy` and the host commands can talk to (neosl.yaml `deploy.targets.<name>`). */
export interface DeployTarget {
  /** http(s), as written. */
  url: string;
  /** As written: `${env.NAME}` is expanded when the target is used, not when neosl.yaml is loaded. */
  token?: string;
}

export interface DeployConfig {
  targets: Record<string, DeployTarget>;
  /** The target used without --target; one of `targets`. */
  default?: string;
}

export interface NeoslConfig {
  name: string;
  /** In the order of neosl.yaml. */
  functions: Record<string, FunctionConfig>;
  cache: CacheConfig;
  database: DatabaseConfig;
  blockchain: BlockchainConfig;
  dev: DevConfig;
  deploy: DeployConfig;
}

export interface LoadedConfig {
  /** Absolute path of neosl.yaml. */
  file: string;
  /** The project root: the directory of neosl.yaml. */
  dir: string;
  config: NeoslConfig;
  /** Absolute path of the .env file that was read, if there was one. */
  envFile?: string;
  /** The .env values (empty without a .env file). */
  dotenv: Record<string, string>;
}
