// A histogram that keeps exact count/sum/min/max and the most recent samples (a bounded window)
// for p50/p90/p99, so that a long dev session neither grows without bound nor reports stale tails.
import type { HistogramSummary } from '../context.js';

export class Histogram {
  private readonly window: Float64Array;
  private next = 0;
  private filled = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(windowSize = 2048) {
    this.window = new Float64Array(windowSize);
  }

  record(value: number): void {
    this.window[this.next] = value;
    this.next = (this.next + 1) % this.window.length;
    if (this.filled < this.window.length) this.filled++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  summary(): HistogramSummary {
    if (this.count === 0) return { count: 0, sum: 0, min: 0, max: 0, p50: 0, p90: 0, p99: 0 };
    const sorted = this.window.slice(0, this.filled).sort();
    // Nearest rank over the window.
    const at = (q: number) => sorted[Math.min(this.filled - 1, Math.max(0, Math.ceil(q * this.filled) - 1))]!;
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
  }
}
