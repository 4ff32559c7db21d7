// What one invocation's context records into: its logs, spans and metric updates go to the event
// batch tagged with the invocation, so that the host can hand a request its own logs and label
// events with the requestId. The instance's registry still validates metric names and values, so
// that a bad call throws inside the function as it does under createTestContext.
import type { LogRecord, Metrics, Timer } from '../../sdk/context.js';
import type { MetricsRegistry } from '../../sdk/observability/metrics.js';
import type { SpanRecord } from '../../sdk/observability/tracer.js';
import type { EventBatch } from './event-batch.js';

export class RequestScope implements Metrics {
  constructor(
    private readonly id: number,
    private readonly requestId: string,
    private readonly batch: EventBatch,
    private readonly registry: MetricsRegistry,
  ) {}

  readonly onLog = (record: LogRecord): void => {
    this.batch.push({ kind: 'log', id: this.id, record });
  };

  readonly onSpan = (span: SpanRecord): void => {
    this.batch.push({ kind: 'span', id: this.id, requestId: this.requestId, span });
  };

  increment(name: string, value = 1): void {
    this.registry.increment(name, value);
    this.batch.push({ kind: 'metric', id: this.id, requestId: this.requestId, metric: 'counter', name, value });
  }

  gauge(name: string, value: number): void {
    this.registry.gauge(name, value);
    this.batch.push({ kind: 'metric', id: this.id, requestId: this.requestId, metric: 'gauge', name, value });
  }

  histogram(name: string, value: number): void {
    this.registry.histogram(name, value);
    this.batch.push({ kind: 'metric', id: this.id, requestId: this.requestId, metric: 'histogram', name, value });
  }

  startTimer(): Timer {
    return this.registry.startTimer();
  }
}
