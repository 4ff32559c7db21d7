import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../src/sdk/context.js';
import { createLogger } from '../../../src/sdk/observability/logger.js';
import { createTracer, type SpanRecord } from '../../../src/sdk/observability/tracer.js';

describe('context.logger', () => {
  it('writes structured records with level, time, requestId and fields', () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ requestId: 'r-1', functionName: 'hello', sink: (record) => records.push(record) });
    const before = Date.now();
    logger.warn('Slow operation detected', { duration: 250 });
    expect(records).toEqual([
      { level: 'warn', message: 'Slow operation detected', time: expect.any(Number), requestId: 'r-1', functionName: 'hello', fields: { duration: 250 } },
    ]);
    expect(records[0]!.time).toBeGreaterThanOrEqual(before);
  });

  it('keeps an Error given as a field, and never throws on BigInt or cycles', () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ requestId: 'r', functionName: 'f', sink: (record) => records.push(record) });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    logger.error('WebSocket error', { url: 'ws://x', error: new Error('refused'), big: 10n, cyclic });
    const fields = records[0]!.fields as { error: { message: string; stack: string }; big: string; cyclic: { self: string } };
    expect(fields.error.message).toBe('refused');
    expect(fields.error.stack).toContain('refused');
    expect(fields.big).toBe('10');
    expect(fields.cyclic.self).toBe('[Circular]');
    expect(() => JSON.stringify(records)).not.toThrow();
  });

  it('drops records under the minimum level', () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ requestId: 'r', functionName: 'f', sink: (record) => records.push(record), minLevel: 'info' });
    logger.debug('noise');
    logger.info('kept');
    expect(records.map((record) => record.message)).toEqual(['kept']);
  });
});

describe('context.tracer', () => {
  it('nests child spans under their parent within one trace, with attributes and durations', () => {
    const spans: SpanRecord[] = [];
    const tracer = createTracer({ traceId: 'trace-1', sink: (span) => spans.push(span) });
    const root = tracer.startSpan('processRequest', { attributes: { route: '/hello' } });
    const child = tracer.startSpan('database.query', { parent: root });
    const grandchild = tracer.startSpan('sqlite.step', { parent: child }).setAttribute('rows', 3);
    grandchild.end();
    child.setStatus('error', 'boom').end();
    const rootDuration = root.end();
    expect(root.end()).toBe(rootDuration);
    expect(spans.map((span) => span.name)).toEqual(['sqlite.step', 'database.query', 'processRequest']);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(['trace-1']));
    expect(spans[0]!.parentSpanId).toBe(child.spanId);
    expect(spans[1]!.parentSpanId).toBe(root.spanId);
    expect(spans[2]!.parentSpanId).toBeUndefined();
    expect(spans[0]!.attributes).toEqual({ rows: 3 });
    expect(spans[1]).toMatchObject({ status: 'error', statusMessage: 'boom' });
    expect(spans[2]!.durationMs).toBeGreaterThanOrEqual(spans[1]!.durationMs);
  });

  it('refuses a parent that is not a span', () => {
    const tracer = createTracer({ traceId: 't', sink: () => {} });
    expect(() => tracer.startSpan('x', { parent: {} as never })).toThrow(/parent must be a span/);
  });
});
