// Plain-text pieces of the dashboard: one place decides how a time, a duration or a size reads.

/** `14:03:27`, local time, as a log prefix. */
export function formatClock(time: number): string {
  const date = new Date(time);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `0.4ms`, `12ms`, `1.3s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(1)}s`;
}

/** `52 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(0, Math.round(bytes / 1024))} KB`;
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Structured log fields as `key=value` pairs; strings unquoted when they need no quotes. */
export function formatFields(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    let text: string;
    if (typeof value === 'string') text = /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
    else {
      try {
        text = JSON.stringify(value) ?? String(value);
      } catch {
        text = String(value);
      }
    }
    parts.push(`${key}=${text}`);
  }
  return parts.join(' ');
}

/** `12,345`; fractions to two decimals: `0.25`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A rate in a few characters, for chart labels: `812`, `12.3k`, `1.2M`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '-';
  if (perSecond < 1000) return String(Math.round(perSecond));
  if (perSecond < 1_000_000) return `${(perSecond / 1000).toFixed(perSecond < 10_000 ? 1 : 0)}k`;
  return `${(perSecond / 1_000_000).toFixed(1)}M`;
}

/** A ratio 0…1 as `87%`; null (nothing measured yet) as `-`. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '-';
  return `${Math.round(ratio * 100)}%`;
}

/** `█████░░░░░`: `fraction` (clamped to 0…1) of `width` cells filled. */
export function formatProgressBar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const filled = Math.round(Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

const BAR_EIGHTHS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * Vertical bars, one column per value, `height` rows tall (top row first), in eighths of a row.
 * Scaled so `max` fills the column; a value above zero shows at least ▁, zero shows blank.
 */
export function formatBarChart(values: readonly number[], height: number, max = Math.max(0, ...values)): string[] {
  const rows = Math.max(1, Math.floor(height));
  const levels = values.map((value) => {
    if (!(value > 0) || !(max > 0)) return 0;
    return Math.max(1, Math.round((Math.min(value, max) / max) * rows * 8));
  });
  const lines: string[] = [];
  for (let row = rows - 1; row >= 0; row--) {
    lines.push(levels.map((level) => {
      const fill = Math.min(8, level - row * 8);
      return fill <= 0 ? ' ' : BAR_EIGHTHS[fill - 1];
    }).join(''));
  }
  return lines;
}

/** Whole seconds, as minutes and seconds past a minute: `45s`, `2m05s`. */
export function formatSeconds(ms: number): string {
  const total = Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
  if (total < 60) return `${total}s`;
  return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
}
