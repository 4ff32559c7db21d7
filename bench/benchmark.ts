// What a benchmark of the performance suite reports: a measurement of ours against a baseline
// measured in the same run, as a ratio, with the target it aims at.

export interface Measurement {
  label: string;
  value: number;
  unit: string;
}

export interface BenchmarkResult {
  name: string;
  ours: Measurement;
  baseline: Measurement;
  /**
   * 'lower': ours/baseline should stay under target (times). 'higher': over it (throughput).
   * 'equal': within target of 1 either way (a measurement that should agree with another).
   */
  better: 'lower' | 'higher' | 'equal';
  target?: number;
  /**
   * When ours and the baseline were measured in pairs (alternating reps): the median of the reps'
   * ratios, which the line reports and the target judges instead of the ratio of the two medians
   * (a drift that hits a pair alike cancels out of its ratio, not out of the medians).
   */
  pairedRatio?: number;
  notes?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchmarkResult[]>;
}

export function ratioOf(result: BenchmarkResult): number {
  return result.pairedRatio ?? result.ours.value / result.baseline.value;
}

export function meetsTarget(result: BenchmarkResult): boolean | undefined {
  if (result.target === undefined) return undefined;
  const ratio = ratioOf(result);
  if (result.better === 'equal') return Math.abs(ratio - 1) <= result.target;
  return result.better === 'lower' ? ratio <= result.target : ratio >= result.target;
}

function formatValue(measurement: Measurement): string {
  const digits = measurement.value >= 100 ? 0 : measurement.value >= 10 ? 1 : 2;
  return `${measurement.value.toFixed(digits)} ${measurement.unit}`;
}

export function formatResult(result: BenchmarkResult): string {
  const ratio = ratioOf(result);
  const aim = result.better === 'equal' ? `within ±${Math.round((result.target ?? 0) * 100)}%` : `${result.better === 'lower' ? '≤' : '≥'} ${result.target?.toFixed(2)}x`;
  const target = result.target === undefined ? '' : ` (target ${aim}: ${meetsTarget(result) ? 'met' : 'MISSED'})`;
  const notes = result.notes ? `  [${result.notes}]` : '';
  const paired = result.pairedRatio === undefined ? '' : ' (paired median)';
  return `${result.name}: ${result.ours.label} ${formatValue(result.ours)} vs ${result.baseline.label} ${formatValue(result.baseline)} = ${ratio.toFixed(2)}x${paired}${target}${notes}`;
}
