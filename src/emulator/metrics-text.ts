// GET /_neosl/metrics: the functions' own metrics labelled function="…", then the emulator's
// (requests by function and status, instances, cold starts, cache hits and misses by level, process
// memory), in Prometheus text.
import type { CacheStats } from '../runtime/types.js';
import type { MetricsSnapshot } from '../sdk/context.js';
import { toPrometheusText } from '../sdk/observability/prometheus.js';

export interface EmulatorMetrics {
  /** function → status → count. */
  requests: Map<string, Map<number, number>>;
  functions: {
    name: string;
    snapshot?: MetricsSnapshot;
    instances: number;
    coldStarts: number;
    version: number;
    /** Cache reads by level; absent (counted as none) for a function that never served. */
    cacheReads?: CacheStats;
  }[];
}

const LEVELS = ['memory', 'redis'] as const;

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function metricsText(metrics: EmulatorMetrics): string {
  const own = toPrometheusText(metrics.functions.filter((fn) => fn.snapshot).map((fn) => ({ labels: { function: fn.name }, snapshot: fn.snapshot! })));
  const lines: string[] = [];
  lines.push('# HELP neosl_requests_total Requests answered by the emulator, by function and status.', '# TYPE neosl_requests_total counter');
  for (const [name, byStatus] of metrics.requests) for (const [status, count] of byStatus) lines.push(`neosl_requests_total{function="${label(name)}",status="${status}"} ${count}`);
  lines.push('# HELP neosl_function_instances Live instances of each function.', '# TYPE neosl_function_instances gauge');
  for (const fn of metrics.functions) lines.push(`neosl_function_instances{function="${label(fn.name)}"} ${fn.instances}`);
  lines.push('# HELP neosl_function_cold_starts_total Invocations that waited for a new instance.', '# TYPE neosl_function_cold_starts_total counter');
  for (const fn of metrics.functions) lines.push(`neosl_function_cold_starts_total{function="${label(fn.name)}"} ${fn.coldStarts}`);
  lines.push('# HELP neosl_function_version Version serving (reloads since start).', '# TYPE neosl_function_version gauge');
  for (const fn of metrics.functions) lines.push(`neosl_function_version{function="${label(fn.name)}"} ${fn.version}`);
  lines.push('# HELP neosl_cache_hits_total Cache reads (get, has) that found the key, by function and level.', '# TYPE neosl_cache_hits_total counter');
  for (const fn of metrics.functions) {
    for (const level of LEVELS) lines.push(`neosl_cache_hits_total{function="${label(fn.name)}",level="${level}"} ${fn.cacheReads?.[level].hits ?? 0}`);
  }
  lines.push('# HELP neosl_cache_misses_total Cache reads (get, has) that found the key absent or expired, by function and level.', '# TYPE neosl_cache_misses_total counter');
  for (const fn of metrics.functions) {
    for (const level of LEVELS) lines.push(`neosl_cache_misses_total{function="${label(fn.name)}",level="${level}"} ${fn.cacheReads?.[level].misses ?? 0}`);
  }
  const memory = process.memoryUsage();
  lines.push('# HELP process_resident_memory_bytes Resident memory of the emulator process.', '# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${memory.rss}`);
  lines.push('# HELP nodejs_heap_used_bytes V8 heap used by the emulator process.', '# TYPE nodejs_heap_used_bytes gauge', `nodejs_heap_used_bytes ${memory.heapUsed}`);
  return `${own}${own && !own.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`;
}
