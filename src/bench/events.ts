// The typed events of a `neosl bench` run. The run emits them; the Ink dashboard and the plain
// line printer only subscribe. Latencies are milliseconds; rates are per second.

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  average: number;
}

/** Responses counted by status code ("200", "404" …), and the ones that never got one. */
export interface ResponseCounts {
  requests: number;
  /** Connection errors, timeouts included (autocannon's `errors`). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/** One second of load, as the load generator aggregated it. */
export interface LoadTick extends ResponseCounts {
  /** Seconds since the measured run started (1, 2, …); warm-up ticks count from its own start. */
  second: number;
  phase: 'warmup' | 'run';
  /** Of the responses in this second. */
  latency: LatencySummary;
  /** Since the phase started, latency included. */
  total: ResponseCounts & { latency: LatencySummary };
}

/** The function as the emulator sees it, from /_neosl/events (metrics each second) and /_neosl/metrics. */
export interface ServerSnapshot {
  instances: number;
  coldStarts: number;
  /** Requests and errors the emulator counted for the function. */
  requests: number;
  errors: number;
  /** Server-side latency over its recent window. */
  p50: number;
  p99: number;
  /** hits / (hits + misses) of the function's cache reads; null before any. */
  cacheHitRate: number | null;
  /** The emulator process's resident memory. */
  rssBytes: number;
  /** The function's own metrics (counters, gauges; histograms as their count), by name. */
  metrics: Record<string, number>;
}

export interface BenchStartEvent {
  type: 'start';
  functionName: string;
  url: string;
  method: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** Requests per second asked for with --rate; undefined = as fast as possible. */
  rate?: number;
}

export interface BenchPhaseEvent {
  type: 'phase';
  phase: 'warmup' | 'run' | 'stopping';
  time: number;
}

export interface BenchTickEvent {
  type: 'tick';
  tick: LoadTick;
}

export interface BenchServerEvent {
  type: 'server';
  server: ServerSnapshot;
}

export interface BenchDoneEvent {
  type: 'done';
  /** True when Ctrl-C stopped the load early (a partial result). */
  interrupted: boolean;
}

export type BenchEvent = BenchStartEvent | BenchPhaseEvent | BenchTickEvent | BenchServerEvent | BenchDoneEvent;

export type BenchEventMap = { [E in BenchEvent as E['type']]: [E] };
