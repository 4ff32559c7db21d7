// A function's return value leaves the instance by structured clone, but it is answered as JSON:
// what JSON cannot carry (BigInt, functions, symbols, cycles) is reported here with its path, and
// values JSON would reshape (objects with toJSON other than Date) are flagged for a JSON copy. One
// walk, no copy, no JSON text on the common path.
import { runtimeError } from '../errors.js';
import type { InvocationError } from '../types.js';

export type SendCheck = { ok: true; needsJsonCopy: boolean } | { ok: false; problem: string };

const OK_AS_IS: SendCheck = { ok: true, needsJsonCopy: false };
const OK_AFTER_COPY: SendCheck = { ok: true, needsJsonCopy: true };

function formatPath(path: readonly (string | number)[], upTo = path.length): string {
  let text = 'result';
  for (let i = 0; i < upTo; i++) {
    const key = path[i]!;
    text += typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return text;
}

class Walker {
  readonly path: (string | number)[] = [];
  readonly ancestors: object[] = [];
  needsJsonCopy = false;

  /** The problem with `value`, or undefined. */
  walk(value: unknown): string | undefined {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'undefined':
        return undefined;
      case 'bigint':
        return `${formatPath(this.path)} is a BigInt (${value}n): return it as a string or a number`;
      case 'function':
        return `${formatPath(this.path)} is a function${value.name ? ` (${value.name})` : ''}`;
      case 'symbol':
        return `${formatPath(this.path)} is a symbol (${value.toString()})`;
    }
    if (value === null) return undefined;
    const object = value as object;
    const seenAt = this.ancestors.indexOf(object);
    if (seenAt !== -1) return `${formatPath(this.path)} is a circular reference to ${formatPath(this.path, seenAt)}`;
    if (object instanceof Date || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return undefined;
    if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
      this.needsJsonCopy = true;
      const key = this.path.length ? String(this.path[this.path.length - 1]) : '';
      this.ancestors.push(object);
      try {
        return this.walk((object as { toJSON(key: string): unknown }).toJSON(key));
      } finally {
        this.ancestors.pop();
      }
    }
    this.ancestors.push(object);
    try {
      if (Array.isArray(object)) {
        for (let i = 0; i < object.length; i++) {
          this.path.push(i);
          const problem = this.walk(object[i]);
          this.path.pop();
          if (problem) return problem;
        }
        return undefined;
      }
      for (const key of Object.keys(object)) {
        this.path.push(key);
        const problem = this.walk((object as Record<string, unknown>)[key]);
        this.path.pop();
        if (problem) return problem;
      }
      return undefined;
    } finally {
      this.ancestors.pop();
    }
  }
}

export function checkSendable(value: unknown): SendCheck {
  // The common shapes first: nothing to walk.
  if (value === null || (typeof value !== 'object' && typeof value !== 'bigint' && typeof value !== 'function' && typeof value !== 'symbol')) return OK_AS_IS;
  const walker = new Walker();
  let problem: string | undefined;
  try {
    problem = walker.walk(value);
  } catch (error) {
    problem = error instanceof RangeError ? 'it is nested too deeply' : `reading it threw: ${(error as Error)?.message ?? String(error)}`;
  }
  if (problem !== undefined) return { ok: false, problem };
  return walker.needsJsonCopy ? OK_AFTER_COPY : OK_AS_IS;
}

/** What JSON makes of a value (the answer's shape when structured clone would differ or refuse). */
export function jsonCopy(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** The error a request answers when its return value cannot be sent: `problem` says where and why. */
export function unsendableError(problem: string): InvocationError {
  return runtimeError('UNSERIALIZABLE_RESULT', `the function returned a value that cannot be sent as JSON: ${problem}`);
}
