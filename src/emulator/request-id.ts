// Request ids that cost nothing per request: a random prefix drawn once per process and a counter,
// shaped like a UUID (8-4-4-4-12 lowercase hex, version 4 and variant bits set) so that the
// `x-neosl-request-id` users and their log tools already parse keeps its form. The prefix (74 random
// bits) keeps two processes' ids apart; the counter (48 bits) keeps one process's ids unique.
// A client's `x-request-id` is not taken over: the host keys a canary's requests by their id, so
// an id must be unique, and one a client picks need not be.
import { randomBytes } from 'node:crypto';

const COUNTER_DIGITS = 12;
const COUNTER_LIMIT = 16 ** COUNTER_DIGITS;

/** `xxxxxxxx-xxxx-4xxx-Vxxx-` from fresh random bytes (V: 8, 9, a or b). */
function randomPrefix(): string {
  const hex = randomBytes(12).toString('hex');
  const variant = ((parseInt(hex[15]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-${variant}${hex.slice(16, 19)}-`;
}

export interface RequestIds {
  /** The id of the next request: unique in this process, distinct from other processes'. */
  next(): string;
  /** The per-process part every id of this source starts with. */
  readonly prefix: string;
}

export function createRequestIds(): RequestIds {
  let prefix = randomPrefix();
  let counter = 0;
  const next = (): string => {
    // After 2^48 ids a new prefix, rather than a repeat.
    if (++counter >= COUNTER_LIMIT) {
      prefix = randomPrefix();
      counter = 1;
    }
    return prefix + counter.toString(16).padStart(COUNTER_DIGITS, '0');
  };
  return {
    next,
    get prefix() {
      return prefix;
    },
  };
}
