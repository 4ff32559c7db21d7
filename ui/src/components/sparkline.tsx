// A small SVG line of recent values (the functions page's req/s): cheaper than a chart per row.

interface SparklineProps {
  values: readonly number[];
  width?: number;
  height?: number;
  label: string;
}

export function Sparkline({ values, width = 96, height = 22, label }: SparklineProps) {
  const shown = values.slice(-60);
  const max = Math.max(1e-9, ...shown);
  const step = shown.length > 1 ? width / (shown.length - 1) : 0;
  const points = shown.map((value, index) => `${(index * step).toFixed(1)},${(height - 1 - (value / max) * (height - 2)).toFixed(1)}`).join(' ');
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {shown.length > 1 ? <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" /> : null}
    </svg>
  );
}
