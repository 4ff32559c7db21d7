// The typed events of a function host (today the `neosl dev` session; `neosl serve` next). The core
// emits them; the Ink dashboard, the plain-line and NDJSON printers, the /_neosl/events WebSocket and
// bench's server monitor only subscribe (they never drive the core). Here, not in dev/, so that the
// emulator and bench need nothing of dev.
import type { TrafficSummary } from './request-stats.js';
import type { Diagnostic } from '../errors.js';
import type { LogRecord } from '../sdk/context.js';

export type FunctionState = 'building' | 'ready' | 'failed' | 'no-build';

/** One row of the dashboard and of GET /_neosl/functions. */
export interface FunctionSummary {
  name: string;
  // e.g. "GET /hello", "POST /functions/hello", "schedule 0 * * * *", "blockchain block"
  routes: string[];
  state: FunctionState;
  /** Bumped by each successful build that was swapped in; 0 before the first. */
  version: number;
  instances: number;
  requests: number;
  errors: number;
  /** Milliseconds, over the recent window of requests. */
  p50: number;
  p99: number;
  coldStarts: number;
  /** The function's cache reads (get, has) since the session started, memory and redis levels summed. */
  cache: CacheSummary;
  /** Requests a bench sent (the x-neosl-bench mark), not in `requests`, `errors`, `p50`, `p99`; absent before any. */
  bench?: TrafficSummary;
}

export interface CacheSummary {
  /** Reads that found the key. */
  hits: number;
  /** Reads that found it absent or expired. */
  misses: number;
  /** hits / (hits + misses); null before the first read. */
  hitRate: number | null;
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
  /** The error code for 4xx/5xx answers. */
  errorCode?: string;
  /** Sent by `neosl bench` (the x-neosl-bench mark): counted apart from the session's traffic. */
  bench?: true;
  /** On a host (neosl serve): the deployed version that answered (a canary's, or the active one). */
  version?: string;
}

export interface LogEvent {
  type: 'log';
  record: LogRecord;
}

export interface BuildEvent {
  type: 'build';
  time: number;
  functionName: string;
  status: 'start' | 'success' | 'failure';
  durationMs?: number;
  /** On failure: the located errors (file, line, code frame lines). */
  message?: string;
  diagnostics?: Diagnostic[];
}

export interface ReloadEvent {
  type: 'reload';
  time: number;
  functionName: string;
  version: number;
  /** On a host (neosl serve): the deployed version now serving, e.g. "v3". */
  deployed?: string;
  /** From the file change seen to the new version serving. */
  durationMs: number;
  /** What changed: a source file, neosl.yaml or .env. */
  cause: string;
}

export interface ErrorEvent {
  type: 'error';
  time: number;
  message: string;
  functionName?: string;
  code?: string;
  diagnostics?: Diagnostic[];
  /** A fault of a function's instance (UNHANDLED_ERROR …): what it threw, source-mapped, project-relative paths. */
  stack?: string;
  /** Something to know rather than something broken (e.g. listening beyond this machine). */
  warning?: true;
}

export interface MetricsEvent {
  type: 'metrics';
  time: number;
  functions: FunctionSummary[];
  /** The emulator process's resident set size in bytes. */
  rssBytes: number;
}

export interface ReadyEvent {
  type: 'ready';
  time: number;
  url: string;
  /** The web console's page (…/_neosl/ui). */
  consoleUrl?: string;
}

export type HostEvent = RequestEvent | LogEvent | BuildEvent | ReloadEvent | ErrorEvent | MetricsEvent | ReadyEvent;

/** For a typed EventEmitter: one channel per event type. */
export type HostEventMap = { [E in HostEvent as E['type']]: [E] };
