// An emulator error answer keeps the contract's shape, {"error": {"code", "message", "details"}}, with
// details one level deep: what a function attached to its error is not wrapped in details.details.
import { describe, expect, it } from 'vitest';
import { errorJson, invocationErrorAnswer } from '../../src/emulator/errors.js';
import { describeThrown } from '../../src/runtime/describe-error.js';
import { NeoError } from '../../src/sdk/neo-error.js';

const answerFor = (thrown: unknown) => JSON.parse(errorJson(invocationErrorAnswer(describeThrown(thrown)))) as { error: Record<string, unknown> & { details: Record<string, unknown> } };

describe('error details', () => {
  it("put a NeoError's details beside its name and stack", () => {
    const { error } = answerFor(new NeoError('NOT_FOUND', 'no such block', { index: 5, searched: ['cache', 'chain'] }));
    expect(Object.keys(error)).toEqual(['code', 'message', 'details']);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'no such block', details: { name: 'NeoError', index: 5, searched: ['cache', 'chain'] } });
    expect(error.details.stack).toEqual(expect.stringContaining('no such block'));
    expect(error.details).not.toHaveProperty('details');
  });

  it("let the function's own keys win, and keep details that are not an object as value", () => {
    expect(answerFor(new NeoError('CONFLICT', 'taken', { name: 'alice' })).error.details).toMatchObject({ name: 'alice' });
    expect(answerFor(new NeoError('INVALID_INPUT', 'bad', ['amount', 'to'])).error.details).toMatchObject({ name: 'NeoError', value: ['amount', 'to'] });
    expect(answerFor(new NeoError('INVALID_INPUT', 'bad', 'amount')).error.details).toMatchObject({ value: 'amount' });
    expect(answerFor(new Error('plain')).error.details).toEqual({ name: 'Error', stack: expect.any(String) });
  });
});
