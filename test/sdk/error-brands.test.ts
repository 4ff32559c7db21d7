// NeoError and PermissionDeniedError are told by a registered brand: a function's bundle has its own
// copy of the SDK, and an error made by the runtime's copy must still pass `instanceof`.
import { describe, expect, it } from 'vitest';
import { NeoError } from '../../src/sdk/neo-error.js';
import { PermissionDeniedError } from '../../src/sdk/permissions.js';

/** An error as another copy of the SDK would make it: a prototype of its own, carrying the brand. */
function fromAnotherCopy(brands: string[]): Error {
  const prototype = Object.create(Error.prototype) as object;
  for (const brand of brands) Object.defineProperty(prototype, Symbol.for(brand), { value: true });
  return Object.assign(Object.create(prototype) as Error, { message: 'm', code: 'PERMISSION_DENIED' });
}

describe('error brands', () => {
  it('instanceof holds across copies of the SDK', () => {
    expect(fromAnotherCopy(['neosl.NeoError']) instanceof NeoError).toBe(true);
    expect(fromAnotherCopy(['neosl.NeoError']) instanceof PermissionDeniedError).toBe(false);
    const denied = fromAnotherCopy(['neosl.NeoError', 'neosl.PermissionDeniedError']);
    expect(denied instanceof PermissionDeniedError).toBe(true);
    expect(denied instanceof NeoError).toBe(true);
    expect(new Error('plain') instanceof NeoError).toBe(false);
  });

  it("keeps plain instanceof for the user's own subclasses", () => {
    class OrderError extends NeoError {}
    expect(new OrderError('X', 'y') instanceof OrderError).toBe(true);
    expect(new NeoError('X', 'y') instanceof OrderError).toBe(false);
    expect(new PermissionDeniedError('f', 'secrets:read', 'context.secrets.get()') instanceof NeoError).toBe(true);
  });
});
