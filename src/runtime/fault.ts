// An instance the function ended: an exception no code caught or a rejection no code handled (often
// in a timer after the answer was sent), process.exit, its memory limit. Requests it held have their
// own 502 answers; this event is what tells the user about the instance itself, above all when no
// request was there to carry the news. (A busy loop the host terminates after a timeout is reported
// by that request's 504, not here.)
import type { InvocationError } from './types.js';

/** What serves the function's next request after the fault. */
export type FaultReplacement =
  /** A new instance was started at once (minInstances keeps some warm, or requests were queued). */
  | 'started'
  /** Other instances of the function are running. */
  | 'others'
  /** None is left: the next request waits for a new one (a cold start). */
  | 'next-request'
  /** The instance belonged to a version being replaced by a newer one, which serves. */
  | 'newer-version';

export interface FaultEvent {
  functionName: string;
  version: number;
  instanceId: number;
  /**
   * What ended it: UNHANDLED_ERROR (name, message and source-mapped stack of what was thrown;
   * details.origin 'uncaughtException' or 'unhandledRejection'), OUT_OF_MEMORY or INSTANCE_CRASHED.
   */
  error: InvocationError;
  /** Requests it held, answered 502; 0: the fault happened outside any request (after its answer). */
  failedRequests: number;
  replacement: FaultReplacement;
  /** One line for people: what ended the instance, when, and what serves next. */
  message: string;
}

export type FaultEventMap = { fault: [FaultEvent] };

const replacementText: Record<FaultReplacement, string> = {
  started: 'a new instance was started',
  others: 'its other instances keep serving',
  'next-request': 'the next request starts a new instance',
  'newer-version': 'its newer version keeps serving',
};

/** One sentence: what ended it (the error's message without its `function "name": ` prefix), when, and what serves next. */
export function describeFault(event: Omit<FaultEvent, 'message'>): string {
  const { functionName, error, failedRequests } = event;
  const prefix = `function "${functionName}": `;
  const what = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const when =
    failedRequests === 0
      ? 'This happened outside any request (after its answer was sent)'
      : `${failedRequests} request${failedRequests === 1 ? '' : 's'} in flight on it answered 502`;
  return `${functionName}: ${what}. ${when}; ${replacementText[event.replacement]}.`;
}
