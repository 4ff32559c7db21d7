// What one invocation's context records into: its logs, spans and metric updates go to the outbox
// tagged with the invocation, so that the host can hand a request its own logs and label events
// with the requestId; only the kinds the host is interested in leave the instance (EventInterest).
// Metric values are always aggregated into the outbox's deltas. The instance's registry still
// validates metric names and values, so that a bad call throws inside the function as it does
// under createTestContext.
import type { LogRecord, Metrics, Timer } from '../../sdk/context.js';
import type { MetricsRegistry } from '../../sdk/observability/metrics.js';
import type { SpanRecord } from '../../sdk/observability/tracer.js';
import type { EventInterest } from '../protocol.js';
import type { Outbox } from './outbox.js';

export class RequestScope implements Metrics {
  constructor(
    private readonly id: number,
    private readonly requestId: string,
    private readonly outbox: Outbox,
    private readonly registry: MetricsRegistry,
    /** The instance's current interest (changes while a request runs take effect at once). */
    private readonly interest: Readonly<EventInterest>,
  ) {}

  readonly onLog = (record: LogRecord): void => {
    if (this.interest.logs) this.outbox.push({ kind: 'log', id: this.id, record });
  };

  readonly onSpan = (span: SpanRecord): void => {
    if (this.interest.spans) this.outbox.push({ kind: 'span', id: this.id, requestId: this.requestId, span });
  };

  increment(name: string, value = 1): void {
    this.registry.increment(name, value);
    this.outbox.metricDeltas.increment(name, value);
    this.recorded('counter', name, value);
  }

  gauge(name: string, value: number): void {
    this.registry.gauge(name, value);
    this.outbox.metricDeltas.gauge(name, value);
    this.recorded('gauge', name, value);
  }

  histogram(name: string, value: number): void {
    this.registry.histogram(name, value);
    this.outbox.metricDeltas.histogram(name, value);
    this.recorded('histogram', name, value);
  }

  startTimer(): Timer {
    return this.registry.startTimer();
  }

  private recorded(metric: 'counter' | 'gauge' | 'histogram', name: string, value: number): void {
    if (this.interest.metrics) this.outbox.push({ kind: 'metric', id: this.id, requestId: this.requestId, metric, name, value });
    else this.outbox.metricRecorded();
  }
}
