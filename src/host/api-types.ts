// The shapes of the host API (docs/host-api.md) that `neosl serve` answers and `neosl deploy`,
// `versions`, `rollback` and `canary` send: what a version is, what a deploy asks and gets back.
import type { BlockchainConfig, FunctionConfig } from '../config/types.js';

/** One function of a version: its bundle (and source map) by content hash, and its portable config. */
export interface VersionFunction {
  /** sha256 (64 lower-case hex digits) of the bundle, a blob of the host's store. */
  sha256: string;
  /** sha256 of the bundle's source map, when it has one. */
  mapSha256?: string;
  exportName: string;
  /** Portable: handler.file is project-relative. */
  config: FunctionConfig;
}

/**
 * The project-wide settings a version carries. URLs as written in neosl.yaml: `${env.NAME}` is
 * expanded on the host, from the host's environment.
 */
export interface ProjectSettings {
  cache: { redisUrl?: string; memoryMaxEntries: number };
  databaseUrl: string;
  blockchain: { rpcUrl?: string; blockIntervalMs?: number; contracts: BlockchainConfig['contracts'] };
}

/** An immutable deployed version: code (bundle hashes) and config, numbered per host. */
export interface Version {
  /** "v3". */
  id: string;
  number: number;
  /** sha256 of the canonical JSON of {project, functions, settings}. */
  hash: string;
  project: string;
  message?: string;
  /** ISO 8601. */
  createdAt: string;
  /** The name of the token that deployed it. */
  createdBy: string;
  functions: Record<string, VersionFunction>;
  settings: ProjectSettings;
}

/** A version in `GET /_neosl/versions`: no configs or settings, each function's bundle hash only. */
export type VersionSummary = Omit<Version, 'functions' | 'settings'> & { functions: Record<string, { sha256: string }> };

/** How `neosl deploy --canary` asks for a split and its automatic verdict. */
export interface CanaryRequest {
  percent: number;
  watchMs?: number;
  maxErrorRate?: number;
  maxP99RegressionPct?: number;
}

/** `POST /_neosl/deployments`. */
export interface DeployRequest {
  project: string;
  message?: string;
  functions: Record<string, VersionFunction>;
  settings: ProjectSettings;
  /** The version the deployer saw active; another one active means another deploy won (409 DEPLOY_CONFLICT). */
  expectedActive: string | null;
  canary?: CanaryRequest;
}

/** One side of a canary split, as measured by the host. */
export interface CanarySideStats {
  requests: number;
  errors: number;
  p99Ms: number | null;
}

/** A canary: a share of the traffic on a new version, beside the stable one. */
export interface Canary {
  /** The new version's id. */
  version: string;
  /** The version taking the rest of the traffic. */
  stable: string;
  percent: number;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601; absent: no watch window (promoted or aborted by hand). */
  endsAt?: string;
  maxErrorRate?: number;
  maxP99RegressionPct?: number;
  state: 'running' | 'promoted' | 'rolled-back';
  /** Why it was promoted or rolled back. */
  reason?: string;
  stats: { stable: CanarySideStats; canary: CanarySideStats };
}

/** 201 answer of `POST /_neosl/deployments`. */
export interface DeployAnswer {
  version: string;
  hash: string;
  previous: string | null;
  functions: { name: string; url: string; status: 'active' | 'canary' }[];
  canary?: Canary;
}
