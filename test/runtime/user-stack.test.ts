import { describe, expect, it } from 'vitest';
import { userStack } from '../../src/runtime/user-stack.js';

describe('userStack', () => {
  it("keeps the function's frames and drops neosl's own code and Node's internals", () => {
    const stack = [
      'RangeError: amount must be a number',
      '    at check (/home/me/app/functions/pay.ts:5:11)',
      '    at pay (/home/me/app/functions/pay.ts:10:3)',
      '    at invoke (/opt/neosl/dist/runtime/worker/entry.js:111:14)',
      '    at invoke (/opt/neosl/src/runtime/worker/entry.ts:111:14)',
      '    at MessagePort.<anonymous> (node:internal/per_context/messageport:23:28)',
      '    at [nodejs.internal.kHybridDispatch] (node:internal/event_target:831:20)',
    ].join('\n');
    expect(userStack(stack, '/opt/neosl')).toBe(
      'RangeError: amount must be a number\n    at check (/home/me/app/functions/pay.ts:5:11)\n    at pay (/home/me/app/functions/pay.ts:10:3)',
    );
  });

  it('keeps frames of a project that lives inside the neosl folder but outside its code', () => {
    const stack = 'Error: x\n    at f (/opt/neosl/test/fixtures/app/f.mjs:1:1)';
    expect(userStack(stack, '/opt/neosl')).toBe(stack);
  });
});
