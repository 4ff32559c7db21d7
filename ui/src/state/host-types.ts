// The shapes the console reads from the host, copied from the server's declarations (the browser
// bundle cannot import src/, which pulls in Node): src/host/events.ts (HostEvent, FunctionSummary),
// src/host/api-types.ts (VersionSummary, Canary), src/emulator/chain-admin.ts (GET /_neosl/chain) and
// the request log API of issue 17 (GET /_neosl/requests). Only the fields the console uses.

export type FunctionState = 'building' | 'ready' | 'failed' | 'no-build';

export interface HttpSample {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  /** Not sent by the form (a credential in them comes back "[redacted]"). */
  headers?: Record<string, string>;
  body?: unknown;
}

/** neosl.yaml's `sample:` (src/config/types.ts FunctionSample), if the host sends it with the summary. */
export type FunctionSample = { kind: 'input'; input: unknown } | { kind: 'http'; request: HttpSample };

export interface FunctionSummary {
  name: string;
  /** "GET /hello", "POST /functions/hello", "schedule 0 * * * *", "blockchain block". */
  routes: string[];
  state: FunctionState;
  version: number;
  instances: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  coldStarts: number;
  /** neosl.yaml's sample: sent by GET /_neosl/functions (not by metrics events). */
  sample?: FunctionSample;
  /**
   * While state is "failed" (neosl dev): the failed build's message and diagnostics, so that a page
   * opened after the failure shows its location and code frame, not only that it failed.
   */
  buildFailure?: { time?: number; message: string; diagnostics?: Diagnostic[] };
}

/** src/errors.ts: 1-based line and column; lineText is the source line of the code frame. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  lineText?: string;
  /** How many characters to underline. */
  length?: number;
}

export interface Diagnostic {
  message: string;
  location?: SourceLocation;
  hint?: string;
}

export interface RequestEvent {
  type: 'request';
  time: number;
  requestId: string;
  functionName?: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  coldStart: boolean;
  errorCode?: string;
  bench?: true;
  version?: string;
}

export interface LogEvent {
  type: 'log';
  record: { level: string; message: string; time: number; requestId: string; functionName: string };
}

export interface BuildEvent {
  type: 'build';
  time: number;
  functionName: string;
  status: 'start' | 'success' | 'failure';
  durationMs?: number;
  message?: string;
  diagnostics?: Diagnostic[];
}

export interface ReloadEvent {
  type: 'reload';
  time: number;
  functionName: string;
  version: number;
  deployed?: string;
  durationMs: number;
  cause: string;
}

export interface ErrorEvent {
  type: 'error';
  time: number;
  message: string;
  functionName?: string;
  code?: string;
  diagnostics?: Diagnostic[];
  stack?: string;
  warning?: true;
}

export interface MetricsEvent {
  type: 'metrics';
  time: number;
  functions: FunctionSummary[];
  rssBytes: number;
}

export interface ReadyEvent {
  type: 'ready';
  time: number;
  url: string;
}

export type HostEvent = RequestEvent | LogEvent | BuildEvent | ReloadEvent | ErrorEvent | MetricsEvent | ReadyEvent;

/** One row of GET /_neosl/requests: a request event without its type and bench mark. */
export type RequestSummary = Omit<RequestEvent, 'type' | 'bench'>;

export interface CapturedBody {
  text: string;
  truncated: boolean;
  bytes: number;
}

/** GET /_neosl/requests/<id> (?full=1: bodies untruncated). */
export interface RequestDetail extends RequestSummary {
  input: CapturedBody;
  output: CapturedBody;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  logs: { time: number; level: string; message: string }[];
  error?: { code: string; message: string; stack?: string };
}

export interface VersionSummary {
  id: string;
  number: number;
  hash: string;
  project: string;
  message?: string;
  createdAt: string;
  createdBy: string;
  functions: Record<string, { sha256: string }>;
}

export interface CanarySideStats {
  requests: number;
  errors: number;
  p99Ms: number | null;
}

export interface Canary {
  version: string;
  stable: string;
  percent: number;
  startedAt: string;
  endsAt?: string;
  state: 'running' | 'promoted' | 'rolled-back';
  reason?: string;
  stats: { stable: CanarySideStats; canary: CanarySideStats };
}

/** GET /_neosl/versions. */
export interface VersionsAnswer {
  project: string | null;
  active: string | null;
  canary: Canary | null;
  versions: VersionSummary[];
}

/** GET /_neosl/chain. */
export interface ChainStatus {
  kind: 'in-process' | 'rpc';
  rpcUrl?: string;
  height: number;
  bestBlock: { index: number; hash: string; time: number; transactions: number };
  blockIntervalMs: number | null;
  accounts: { address: string; neo: string; gas: string }[];
}

/** GET /_neosl/health. */
export interface HealthAnswer {
  status: string;
  kind: 'dev' | 'serve';
  url: string;
}
