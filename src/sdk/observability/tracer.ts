// context.tracer: spans with parent/child links and attributes, one trace per request. Ended spans
// go to a sink (the test context's list, or the host's event stream).
import { newSpanId, newTraceId } from './random-ids.js';
import type { AttributeValue, Span, SpanOptions, SpanStatus, Tracer } from '../context.js';

export interface SpanRecord {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** Epoch ms. */
  startTime: number;
  durationMs: number;
  attributes: Record<string, AttributeValue>;
  status: SpanStatus;
  statusMessage?: string;
}

export type SpanSink = (span: SpanRecord) => void;

export { newTraceId };

class RecordingSpan implements Span {
  readonly spanId = newSpanId();
  private readonly started = performance.now();
  private readonly startTime = Date.now();
  private readonly attributes: Record<string, AttributeValue> = {};
  private status: SpanStatus = 'unset';
  private statusMessage?: string;
  private duration?: number;

  constructor(
    readonly name: string,
    readonly traceId: string,
    readonly parentSpanId: string | undefined,
    private readonly sink: SpanSink,
    attributes?: Record<string, AttributeValue>,
  ) {
    if (attributes) for (const [key, value] of Object.entries(attributes)) this.setAttribute(key, value);
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.duration === undefined) this.attributes[String(key)] = value;
    return this;
  }

  setStatus(status: SpanStatus, message?: string): this {
    this.status = status;
    this.statusMessage = message;
    return this;
  }

  /** Ends once; later calls return the same duration. */
  end(): number {
    if (this.duration !== undefined) return this.duration;
    this.duration = performance.now() - this.started;
    this.sink({
      name: this.name,
      traceId: this.traceId,
      spanId: this.spanId,
      ...(this.parentSpanId ? { parentSpanId: this.parentSpanId } : {}),
      startTime: this.startTime,
      durationMs: this.duration,
      attributes: { ...this.attributes },
      status: this.status,
      ...(this.statusMessage !== undefined ? { statusMessage: this.statusMessage } : {}),
    });
    return this.duration;
  }
}

export function createTracer(options: { traceId: string; sink: SpanSink }): Tracer {
  return {
    startSpan(name: string, spanOptions?: SpanOptions): Span {
      const parent = spanOptions?.parent;
      if (parent !== undefined && (typeof parent !== 'object' || typeof parent.spanId !== 'string')) {
        throw new TypeError(`startSpan("${name}"): parent must be a span returned by startSpan`);
      }
      return new RecordingSpan(String(name), parent?.traceId ?? options.traceId, parent?.spanId, options.sink, spanOptions?.attributes);
    },
  };
}
