// The server side of a bench run, as the emulator publishes it: the function's row of the `metrics`
// event on /_neosl/events (instances, cold starts, latency, cache reads, memory; only that event
// type is asked for, so the emulator sends nothing per request), and its own metrics from
// GET /_neosl/metrics once a second. A target that is not a neosl emulator simply has no server side.
import type { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { FunctionSummary, MetricsEvent } from '../host/events.js';
import type { TrafficSummary } from '../host/request-stats.js';
import type { BenchEventMap, ServerSnapshot } from './events.js';

export interface ServerMonitor {
  latest(): ServerSnapshot | null;
  /** Reads the function's row and metrics now (the end of a run); the last snapshot when it cannot. */
  refresh(): Promise<ServerSnapshot | null>;
  stop(): void;
}

const METRIC_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/;

/** The function's own series of a Prometheus text: counters and gauges by name, summaries as their count. */
export function functionMetrics(text: string, functionName: string): Record<string, number> {
  const wanted = `function="${functionName.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const metrics: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = METRIC_LINE.exec(line);
    if (!match) continue;
    const [, name, labels = '', value] = match;
    if (name!.startsWith('neosl_') || !labels.includes(wanted) || labels.includes('quantile=') || name!.endsWith('_sum')) continue;
    const number = Number(value);
    if (Number.isFinite(number)) metrics[name!.replace(/_count$/, '')] = number;
  }
  return metrics;
}

/** A function's row; an emulator that counts bench traffic apart gives that part as `bench`. */
type FunctionRow = FunctionSummary & { bench?: TrafficSummary };

function snapshotOf(row: FunctionRow, rssBytes: number, metrics: Record<string, number>): ServerSnapshot {
  // The bench's own requests when the emulator counts them apart (a `neosl dev` with traffic of its own).
  const traffic = row.bench ?? row;
  return {
    instances: row.instances,
    coldStarts: row.coldStarts,
    requests: traffic.requests,
    errors: traffic.errors,
    p50: traffic.p50,
    p99: traffic.p99,
    cacheHitRate: row.cache?.hitRate ?? null,
    rssBytes,
    metrics,
  };
}

export function monitorServer(baseUrl: string, functionName: string, events: EventEmitter<BenchEventMap>): ServerMonitor {
  let latest: ServerSnapshot | null = null;
  let metrics: Record<string, number> = {};
  let stopped = false;

  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/_neosl/events?types=metrics`);
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    let event: MetricsEvent;
    try {
      event = JSON.parse(String(data)) as MetricsEvent;
    } catch {
      return;
    }
    if (event.type !== 'metrics') return;
    const row: FunctionRow | undefined = event.functions.find((fn) => fn.name === functionName);
    if (row === undefined) return;
    latest = snapshotOf(row, event.rssBytes, metrics);
    events.emit('server', { type: 'server', server: latest });
  });

  let rssBytes = 0;
  const poll = async () => {
    try {
      const response = await fetch(`${baseUrl}/_neosl/metrics`, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) return;
      const text = await response.text();
      metrics = functionMetrics(text, functionName);
      rssBytes = Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? rssBytes);
      if (latest) latest = { ...latest, metrics };
    } catch {
      // Not a neosl emulator, or busy: the next poll tries again.
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), 1000);
  timer.unref();

  return {
    latest: () => latest,
    async refresh() {
      try {
        await poll();
        const response = await fetch(`${baseUrl}/_neosl/functions`, { signal: AbortSignal.timeout(2000) });
        if (!response.ok) return latest;
        const { functions } = (await response.json()) as { functions: FunctionRow[] };
        const row = functions.find((fn) => fn.name === functionName);
        if (row) latest = snapshotOf(row, rssBytes || latest?.rssBytes || 0, metrics);
      } catch {
        // Keep the last snapshot.
      }
      return latest;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      socket.terminate();
    },
  };
}
