import { describe, expect, it } from 'vitest';
import { bodyTooLarge, errorJson, invocationErrorAnswer, methodNotAllowed, unknownFunction } from '../../src/emulator/errors.js';
import { RateLimiter } from '../../src/emulator/rate-limit.js';
import type { InvocationError } from '../../src/runtime/index.js';

const failure = (code: string, statusCode: number, extra: Partial<InvocationError> = {}): InvocationError => ({ name: 'Error', message: 'm', code, statusCode, ...extra });

describe('error answers', () => {
  it('maps the runtime error codes to their statuses', () => {
    expect(invocationErrorAnswer(failure('FUNCTION_ERROR', 500)).status).toBe(500);
    expect(invocationErrorAnswer(failure('INSTANCE_CRASHED', 502)).status).toBe(502);
    expect(invocationErrorAnswer(failure('OUT_OF_MEMORY', 502)).status).toBe(502);
    expect(invocationErrorAnswer(failure('TIMEOUT', 504)).status).toBe(504);
    expect(invocationErrorAnswer(failure('RUNTIME_CLOSED', 503)).status).toBe(503);
    expect(invocationErrorAnswer(failure('NOT_FOUND', 404)).status).toBe(404);
    expect(invocationErrorAnswer(failure('WEIRD', 200)).status).toBe(500);
  });

  it('puts the name and the (runtime-trimmed) stack in details', () => {
    const stack = 'RangeError: m\n    at check (/p/functions/a.ts:5:11)';
    const answer = invocationErrorAnswer(failure('FUNCTION_ERROR', 500, { name: 'RangeError', stack }));
    expect(answer.details).toEqual({ name: 'RangeError', stack });
  });

  it('writes {"error": {code, message, details}} and the Allow header', () => {
    expect(JSON.parse(errorJson(bodyTooLarge(10)))).toEqual({ error: { code: 'BODY_TOO_LARGE', message: expect.stringContaining('10 bytes'), details: { limitBytes: 10 } } });
    expect(methodNotAllowed('PUT', '/x', ['GET', 'POST'])).toMatchObject({ status: 405, headers: { allow: 'GET, POST' } });
    expect(unknownFunction('nope', ['a', 'b'])).toMatchObject({ status: 404, details: { known: ['a', 'b'] } });
  });
});

describe('RateLimiter', () => {
  it('allows max requests per window per client, then says how long to wait', () => {
    const limiter = new RateLimiter({ max: 2, windowMs: 10_000, message: 'slow down' });
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 1)).toBe(0);
    expect(limiter.take('a', 2)).toBe(10);
    expect(limiter.take('b', 2)).toBe(0);
    expect(limiter.take('a', 10_000)).toBe(0);
  });
});
