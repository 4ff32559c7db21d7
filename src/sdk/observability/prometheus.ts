// The Prometheus text exposition format (version 0.0.4) for metrics snapshots.
import type { MetricsSnapshot } from '../context.js';

/** `cache.l1.hit` → `cache_l1_hit`; Prometheus names are [a-zA-Z_:][a-zA-Z0-9_:]*. */
export function prometheusName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Record<string, string>, extra?: Record<string, string>): string {
  const all = { ...labels, ...extra };
  const parts = Object.entries(all).map(([key, value]) => `${prometheusName(key)}="${escapeLabel(value)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export interface LabelledSnapshot {
  labels: Record<string, string>;
  snapshot: MetricsSnapshot;
}

/**
 * One exposition for several snapshots (e.g. one per function, labelled function="…"); each metric
 * name gets its TYPE line once. Counters end in _total; histograms are exported as summaries.
 */
export function toPrometheusText(sources: LabelledSnapshot[], prefix = ''): string {
  const families = new Map<string, { type: string; lines: string[] }>();
  const family = (name: string, type: string) => {
    let entry = families.get(name);
    if (!entry) families.set(name, (entry = { type, lines: [] }));
    return entry;
  };
  for (const { labels, snapshot } of sources) {
    for (const [name, value] of Object.entries(snapshot.counters)) {
      const metric = `${prefix}${prometheusName(name)}_total`;
      family(metric, 'counter').lines.push(`${metric}${labelText(labels)} ${number(value)}`);
    }
    for (const [name, value] of Object.entries(snapshot.gauges)) {
      const metric = `${prefix}${prometheusName(name)}`;
      family(metric, 'gauge').lines.push(`${metric}${labelText(labels)} ${number(value)}`);
    }
    for (const [name, summary] of Object.entries(snapshot.histograms)) {
      const metric = `${prefix}${prometheusName(name)}`;
      const lines = family(metric, 'summary').lines;
      for (const [quantile, value] of [['0.5', summary.p50], ['0.9', summary.p90], ['0.99', summary.p99]] as const) {
        lines.push(`${metric}${labelText(labels, { quantile })} ${number(value)}`);
      }
      lines.push(`${metric}_sum${labelText(labels)} ${number(summary.sum)}`);
      lines.push(`${metric}_count${labelText(labels)} ${number(summary.count)}`);
    }
  }
  let text = '';
  for (const [name, { type, lines }] of families) text += `# TYPE ${name} ${type}\n${lines.join('\n')}\n`;
  return text;
}
