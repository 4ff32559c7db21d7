import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultReport } from '../../src/host/fault-report.js';
import { RequestStats } from '../../src/host/request-stats.js';
import { describeFault, type FaultEvent } from '../../src/runtime/fault.js';
import { outOfMemoryError, unhandledError } from '../../src/runtime/errors.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

function fault(partial: Omit<FaultEvent, 'message' | 'functionName' | 'version' | 'instanceId'>): FaultEvent {
  const event = { functionName: 'late', version: 1, instanceId: 7, ...partial };
  return { ...event, message: describeFault(event) };
}

describe('faultReport', () => {
  const project = makeTempDir('neosl-fault-report-');
  mkdirSync(join(project, 'functions'));
  writeFileSync(join(project, 'functions', 'late.ts'), "function explode(): never {\n  throw new Error('late');\n}\n");

  it('an uncaught exception: the error located at the first frame with its code frame, the stack relative, a log line with the frames', () => {
    const stack = `Error: late\n    at explode (${project}/functions/late.ts:2:9)\n    at Timeout._onTimeout (file://${project}/functions/late.ts:8:48)`;
    const report = faultReport(fault({ error: unhandledError('late', 'uncaughtException', { name: 'Error', message: 'late', stack }), failedRequests: 0, replacement: 'next-request' }), project, 1000);
    expect(report.error).toEqual({
      type: 'error',
      time: 1000,
      functionName: 'late',
      code: 'UNHANDLED_ERROR',
      message: 'late: an uncaught exception ended the instance: Error: late. This happened outside any request (after its answer was sent); the next request starts a new instance.',
      stack: 'Error: late\n    at explode (functions/late.ts:2:9)\n    at Timeout._onTimeout (functions/late.ts:8:48)',
      diagnostics: [{ message: 'Error: late', location: { file: 'functions/late.ts', line: 2, column: 9, lineText: "  throw new Error('late');" } }],
    });
    expect(report.log.record).toMatchObject({
      level: 'error',
      functionName: 'late',
      requestId: '',
      message: 'uncaught Error: late (outside any request; the instance was ended)\n    at explode (functions/late.ts:2:9)\n    at Timeout._onTimeout (functions/late.ts:8:48)',
      fields: { code: 'UNHANDLED_ERROR', instance: 7 },
    });
  });

  it('an unhandled rejection with requests in flight, and a new instance started', () => {
    const event = fault({ error: unhandledError('late', 'unhandledRejection', { name: 'TypeError', message: 'x' }), failedRequests: 2, replacement: 'started' });
    expect(event.message).toBe('late: an unhandled promise rejection ended the instance: TypeError: x. 2 requests in flight on it answered 502; a new instance was started.');
    const report = faultReport(event, project, 1);
    expect(report.error.diagnostics).toBeUndefined();
    expect(report.log.record.message).toBe('unhandled rejection TypeError: x (the instance was ended)');
  });

  it('memory: no stack, the log line says what ended it', () => {
    const report = faultReport(fault({ error: outOfMemoryError('late', 64, { heapBytes: 5 << 20, externalBytes: 170 << 20 }), failedRequests: 0, replacement: 'others' }), project, 1);
    expect(report.error.message).toBe(
      'late: the instance exceeded memory limit of 64 MB (JS heap 5 MB + Buffers/ArrayBuffers 170 MB) and was stopped (`memory` in neosl.yaml). This happened outside any request (after its answer was sent); its other instances keep serving.',
    );
    expect(report.log.record.message).toBe('the instance exceeded memory limit of 64 MB (JS heap 5 MB + Buffers/ArrayBuffers 170 MB) and was stopped (`memory` in neosl.yaml) (outside any request)');
  });
});

describe('RequestStats', () => {
  it('counts a fault outside a request as an error of the function', () => {
    const stats = new RequestStats();
    stats.record(5, false);
    stats.record(5, true);
    stats.recordFault();
    expect(stats).toMatchObject({ requests: 2, errors: 2, faults: 1 });
  });
});
