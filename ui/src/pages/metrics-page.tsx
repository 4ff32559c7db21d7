// Per function, over the last five minutes of `metrics` events: requests and errors per second
// (left axis) and p50/p99 latency in milliseconds (right axis).
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { TimeChart, type ChartSeries } from '../components/time-chart.js';
import type { ConsoleState } from '../state/console-store.js';
import type { MetricsSample } from '../state/metrics-history.js';

const SERIES: ChartSeries[] = [
  { label: 'req/s', stroke: 'var(--accent)' },
  { label: 'errors/s', stroke: 'var(--bad)' },
  { label: 'p50 ms', stroke: 'var(--ok)', right: true },
  { label: 'p99 ms', stroke: 'var(--warn)', right: true },
];

function chartData(samples: readonly MetricsSample[]): uPlot.AlignedData {
  return [samples.map((s) => s.time), samples.map((s) => s.rps), samples.map((s) => s.errorsPerSecond), samples.map((s) => s.p50), samples.map((s) => s.p99)];
}

function FunctionChart({ name, samples }: { name: string; samples: readonly MetricsSample[] }) {
  const data = useMemo(() => chartData(samples), [samples]);
  return <TimeChart title={name} series={SERIES} data={data} testId="metrics-chart" name={name} />;
}

export function MetricsPage({ state }: { state: ConsoleState }) {
  if (!state.functionsLoaded) return <p class="muted">Loading functions…</p>;
  return (
    <section>
      <h2>Metrics</h2>
      <p class="muted">The last five minutes while this page is open, one point a second.</p>
      {state.functions.length === 0 ? <p class="muted">This project has no functions yet.</p> : null}
      <div class="charts">
        {state.functions.map((fn) => (
          <FunctionChart key={fn.name} name={fn.name} samples={state.history[fn.name]?.samples ?? []} />
        ))}
      </div>
    </section>
  );
}
