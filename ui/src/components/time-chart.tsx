// A uPlot line chart over time that follows its container's width and takes new data in place.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  /** A CSS colour. */
  stroke: string;
  /** The right-hand axis (milliseconds) instead of the left (per second). */
  right?: boolean;
}

interface TimeChartProps {
  title: string;
  series: ChartSeries[];
  /** [x (epoch seconds), ...one array per series]. */
  data: uPlot.AlignedData;
  height?: number;
  testId?: string;
  name?: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Canvas strokes take no CSS variables: `var(--name)` is read from the page's theme. */
function resolveColor(color: string): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(color);
  return variable ? cssVar(variable[1]!, '#888') : color;
}

export function TimeChart({ title, series, data, height = 200, testId, name }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const axisColor = cssVar('--muted', '#888');
    const gridColor = cssVar('--grid', 'rgba(128,128,128,0.2)');
    const axis = (scale: string, side: 0 | 1 = 0): uPlot.Axis => ({ scale, side: side === 1 ? 1 : 3, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } });
    const options: uPlot.Options = {
      title,
      width: Math.max(200, element.clientWidth),
      height,
      scales: { x: { time: true }, rate: { range: (_u, _min, max) => [0, Math.max(1, max)] }, ms: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [{ stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } }, axis('rate'), ...(series.some((s) => s.right) ? [axis('ms', 1)] : [])],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: resolveColor(s.stroke), width: 1.5, scale: s.right ? 'ms' : 'rate', points: { show: false } }))],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    };
    const chart = new uPlot(options, data, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is made once per series layout; data updates go through setData below.
  }, [title, height, series.map((s) => s.label).join('|')]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div class="chart" ref={box} data-testid={testId} data-function={name} />;
}
